"""A members-only review does not tell visitors that it exists: what they see of a paper's
reading status comes from what they may read (the badge, facets, totals, topic counts, stats,
the API and the downloads). Members and staff keep the full status."""

import csv
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse

from reviews.models import Category, Nomination, Paper, Review
from reviews.services import curation
from reviews.services import reviews as review_services
from reviews.stats import topic_coverage
from tests.factories import (
    CategoryFactory,
    NominationFactory,
    PaperFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REVIEWED = Paper.Status.REVIEWED


def members_only(paper, **fields):
    """A member writes and publishes a review for members only, through the service."""
    return review_services.create_review(
        paper=paper,
        author=UserFactory(),
        data={
            "summary": "Only for us",
            "body": "Members-only notes.",
            "visibility": Review.Visibility.MEMBERS,
            "status": Review.Status.PUBLISHED,
            **fields,
        },
    )


@pytest.fixture
def topic():
    return CategoryFactory(name="Vision")


@pytest.fixture
def secret_paper(topic):
    paper = PaperFactory(title="Secretly Reviewed Networks", slug="secret", topics=[topic])
    members_only(paper)
    paper.refresh_from_db()
    return paper


def test_members_see_the_full_status_and_visitors_do_not(secret_paper):
    assert secret_paper.status == REVIEWED
    assert secret_paper.public_status == Paper.Status.TO_READ


def test_paper_page_badge_does_not_say_reviewed_to_visitors(client, secret_paper):
    page = client.get(secret_paper.get_absolute_url()).content.decode()
    assert "status-reviewed" not in page
    assert "status-to_read" in page
    assert "The group has discussed this paper" not in page


def test_catalog_card_and_status_facet_do_not_count_it_as_reviewed(client, secret_paper):
    response = client.get(reverse("reviews:paper-list"))
    counts = {option.value: option.count for option in response.context["facets"]["status"]}
    assert counts[REVIEWED] == 0
    assert counts[Paper.Status.TO_READ] == 1
    assert "status-reviewed" not in response.content.decode()
    filtered = client.get(reverse("reviews:paper-list"), {"status": REVIEWED})
    assert "Secretly Reviewed Networks" not in filtered.content.decode()


def test_home_totals_and_topic_cards_do_not_count_it_as_reviewed(client, secret_paper, topic):
    response = client.get(reverse("reviews:home"))
    assert response.context["totals"]["reviewed"] == 0
    assert Category.objects.with_paper_counts().get(pk=topic.pk).reviewed_count == 0


def test_stats_topic_coverage_does_not_count_it_as_reviewed(secret_paper):
    assert topic_coverage().rows == [("Vision", 0, 1)]


def test_api_does_not_say_reviewed(client, secret_paper):
    data = client.get(reverse("reviews:api-paper-detail", args=[secret_paper.pk])).json()
    assert data["status"] == Paper.Status.TO_READ
    listed = client.get(reverse("reviews:api-paper-list"), {"status": REVIEWED}).json()
    assert listed["count"] == 0


@pytest.mark.parametrize("fmt", ["csv", "json", "readme"])
def test_downloads_do_not_say_reviewed(client, secret_paper, fmt):
    content = client.get(reverse("reviews:paper-export", args=[fmt])).content.decode()
    if fmt == "csv":
        (record,) = csv.DictReader(io.StringIO(content))
        assert record["status"] == Paper.Status.TO_READ
    else:
        assert "reviewed" not in content.lower().replace("secretly reviewed", "")


def test_a_talk_that_was_scheduled_stays_scheduled_for_visitors(db):
    paper = PaperFactory()
    NominationFactory(paper=paper, status=Nomination.Status.SCHEDULED, scheduled_for="2024-05-01")
    members_only(paper)
    paper.refresh_from_db()
    assert (paper.status, paper.public_status) == (REVIEWED, Paper.Status.SCHEDULED)


def test_a_talk_scheduled_or_called_off_later_changes_what_visitors_see(db):
    # The review (members only) came first; the talk is put on the schedule afterwards.
    paper = PaperFactory()
    members_only(paper)
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.TO_READ
    talk = NominationFactory(
        paper=paper, status=Nomination.Status.SCHEDULED, scheduled_for="2024-05-01"
    )
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.SCHEDULED
    Nomination.objects.filter(pk=talk.pk).update(status=Nomination.Status.WITHDRAWN)
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.TO_READ
    Nomination.objects.filter(pk=talk.pk).update(status=Nomination.Status.DONE)
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.SCHEDULED
    talk.delete()
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.TO_READ


def test_a_public_review_shows_the_paper_reviewed(db):
    paper = PaperFactory()
    members_only(paper)
    review_services.create_review(
        paper=paper,
        author=UserFactory(),
        data={"summary": "For all", "status": Review.Status.PUBLISHED},
    )
    paper.refresh_from_db()
    assert paper.public_status == REVIEWED


def test_making_the_only_public_review_members_only_hides_the_status(db):
    paper = PaperFactory()
    review = ReviewFactory(paper=paper)
    review_services.publish_review(review=review)
    paper.refresh_from_db()
    assert paper.public_status == REVIEWED

    review_services.update_review(review=review, data={"visibility": Review.Visibility.MEMBERS})
    paper.refresh_from_db()
    assert (paper.status, paper.public_status) == (REVIEWED, Paper.Status.TO_READ)


def test_rows_written_directly_keep_the_visitor_status(db):
    paper = PaperFactory(status=REVIEWED)
    assert paper.public_status == REVIEWED  # no review at all: a curator's or README's word
    review = Review.objects.create(
        paper=paper, status=Review.Status.PUBLISHED, visibility=Review.Visibility.MEMBERS
    )
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.TO_READ

    Review.objects.filter(pk=review.pk).update(visibility=Review.Visibility.PUBLIC)
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.PRESENTED  # a talk, nothing written

    Review.objects.filter(pk=review.pk).update(summary="Residual learning.")
    paper.refresh_from_db()
    assert paper.public_status == REVIEWED

    Review.objects.filter(pk=review.pk).update(visibility=Review.Visibility.MEMBERS)
    Paper.objects.filter(pk=paper.pk).update(status=Paper.Status.SCHEDULED)
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.SCHEDULED
    curation.set_reading_status(papers=[paper], status=REVIEWED)
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.TO_READ


def test_a_review_moved_to_another_paper_takes_its_evidence_along(db):
    first, second = PaperFactory(status=REVIEWED), PaperFactory(status=REVIEWED)
    ReviewFactory(paper=first, visibility=Review.Visibility.MEMBERS)
    public = ReviewFactory(paper=first)
    first.refresh_from_db()
    assert first.public_status == REVIEWED

    public.paper = second
    public.save()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.public_status, second.public_status) == (Paper.Status.TO_READ, REVIEWED)


