import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from reviews.models import Category, Paper, Venue
from tests.factories import (
    CategoryFactory,
    CollectionEntryFactory,
    InvitationFactory,
    PaperFactory,
    PresenterFactory,
    ReviewFactory,
    VenueFactory,
    VoteFactory,
)
from tests.reviews.admin_data import paper_admin_data

pytestmark = pytest.mark.django_db

ADMIN_MODELS = {
    "reviews.category": CategoryFactory,
    "reviews.venue": VenueFactory,
    "reviews.paper": PaperFactory,
    "reviews.presenter": PresenterFactory,
    "reviews.review": ReviewFactory,
    "reviews.collection": lambda: CollectionEntryFactory().collection,
    "reviews.nomination": lambda: VoteFactory().nomination,
    "accounts.user": None,
    "accounts.invitation": InvitationFactory,
}


@pytest.mark.parametrize("label", ADMIN_MODELS)
def test_admin_changelist_add_and_change_pages_render(staff_client, staff, label):
    app_label, model_name = label.split(".")
    obj = ADMIN_MODELS[label]() if ADMIN_MODELS[label] else staff
    base = f"admin:{app_label}_{model_name}"
    for url in (
        reverse(f"{base}_changelist"),
        reverse(f"{base}_changelist") + "?q=a",
        reverse(f"{base}_add"),
        reverse(f"{base}_change", args=[obj.pk]),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url


def test_admin_autocomplete_finds_papers(staff_client):
    PaperFactory(title="Deep Residual Learning for Image Recognition")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "reviews", "model_name": "review", "field_name": "paper", "term": "residual"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [
        "Deep Residual Learning for Image Recognition"
    ]


def test_admin_is_closed_to_visitors(client):
    response = client.get(reverse("admin:reviews_paper_changelist"))
    assert response.status_code == 302


def post_action(client, model, action, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **extra}
    return client.post(reverse(f"admin:reviews_{model}_changelist"), data, follow=True)


def test_merge_categories_asks_which_to_keep_then_moves_papers(staff_client):
    keep = CategoryFactory(name="Knowledge Distillation")
    other = CategoryFactory(name="Knowledge distillation (KD)")
    paper = PaperFactory(topics=[other])

    confirmation = post_action(staff_client, "category", "merge_categories", [keep, other])
    assert "Choose which of the selected" in confirmation.content.decode()
    assert Category.objects.count() == 2

    post_action(
        staff_client, "category", "merge_categories", [keep, other], apply="1", keep=keep.pk
    )
    assert list(Category.objects.all()) == [keep]
    assert list(paper.topics.all()) == [keep]


def test_merging_topics_moves_subtopics_to_the_kept_topic(staff_client):
    keep = CategoryFactory(name="CNN")
    other = CategoryFactory(name="ConvNets")
    child = CategoryFactory(name="Detection", parent=other)
    post_action(
        staff_client, "category", "merge_categories", [keep, other], apply="1", keep=keep.pk
    )
    child.refresh_from_db()
    assert child.parent == keep


def test_merge_venues_moves_papers_and_keeps_old_name_as_alias(staff_client):
    keep = VenueFactory(short_name="NeurIPS")
    other = VenueFactory(short_name="Neural Information Processing Systems")
    paper = PaperFactory(venue=other)
    post_action(staff_client, "venue", "merge_venues", [keep, other], apply="1", keep=keep.pk)
    paper.refresh_from_db()
    assert paper.venue == keep
    assert list(Venue.objects.all()) == [keep]
    assert Venue.objects.resolve("Neural Information Processing Systems") == keep


def test_merge_needs_two_selected_rows(staff_client):
    venue = VenueFactory()
    response = post_action(staff_client, "venue", "merge_venues", [venue])
    assert "Select at least two" in response.content.decode()


def test_mark_papers_reviewed_and_to_read(staff_client):
    papers = PaperFactory.create_batch(2)
    post_action(staff_client, "paper", "mark_reviewed", papers)
    assert set(Paper.objects.values_list("status", flat=True)) == {Paper.Status.REVIEWED}
    post_action(staff_client, "paper", "mark_to_read", papers[:1])
    assert Paper.objects.get(pk=papers[0].pk).status == Paper.Status.TO_READ


def test_merge_duplicate_papers_keeps_reviews_and_links(staff_client):
    keep = PaperFactory(title="Deep Residual Learning for Image Recognition")
    duplicate = PaperFactory(
        title="ResNet", code_url="https://github.com/KaimingHe/deep-residual-networks"
    )
    review = ReviewFactory(paper=duplicate)
    post_action(staff_client, "paper", "merge_papers", [keep, duplicate], apply="1", keep=keep.pk)
    keep.refresh_from_db()
    review.refresh_from_db()
    assert review.paper == keep
    assert keep.code_url.endswith("deep-residual-networks")
    assert not Paper.objects.filter(pk=duplicate.pk).exists()


def search_titles(query):
    from reviews.search import search_papers

    return [paper.title for paper in search_papers(Paper.objects.all(), query)]


@pytest.mark.postgres
def test_merging_venues_updates_what_search_finds(staff_client, django_capture_on_commit_callbacks):
    keep = VenueFactory(short_name="NeurIPS")
    other = VenueFactory(short_name="Zeitgeist")
    with django_capture_on_commit_callbacks(execute=True):
        PaperFactory(venue=other, title="Lottery Tickets in Sparse Networks")
    with django_capture_on_commit_callbacks(execute=True):
        post_action(staff_client, "venue", "merge_venues", [keep, other], apply="1", keep=keep.pk)
    assert search_titles("neurips") == ["Lottery Tickets in Sparse Networks"]


@pytest.mark.postgres
def test_unpublishing_a_review_in_the_admin_removes_its_words_from_search(
    staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = ReviewFactory(body="We applied the quokka regulariser.")
        from reviews.search import refresh_search_index

        refresh_search_index([review.paper_id])
    assert search_titles("quokka") == [review.paper.title]
    data = {
        "paper": review.paper_id,
        "presenter": review.presenter_id,
        "summary": review.summary,
        "body": review.body,
        "visibility": review.visibility,
        "status": "draft",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:reviews_review_change", args=[review.pk]), data)
    assert response.status_code == 302
    assert search_titles("quokka") == []


def test_publishing_a_review_inline_on_its_paper_marks_the_paper_reviewed(staff_client):
    review = ReviewFactory(status="draft")
    paper = review.paper
    url = reverse("admin:reviews_paper_change", args=[paper.pk])
    response = staff_client.post(url, paper_admin_data(staff_client, review, status="published"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    paper.refresh_from_db()
    assert paper.status == Paper.Status.REVIEWED


def test_a_tag_longer_than_a_tag_may_be_is_a_form_error_in_the_paper_admin(staff_client):
    # PostgreSQL refused it with a server error before.
    review = ReviewFactory()
    url = reverse("admin:reviews_paper_change", args=[review.paper.pk])
    data = {**paper_admin_data(staff_client, review), "tags": "x" * 101 + ", fine"}
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "A tag can be at most 100 characters long." in str(
        response.context["adminform"].form.errors["tags"]
    )
    assert not review.paper.tags.exists()


def test_merging_papers_that_are_both_nominated_keeps_one_nomination_with_all_votes(
    staff_client,
):
    from tests.factories import NominationFactory, UserFactory, VoteFactory

    keep, duplicate = PaperFactory.create_batch(2)
    kept_nomination = NominationFactory(paper=keep)
    other_nomination = NominationFactory(paper=duplicate)
    both, only_other = UserFactory.create_batch(2)
    VoteFactory(nomination=kept_nomination, user=both)
    VoteFactory(nomination=other_nomination, user=both)
    VoteFactory(nomination=other_nomination, user=only_other)

    response = post_action(
        staff_client, "paper", "merge_papers", [keep, duplicate], apply="1", keep=keep.pk
    )

    assert response.status_code == 200
    assert list(keep.nominations.all()) == [kept_nomination]
    assert set(kept_nomination.votes.values_list("user", flat=True)) == {both.pk, only_other.pk}


def test_merging_a_reviewed_duplicate_keeps_the_reviewed_status(staff_client):
    keep = PaperFactory(status=Paper.Status.TO_READ)
    duplicate = PaperFactory(status=Paper.Status.REVIEWED)
    post_action(staff_client, "paper", "merge_papers", [keep, duplicate], apply="1", keep=keep.pk)
    keep.refresh_from_db()
    assert keep.status == Paper.Status.REVIEWED


@pytest.mark.postgres
def test_moving_a_review_to_another_paper_moves_its_words_in_search(
    staff_client, django_capture_on_commit_callbacks
):
    from reviews.search import refresh_search_index

    with django_capture_on_commit_callbacks(execute=True):
        review = ReviewFactory(body="We applied the quokka regulariser.")
        other = PaperFactory(title="Another Paper Entirely")
        refresh_search_index([review.paper_id, other.pk])
    data = {
        "paper": other.pk,
        "presenter": review.presenter_id,
        "summary": review.summary,
        "body": review.body,
        "visibility": review.visibility,
        "status": "published",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:reviews_review_change", args=[review.pk]), data)
    assert response.status_code == 302
    assert search_titles("quokka") == ["Another Paper Entirely"]
