import pytest
from django.urls import reverse

from reviews.models import Paper, Review
from reviews.services.reviews import OUTLINE
from tests.factories import NominationFactory, PaperFactory, PresenterFactory, ReviewFactory

FORM = {
    "summary": "Residual learning eases very deep networks.",
    "body": "## Method\n\n$y = F(x) + x$\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "presented_on": "2024-03-14",
    "slides_url": "",
    "summary_url": "https://notion.example/resnet",
    "video_url": "",
    "visibility": "public",
    "status": "published",
}


@pytest.fixture
def paper(db):
    return PaperFactory(title="Deep Residual Learning for Image Recognition")


def test_new_review_form_starts_from_the_outline(member_client, paper):
    response = member_client.get(reverse("reviews:review-create", args=[paper.slug]))
    assert response.status_code == 200
    content = response.content.decode()
    for heading in ("## Problem", "## Method", "## Results", "## Limitations", "## Takeaways"):
        assert heading in content
    assert response.context["form"].initial["body"] == OUTLINE


def test_form_fields_carry_the_model_names(member_client, paper):
    form = member_client.get(reverse("reviews:review-create", args=[paper.slug])).context["form"]
    assert list(form.fields)[:9] == [
        "summary",
        "body",
        "presented_on",
        "slides",
        "slides_url",
        "summary_url",
        "video_url",
        "visibility",
        "status",
    ]


def test_member_writes_a_review_linked_to_their_presenter(member_client, member, paper):
    response = member_client.post(reverse("reviews:review-create", args=[paper.slug]), FORM)
    review = Review.objects.get()
    assert response["Location"] == review.get_absolute_url()
    assert review.created_by == member
    assert review.presenter.user == member
    assert review.summary_url == "https://notion.example/resnet"


def test_member_review_uses_their_existing_presenter(member_client, member, paper):
    presenter = PresenterFactory(user=member, name="Kim Member")
    member_client.post(reverse("reviews:review-create", args=[paper.slug]), FORM)
    assert Review.objects.get().presenter == presenter


def test_publishing_a_review_marks_the_paper_reviewed(member_client, paper):
    member_client.post(reverse("reviews:review-create", args=[paper.slug]), FORM)
    paper.refresh_from_db()
    assert paper.status == Paper.Status.REVIEWED


def test_a_draft_leaves_the_paper_unreviewed(member_client, paper):
    member_client.post(
        reverse("reviews:review-create", args=[paper.slug]), {**FORM, "status": "draft"}
    )
    paper.refresh_from_db()
    assert paper.status == Paper.Status.TO_READ


def test_publishing_a_draft_later_marks_the_paper_reviewed(member_client, member, paper):
    review = ReviewFactory(paper=paper, created_by=member, status=Review.Status.DRAFT)
    member_client.post(reverse("reviews:review-update", args=[review.pk]), FORM)
    paper.refresh_from_db()
    review.refresh_from_db()
    assert review.published_at is not None
    assert paper.status == Paper.Status.REVIEWED


def test_publishing_closes_the_papers_scheduled_presentation(member_client, paper):
    nomination = NominationFactory(paper=paper, status="scheduled", scheduled_for="2024-03-14")
    member_client.post(reverse("reviews:review-create", args=[paper.slug]), FORM)
    nomination.refresh_from_db()
    assert nomination.status == "done"


def test_review_page_shows_rendered_markdown_with_katex(client, paper):
    review = ReviewFactory(paper=paper, body=FORM["body"], summary="One line.")
    response = client.get(review.get_absolute_url())
    content = response.content.decode()
    assert "<table>" in content
    assert '<span class="math inline">$y = F(x) + x$</span>' in content
    assert "vendor/katex-0.19.1/katex.min.js" in content
    assert "vendor/katex-0.19.1/contrib/auto-render.min.js" in content
    assert "js/review-math.js" in content


def test_review_page_query_budget(client, paper, django_assert_max_num_queries):
    review = ReviewFactory(paper=paper)
    with django_assert_max_num_queries(4):
        client.get(review.get_absolute_url())


