"""The data step of the migration that moved slides out of the public media folder."""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from reviews.slides import slides_storage
from tests.factories import ReviewFactory

migration = importlib.import_module("reviews.migrations.0003_slides_private_storage")

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_with_public_slides():
    review = ReviewFactory(slides="slides/2026/11/abc.pdf")
    default_storage.save("slides/2026/11/abc.pdf", ContentFile(b"%PDF-1.4 talk"))
    return review


def test_slides_under_media_move_to_private_storage(review_with_public_slides):
    migration.move_files_out_of_media(apps, None)
    assert not default_storage.exists("slides/2026/11/abc.pdf")
    with slides_storage().open("slides/2026/11/abc.pdf") as handle:
        assert handle.read() == b"%PDF-1.4 talk"


def test_a_rerun_after_an_interrupted_move_removes_the_public_copy(review_with_public_slides):
    slides_storage().save("slides/2026/11/abc.pdf", ContentFile(b"%PDF-1.4 talk"))
    migration.move_files_out_of_media(apps, None)
    assert not default_storage.exists("slides/2026/11/abc.pdf")
    assert slides_storage().exists("slides/2026/11/abc.pdf")


def test_reversing_the_migration_moves_slides_back(review_with_public_slides):
    migration.move_files_out_of_media(apps, None)
    migration.move_files_back_to_media(apps, None)
    assert default_storage.exists("slides/2026/11/abc.pdf")
    assert not slides_storage().exists("slides/2026/11/abc.pdf")
