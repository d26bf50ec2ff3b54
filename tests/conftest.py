import pytest
from django.db import connection

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