def test_writer_edits_own_review(member_client, member, paper):
    review = ReviewFactory(paper=paper, created_by=member)
    response = member_client.post(
        reverse("reviews:review-update", args=[review.pk]), {**FORM, "summary": "Changed."}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.summary == "Changed."


def test_staff_edit_any_review(staff_client, paper):
    review = ReviewFactory(paper=paper, status=Review.Status.DRAFT)
    response = staff_client.post(
        reverse("reviews:review-update", args=[review.pk]), {**FORM, "summary": "Curated."}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.summary == "Curated."


def test_writer_deletes_own_review(member_client, member, paper):
    review = ReviewFactory(paper=paper, created_by=member)
    assert member_client.get(reverse("reviews:review-delete", args=[review.pk])).status_code == 200
    response = member_client.post(reverse("reviews:review-delete", args=[review.pk]))
    assert response["Location"] == paper.get_absolute_url()
    assert not Review.objects.exists()


def test_edit_and_delete_buttons_only_for_the_writer(client, member, paper):
    review = ReviewFactory(paper=paper, created_by=member)
    edit_url = reverse("reviews:review-update", args=[review.pk])
    assert edit_url not in client.get(review.get_absolute_url()).content.decode()
    client.force_login(member)
    assert edit_url in client.get(review.get_absolute_url()).content.decode()


def test_preview_renders_markdown_and_math(member_client):
    response = member_client.post(
        reverse("reviews:review-preview"), {"body": "**bold** $\\alpha$ <script>x()</script>"}
    )
    content = response.content.decode()
    assert "<strong>bold</strong>" in content
    assert '<span class="math inline">$\\alpha$</span>' in content
    assert "<script>" not in content


def test_preview_needs_post(member_client):
    assert member_client.get(reverse("reviews:review-preview")).status_code == 405


def test_review_start_page_sends_to_the_chosen_papers_form(member_client, paper):
    response = member_client.get(reverse("reviews:review-start"), {"paper": paper.pk})
    assert response["Location"] == reverse("reviews:review-create", args=[paper.slug])


def test_review_start_page_lists_my_drafts(member_client, member, paper):
    ReviewFactory(paper=paper, created_by=member, status=Review.Status.DRAFT)
    content = member_client.get(reverse("reviews:review-start")).content.decode()
    assert paper.title in content
    assert "Draft" in content


def test_invalid_form_keeps_the_text_and_shows_errors(member_client, paper):
    response = member_client.post(
        reverse("reviews:review-create", args=[paper.slug]),
        {**FORM, "summary_url": "not a url", "body": "my long text"},
    )
    assert response.status_code == 200
    assert "Enter a valid URL" in response.content.decode()
    assert "my long text" in response.content.decode()
    assert not Review.objects.exists()


def test_member_actions_on_the_paper_include(member_client, rf, member, paper):
    from django.template.loader import render_to_string

    request = rf.get(paper.get_absolute_url())
    request.user = member
    html = render_to_string(
        "reviews/includes/paper_member_actions.html",
        {"paper": paper, "user": member, "request": request},
    )
    assert reverse("reviews:review-create", args=[paper.slug]) in html
    assert reverse("reviews:nomination-create", args=[paper.slug]) in html


def test_publishing_in_the_admin_marks_the_paper_reviewed(staff_client, paper):
    review = ReviewFactory(paper=paper, status=Review.Status.DRAFT)
    response = staff_client.post(
        reverse("admin:reviews_review_change", args=[review.pk]),
        {
            "paper": paper.pk,
            "presenter": review.presenter.pk,
            "summary": review.summary,
            "body": review.body,
            "presented_on": "",
            "slides_url": "",
            "slides_name": "",
            "summary_url": "",
            "video_url": "",
            "visibility": "public",
            "status": "published",
            "created_by": review.created_by.pk,
        },
    )
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.status == Paper.Status.REVIEWED
