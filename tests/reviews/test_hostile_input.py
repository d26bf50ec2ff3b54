"""Names and URLs a careless or hostile member can type must not break pages for everyone."""

import importlib
import re

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse
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


# --- Text that leaves the site: exports and the API ---------------------------------------------

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'
LINK = "[click me](javascript:alert(3))"


@pytest.fixture
def hostile_paper():
    paper = PaperFactory(
        title=f"{LINK} Attention | Is All {HOSTILE}",
        authors=f"Mallory {HOSTILE}\n{LINK}",
        institutions="Evil Lab\n\n## Injected heading\n| a | b |",
        venue=VenueFactory(short_name="<b>CVPR</b>", full_name=f"{LINK}"),
        url="https://example.org/paper",
        code_url="https://example.org/code",
        topics=[CategoryFactory(name=f"CNN {HOSTILE}")],
        tags=[HOSTILE, "=1+1"],
    )
    # Rows written by an import or by hand, not through a form: the export cannot trust them.
    Paper.objects.filter(pk=paper.pk).update(
        code_url="javascript:alert(4)", pdf_url="https://example.org/a)b\\c](javascript:x)"
    )
    paper.refresh_from_db()
    return paper


def rendered_readme(text: str) -> str:
    """The README as a Markdown renderer that lets HTML through would show it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def test_the_readme_export_shows_hostile_names_as_text(hostile_paper):
    from reviews.exporters.readme import export_readme

    text = export_readme()
    html = rendered_readme(text)

    assert "<script" not in html
    assert "<img" not in html
    assert "<b>" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs
    assert all(href.startswith("https://example.org/") for href in hrefs)
    assert "<h2>Injected" not in html
    # One table row per paper, with its seven cells.
    (row,) = [line for line in text.splitlines() if "Attention" in line]
    assert html.count("<tr>") == 2
    assert html.count("<td>") == 7
    assert f"{LINK} Attention" not in row  # the link syntax is not left as it was
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_readme_export_links_only_web_addresses(hostile_paper):
    from reviews.exporters.readme import link_url

    assert link_url("javascript:alert(1)") == ""
    assert link_url("https://example.org/a)b\\c d|e<f>") == (
        "https://example.org/a%29b%5Cc%20d%7Ce%3Cf%3E"
    )


def test_bibtex_fields_cannot_be_closed_by_the_values(hostile_paper):
    from reviews.exporters.bibtex import paper_to_bibtex

    Paper.objects.filter(pk=hostile_paper.pk).update(
        url="https://example.org/x},note={pwned", doi="10.1/x}, note={pwned"
    )
    hostile_paper.refresh_from_db()
    entry = paper_to_bibtex(hostile_paper)

    body = entry.replace("\\{", "").replace("\\}", "")
    depth = 0
    for char in body:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    fields = [line.split("=")[0].strip() for line in entry.splitlines()[1:-1]]
    assert "note" not in fields
    assert "url       = {https://example.org/x\\%7D,note=\\%7Bpwned}" in entry


@pytest.mark.parametrize("value", ["=1+1", " =1+1", "\n=1+1", "＝1+1", "+1", "@SUM(A1)", "-2"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(value):
    import csv
    import io

    from reviews.exporters.tabular import export_csv

    PaperFactory(title=value, short_name=value, institutions=value, tags=[value])
    (header, row) = list(csv.reader(io.StringIO(export_csv(Paper.objects.all()))))
    record = dict(zip(header, row, strict=True))
    for field in ("title", "short_name", "institutions", "tags"):
        assert record[field] == f"'{value}", field


def test_the_json_export_holds_no_markup_characters(hostile_paper):
    import json

    from reviews.exporters.tabular import export_json

    text = export_json(Paper.objects.all())

    assert "<" not in text
    assert ">" not in text
    assert json.loads(text)["papers"][0]["title"] == hostile_paper.title


def test_the_api_sends_hostile_text_escaped_and_parses_back_the_same(client, hostile_paper):
    ReviewFactory(paper=hostile_paper, summary=HOSTILE, body=f"Nice.\n\n{HOSTILE}\n\n{LINK}")
    for url in (
        "/api/papers/",
        f"/api/papers/{hostile_paper.pk}/",
        "/api/reviews/",
        "/api/topics/",
        "/api/venues/",
        "/api/presenters/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<" not in response.content, url
        assert b">" not in response.content, url
    data = client.get(f"/api/papers/{hostile_paper.pk}/").json()
    assert data["title"] == hostile_paper.title
    assert HOSTILE in data["tags"]


def test_the_api_gives_a_reviews_body_as_sanitized_html_too(client):
    ReviewFactory(body=f"**Nice.**\n\n{HOSTILE}\n\n{LINK}")
    (review,) = client.get("/api/reviews/").json()["results"]

    assert review["body"].startswith("**Nice.**")
    assert "<strong>Nice.</strong>" in review["body_html"]
    assert "<script" not in review["body_html"]
    assert "onerror" not in review["body_html"]
    assert 'href="javascript' not in review["body_html"]


def test_names_with_markup_characters_survive_a_readme_round_trip():
    from reviews.exporters.readme import export_readme
    from reviews.importers import parse_readme
    from reviews.services.papers import import_catalog

    title = "Less <is> More: [Sparse] Attention & R\\D | Again"
    PaperFactory(title=title, venue=None, topics=[CategoryFactory(name="Vision & <B> Nets")])
    text = export_readme()
    Paper.objects.all().delete()
    Category.objects.all().delete()

    import_catalog(parsed=parse_readme(text), source="export.md")

    paper = Paper.objects.get()
    assert paper.title == title
    assert [topic.name for topic in paper.topics.all()] == ["Vision & <B> Nets"]


# --- E-mail -------------------------------------------------------------------------------------


def test_an_inviters_name_cannot_add_lines_to_the_invitation_email(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.factories import UserFactory

    name = "Alice\r\n\r\nYour account was suspended: log in at https://evil.example/\n"
    client.force_login(UserFactory(first_name=name, last_name="<b>Kim</b>"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("invitation-create"), {"email": "min@example.org", "note": ""})

    (message,) = mail.outbox
    first_line = message.body.splitlines()[0]
    assert first_line.startswith(
        "Alice Your account was suspended: log in at https://evil.example/ <b>Kim</b> invites"
    )
    assert not any(line.startswith("Your account") for line in message.body.splitlines())
