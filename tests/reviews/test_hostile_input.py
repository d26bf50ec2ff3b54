"""Names and URLs a careless or hostile member can type must not break pages for everyone."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from taggit.models import Tag

from reviews.models import Category, Paper, Presenter, Venue
from tests.factories import (
    CategoryFactory,
    CollectionFactory,
    PaperFactory,
    PresenterFactory,
    ReviewFactory,
    VenueFactory,
)

migration = importlib.import_module("reviews.migrations.0004_repair_empty_slugs")

pytestmark = pytest.mark.django_db


# --- Slugs that come out empty ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["?", ">", "🤖"])
def test_a_tag_without_letters_gets_a_slug(name):
    paper = PaperFactory(tags=[name])
    slug = paper.tags.get().slug
    assert slug.startswith("tag-")
    assert slug == Tag.objects.get(name=name).slug


@pytest.mark.parametrize("name", ["?", ">"])
def test_catalog_search_and_paper_page_show_a_tag_without_letters(client, name):
    paper = PaperFactory(title="Attention Is All You Need", tags=[name])
    slug = paper.tags.get().slug
    for url in ("/papers/", "/papers/?q=attention", paper.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'href="/tags/{slug}/"' in response.text, url
    assert client.get(f"/tags/{slug}/").status_code == 200


def test_a_tag_whose_slug_is_empty_in_the_database_does_not_break_the_pages(client):
    paper = PaperFactory(tags=["fine", "broken"])
    Tag.objects.filter(name="broken").update(slug="")
    assert client.get("/papers/").status_code == 200
    response = client.get(paper.get_absolute_url())
    assert response.status_code == 200
    assert 'href="/tags/fine/"' in response.text


@pytest.mark.parametrize(
    ("factory", "field", "prefix"),
    [(CategoryFactory, "name", "topic-"), (VenueFactory, "short_name", "venue-")],
)
def test_topics_and_venues_without_letters_get_a_slug(factory, field, prefix):
    assert factory(**{field: "?"}).slug.startswith(prefix)


def test_topics_without_letters_get_slugs_of_their_own():
    assert CategoryFactory(name="?").slug != CategoryFactory(name=">").slug


def test_a_presenter_without_letters_gets_a_slug_and_a_page(client):
    presenter = ReviewFactory(presenter=PresenterFactory(name="???")).presenter
    assert presenter.slug.startswith("presenter-")
    assert client.get(presenter.get_absolute_url()).status_code == 200


def test_a_presenter_named_by_an_account_without_letters_gets_a_slug():
    presenter = Presenter(name="@@@")
    presenter.full_clean(exclude=["slug"])
    presenter.save()
    assert presenter.slug.startswith("presenter-")


@pytest.mark.parametrize(
    ("factory", "model"),
    [(CategoryFactory, Category), (VenueFactory, Venue), (PresenterFactory, Presenter)],
)
def test_the_database_refuses_an_empty_slug(factory, model):
    row = factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(slug="")


def test_the_migration_gives_empty_and_broken_slugs_a_usable_one(client):
    paper = PaperFactory(title="Deep Residual Learning", tags=["?", "resnet"])
    collection = CollectionFactory(title="Best of 2016")
    topic = CategoryFactory(name="CNN")
    Tag.objects.filter(name="?").update(slug="")
    Paper.objects.filter(pk=paper.pk).update(slug="")
    type(collection).objects.filter(pk=collection.pk).update(slug="best\x01of")
    Category.objects.filter(pk=topic.pk).update(slug="cnn/2")

    migration.repair_slugs(apps, None)

    assert set(Tag.objects.values_list("slug", flat=True)) == {
        migration.slug_for("?", "tag", 100),
        "resnet",
    }
    paper.refresh_from_db()
    collection.refresh_from_db()
    topic.refresh_from_db()
    assert (paper.slug, collection.slug, topic.slug) == (
        "deep-residual-learning",
        "best-of-2016",
        "cnn",
    )
    assert client.get(paper.get_absolute_url()).status_code == 200


def test_the_migration_makes_repaired_slugs_unique():
    PaperFactory(title="ResNet", slug="resnet")
    broken = PaperFactory(title="ResNet!")
    Paper.objects.filter(pk=broken.pk).update(slug="")
    migration.repair_slugs(apps, None)
    broken.refresh_from_db()
    assert broken.slug == "resnet-2"


# --- NUL bytes and other impossible slugs in URLs -----------------------------------------------

SLUG_PATHS = [
    "/papers/{}/",
    "/papers/{}/bibtex/",
    "/papers/{}/reviews/new/",
    "/papers/{}/nominate/",
    "/tags/{}/",
    "/topics/{}/",
    "/venues/{}/",
    "/presenters/{}/",
    "/collections/{}/",
    "/papers/export/{}/",
]


@pytest.mark.parametrize("slug", ["%00", "a%00b", "a.b", "%0A"])
def test_an_impossible_slug_in_the_path_is_not_found(member_client, slug):
    PaperFactory(tags=["attention"])
    member_client.raise_request_exception = False
    for path in SLUG_PATHS:
        assert member_client.get(path.format(slug)).status_code == 404, path


NUL_QUERIES = [
    "q=%00",
    "q=attention%00",
    "topic=%00",
    "venue=%00",
    "tag=%00",
    "presenter=%00",
    "year=%00",
    "status=%00",
    "sort=%00",
    "has_code=%00",
    "page=%00",
]


@pytest.mark.parametrize("path", ["/papers/", "/api/papers/", "/papers/export/csv/"])
def test_a_nul_byte_in_a_query_parameter_is_not_a_server_error(client, path):
    PaperFactory(title="Attention Is All You Need", tags=["attention"])
    client.raise_request_exception = False
    for query in NUL_QUERIES:
        # The API answers a page that does not exist with 404, as DRF does.
        assert client.get(f"{path}?{query}").status_code in (200, 400, 404), query


def test_a_unicode_slug_still_reaches_its_page(client):
    topic = CategoryFactory(name="비전 트랜스포머")
    paper = PaperFactory(title="어텐션 모델", topics=[topic], tags=["자기지도"])
    assert topic.slug == "비전-트랜스포머"
    for url in (topic.get_absolute_url(), paper.get_absolute_url(), "/tags/자기지도/"):
        assert client.get(url).status_code == 200, url