def test_readme_evidence_keeps_a_paper_reviewed_for_visitors(db):
    paper = PaperFactory(status=REVIEWED, review_url="https://example.org/our-review")
    members_only(paper)
    paper.refresh_from_db()
    assert paper.public_status == REVIEWED


def test_readme_slides_alone_show_the_paper_as_presented(db):
    paper = PaperFactory(status=REVIEWED, slides_url="https://example.org/our-slides.pdf")
    members_only(paper)
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.PRESENTED


def test_admin_inline_publishing_a_members_only_review_keeps_it_hidden(staff_client):
    from tests.reviews.admin_data import paper_admin_data

    review = ReviewFactory(status=Review.Status.DRAFT, visibility=Review.Visibility.MEMBERS)
    paper = review.paper
    data = paper_admin_data(staff_client, review, status=Review.Status.PUBLISHED)

    response = staff_client.post(reverse("admin:reviews_paper_change", args=[paper.pk]), data)
    assert response.status_code == 302
    paper.refresh_from_db()
    review.refresh_from_db()
    assert review.is_published
    assert (paper.status, paper.public_status) == (REVIEWED, Paper.Status.TO_READ)


def test_deleting_reviews_in_bulk_keeps_the_visitor_status(db):
    paper = PaperFactory(status=REVIEWED)
    ReviewFactory(paper=paper, visibility=Review.Visibility.MEMBERS)
    ReviewFactory(paper=paper)
    Review.objects.filter(paper=paper, visibility=Review.Visibility.PUBLIC).delete()
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.TO_READ


def test_the_data_migration_hides_what_members_only_reviews_revealed(db):
    hidden = PaperFactory(status=REVIEWED)
    ReviewFactory(paper=hidden, visibility=Review.Visibility.MEMBERS)
    shown = PaperFactory(status=REVIEWED)
    ReviewFactory(paper=shown)
    imported = PaperFactory(status=REVIEWED)
    # As every row was before the migration: the visitor status is the reading status.
    Paper.objects.update(public_status=REVIEWED)

    migration = importlib.import_module("reviews.migrations.0005_paper_public_status")
    migration.derive_public_status(apps, None)

    statuses = dict(Paper.objects.values_list("pk", "public_status"))
    assert statuses == {hidden.pk: Paper.Status.TO_READ, shown.pk: REVIEWED, imported.pk: REVIEWED}
