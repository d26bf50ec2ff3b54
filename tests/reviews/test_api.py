"""The read-only JSON API: the catalog's filters, pagination, public content only, its schema."""

import json

import jsonschema
import pytest
from django.urls import reverse

from reviews.models import Paper, Review
from tests.factories import (
    CategoryFactory,
    CollectionEntryFactory,
    PaperFactory,
    PresenterFactory,
    ReviewFactory,
    VenueFactory,
)


@pytest.fixture
def catalog(db):
    cnn = CategoryFactory(name="CNN")
    classification = CategoryFactory(name="Classification", parent=cnn)
    cvpr = VenueFactory(short_name="CVPR")
    resnet = PaperFactory(
        title="Deep Residual Learning for Image Recognition",
        year=2016,
        venue=cvpr,
        status=Paper.Status.REVIEWED,
        code_url="https://github.com/KaimingHe/deep-residual-networks",
        topics=[classification],
        tags=["residual"],
    )
    PaperFactory(title="Going Deeper with Convolutions", year=2015, venue=cvpr, topics=[cnn])
    PaperFactory(
        title="Attention Is All You Need", year=2017, venue=VenueFactory(short_name="NeurIPS")
    )
    presenter = PresenterFactory(name="Kim")
    ReviewFactory(
        paper=resnet, presenter=presenter, summary="Public and published.", created_by=None
    )
    ReviewFactory(
        paper=resnet,
        presenter=presenter,
        summary="For members only.",
        visibility=Review.Visibility.MEMBERS,
        created_by=None,
    )
    ReviewFactory(
        paper=resnet,
        presenter=presenter,
        summary="A draft.",
        status=Review.Status.DRAFT,
        created_by=None,
    )
    CollectionEntryFactory(paper=resnet, collection__title="Classics")
    return resnet


def api(client, name, *args, **params):
    response = client.get(reverse(f"reviews:{name}", args=args), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


RESNET = "Deep Residual Learning for Image Recognition"
INCEPTION = "Going Deeper with Convolutions"
TRANSFORMER = "Attention Is All You Need"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "cnn"}, {RESNET, INCEPTION}),
        ({"topic": "classification"}, {RESNET}),
        ({"venue": "cvpr"}, {RESNET, INCEPTION}),
        ({"year": "2016"}, {RESNET}),
        ({"year_min": "2016"}, {RESNET, TRANSFORMER}),
        ({"status": "reviewed"}, {RESNET}),
        ({"has_code": "true"}, {RESNET}),
        ({"has_code": "false"}, {INCEPTION, TRANSFORMER}),
        ({"tag": "residual"}, {RESNET}),
        ({"presenter": "kim"}, {RESNET}),
        ({"q": "residual"}, {RESNET}),
        ({"year": "not-a-year"}, {RESNET, INCEPTION, TRANSFORMER}),
    ],
)
def test_papers_are_filtered_as_on_the_catalog_page(client, catalog, params, expected):
    data = api(client, "api-paper-list", **params)

    assert {paper["title"] for paper in data["results"]} == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", [TRANSFORMER, RESNET, INCEPTION]),
        ("year", [INCEPTION, RESNET, TRANSFORMER]),
        ("-year", [TRANSFORMER, RESNET, INCEPTION]),
    ],
)
def test_papers_are_sorted_as_asked(client, catalog, sort, expected):
    data = api(client, "api-paper-list", sort=sort)

    assert [paper["title"] for paper in data["results"]] == expected


def test_a_members_session_does_not_open_the_api_to_members_only_content(client, catalog, member):
    insider = PresenterFactory(name="Secret Member", slug="secret-member")
    ReviewFactory(paper=catalog, presenter=insider, visibility=Review.Visibility.MEMBERS)
    client.force_login(member)

    papers = api(client, "api-paper-list", presenter="secret-member")
    presenters = api(client, "api-presenter-list")

    assert papers["results"] == []
    assert "Secret Member" not in {p["name"] for p in presenters["results"]}


def test_presenters_with_only_drafts_or_members_only_reviews_are_not_listed(client, catalog):
    drafter = PresenterFactory(name="Drafting Member")
    ReviewFactory(paper=catalog, presenter=drafter, status=Review.Status.DRAFT)
    insider = PresenterFactory(name="Secret Member")
    ReviewFactory(paper=catalog, presenter=insider, visibility=Review.Visibility.MEMBERS)

    data = api(client, "api-presenter-list")

    assert [p["name"] for p in data["results"]] == ["Kim"]
    assert client.get(reverse("reviews:api-presenter-detail", args=[insider.pk])).status_code == 404


