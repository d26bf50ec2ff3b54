"""``manage.py reindex`` rebuilds every derived column from the rows."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from reviews.management.commands.bench import build_catalog
from reviews.models import Paper, Review
from reviews.search import search_papers
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def reindex() -> str:
    out = io.StringIO()
    call_command("reindex", stdout=out)
    return out.getvalue()


def test_reindex_derives_search_text_and_visitor_status_of_bulk_written_papers():
    Paper.objects.bulk_create([Paper(title="Deep Residual Learning", slug="resnet")])
    paper = Paper.objects.get()
    Paper.objects.filter(pk=paper.pk).update(public_status=Paper.Status.SCHEDULED)

    report = reindex()

    paper.refresh_from_db()
    assert paper.search_text.strip() == "deep residual learning"
    assert paper.public_status == Paper.Status.TO_READ
    assert "visitor status: 1 papers" in report


def test_reindex_twice_changes_nothing():
    paper = PaperFactory(title="Attention Is All You Need", authors="Ashish Vaswani")
    reindex()
    first = Paper.objects.values("search_text", "public_status").get(pk=paper.pk)
    reindex()
    assert Paper.objects.values("search_text", "public_status").get(pk=paper.pk) == first


@pytest.mark.postgres
def test_reindex_makes_bulk_written_reviews_searchable():
    paper = PaperFactory(title="Distilling the Knowledge in a Neural Network")
    Review.objects.bulk_create(
        [Review(paper=paper, body="지식 증류를 적용했다", status=Review.Status.PUBLISHED)]
    )
    assert not search_papers(Paper.objects.all(), "증류").exists()

    report = reindex()

    assert list(search_papers(Paper.objects.all(), "증류")) == [paper]
    assert "search vectors: 1 papers" in report
    with connection.cursor() as cursor:  # the GIN indexes were built again
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'paper_search_%%'")
        assert cursor.fetchone()[0] == 3


def test_benchmark_catalog_is_built_with_every_kind_of_row():
    build_catalog(30, 10)
    reindex()
    assert Paper.objects.count() == 30
    assert Review.objects.filter(visibility=Review.Visibility.MEMBERS).count() == 1
    assert Paper.objects.filter(public_status=Paper.Status.REVIEWED).count() >= 9
