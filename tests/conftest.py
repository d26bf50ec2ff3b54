import pytest
from django.db import connection
from django.utils import translation

from tests.factories import PaperFactory, ReviewFactory, StaffFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` run only when the suite runs on PostgreSQL."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _plain_static_and_media(settings, tmp_path):
    """Tests need no collectstatic manifest, and uploads land in a throwaway folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member(db):
    return UserFactory(username="member")


@pytest.fixture
def staff(db):
    return StaffFactory(username="curator")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def paper(db):
    return PaperFactory()


@pytest.fixture
def public_review(db):
    return ReviewFactory()


@pytest.fixture
def pdf_bytes():
    """A real two-page PDF (made by Pillow), as uploaded slides."""
    import io

    from PIL import Image

    pages = [Image.new("RGB", (400, 300), colour) for colour in ("white", "navy")]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:])
    return buffer.getvalue()


@pytest.fixture
def pptx_bytes():
    """A real PowerPoint presentation with one slide (made by python-pptx)."""
    import io

    from pptx import Presentation

    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[0])
    slide.shapes.title.text = "Deep Residual Learning"
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _default_language_in_each_test():
    """A request with ``Accept-Language: ko`` leaves Korean active in the thread (LocaleMiddleware
    activates a language and nothing deactivates it), so each test starts and ends in the default."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _private_slides_storage(_plain_static_and_media, settings, tmp_path):
    """Slides and thumbnails (a private storage outside MEDIA_ROOT) land in a throwaway folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "slides": {
            "BACKEND": "reviews.slides.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