def test_papers_are_paginated(client, catalog):
    PaperFactory.create_batch(23, year=1999)

    first = api(client, "api-paper-list", sort="year")
    second = api(client, "api-paper-list", sort="year", page=2)

    assert first["count"] == 26
    assert len(first["results"]) == 25
    assert first["next"].endswith("page=2&sort=year")
    assert [p["title"] for p in second["results"]] == ["Attention Is All You Need"]


def test_a_paper_shows_only_its_public_published_reviews(client, catalog, member):
    client.force_login(member)  # even a member sees only public content through the API

    data = api(client, "api-paper-detail", catalog.pk)

    assert [review["summary"] for review in data["reviews"]] == ["Public and published."]
    assert data["public_review_count"] == 1
    assert data["topics"][0]["name"] == "Classification"
    assert data["page"] == f"http://testserver/papers/{catalog.slug}/"


def test_the_review_list_has_no_members_only_or_draft_reviews(client, catalog):
    data = api(client, "api-review-list")

    assert [review["summary"] for review in data["results"]] == ["Public and published."]
    hidden = Review.objects.exclude(visibility="public").first()
    assert client.get(reverse("reviews:api-review-detail", args=[hidden.pk])).status_code == 404


def test_presenters_count_only_public_reviews(client, catalog):
    data = api(client, "api-presenter-list")

    assert [(p["name"], p["review_count"]) for p in data["results"]] == [("Kim", 1)]


def test_topics_venues_and_collections_are_listed(client, catalog):
    topics = api(client, "api-topic-list")["results"]
    venues = api(client, "api-venue-list")["results"]
    collections = api(client, "api-collection-list")["results"]

    assert {(t["name"], t["paper_count"]) for t in topics} == {("CNN", 1), ("Classification", 1)}
    assert {(v["short_name"], v["paper_count"]) for v in venues} == {("CVPR", 2), ("NeurIPS", 1)}
    assert collections[0]["entries"][0]["paper"]["id"] == catalog.pk


def test_the_api_is_read_only(client, catalog, staff_client):
    url = reverse("reviews:api-paper-list")

    assert staff_client.post(url, {"title": "New"}).status_code == 405
    assert (
        staff_client.delete(reverse("reviews:api-paper-detail", args=[catalog.pk])).status_code
        == 405
    )


def test_the_paper_list_needs_a_fixed_number_of_queries(
    client, catalog, django_assert_max_num_queries
):
    for n in range(10):
        PaperFactory(topics=[catalog.topics.first()], tags=[f"tag{n}"])

    with django_assert_max_num_queries(8):
        client.get(reverse("reviews:api-paper-list"))


# --- The schema matches the answers -------------------------------------------------------------


def openapi_to_jsonschema(node):
    """OpenAPI 3.0 schema objects as JSON Schema: ``nullable`` becomes a null type, and objects
    accept no property the schema does not declare and need every one it does."""
    if isinstance(node, list):
        return [openapi_to_jsonschema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: openapi_to_jsonschema(value) for key, value in node.items()}
    if "oneOf" in node:  # a blank URL is both "a string" and "an empty string": either will do
        node["anyOf"] = node.pop("oneOf")
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
        elif "allOf" in node or "$ref" in node:
            node = {"anyOf": [{k: v for k, v in node.items()}, {"type": "null"}]}
        if "enum" in node:
            node["enum"] = [*node["enum"], None]
    if node.get("type") == "object" and "properties" in node:
        node.setdefault("additionalProperties", False)
        node.setdefault("required", list(node["properties"]))
    return node


@pytest.fixture
def schema(client, db):
    response = client.get(reverse("reviews:api-schema"), {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def response_schema(schema, path, method="get"):
    operation = schema["paths"][path][method]
    content = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return {
        **openapi_to_jsonschema(content),
        "components": openapi_to_jsonschema(schema["components"]),
    }


@pytest.mark.parametrize(
    ("path", "name", "detail"),
    [
        ("/api/papers/", "api-paper-list", False),
        ("/api/papers/{id}/", "api-paper-detail", True),
        ("/api/topics/", "api-topic-list", False),
        ("/api/venues/", "api-venue-list", False),
        ("/api/presenters/", "api-presenter-list", False),
        ("/api/reviews/", "api-review-list", False),
        ("/api/collections/", "api-collection-list", False),
    ],
)
def test_every_answer_matches_the_openapi_schema(client, catalog, schema, path, name, detail):
    PaperFactory(venue=None, year=None)  # nulls where the schema allows them
    data = api(client, name, *([catalog.pk] if detail else []))

    jsonschema.validate(data, response_schema(schema, path))


def test_the_schema_documents_the_catalog_filters(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/papers/"]["get"]["parameters"]}

    assert {"q", "topic", "venue", "year", "tag", "status", "sort", "page"} <= parameters
    assert not any(method != "get" for path in schema["paths"].values() for method in path)
