"""A talk with slides and nothing written is shown as a talk: "presented", not "reviewed"."""

import pytest
from django.urls import reverse

from reviews.models import Paper, Review
from tests.factories import PaperFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def talk(paper, **kwargs):
    """The record of a talk, as a README import writes it: no summary, no body."""
    return ReviewFactory(
        paper=paper,
        summary="",
        body="",
        status=Review.Status.PUBLISHED,
        visibility=Review.Visibility.PUBLIC,
        **kwargs,
    )


def test_a_paper_with_only_a_talk_is_presented_for_visitors():
    paper = PaperFactory(status=Paper.Status.REVIEWED)
    talk(paper, slides_url="https://example.org/slides.pdf")
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.PRESENTED
    assert paper.status == Paper.Status.REVIEWED  # the group's own word is kept


def test_writing_the_review_makes_the_paper_reviewed():
    paper = PaperFactory(status=Paper.Status.REVIEWED)
    review = talk(paper)
    review.summary = "Residual connections make deep networks trainable."
    review.save()
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.REVIEWED


def test_a_bulk_edit_of_the_body_refreshes_the_visitor_status():
    paper = PaperFactory(status=Paper.Status.REVIEWED)
    review = talk(paper)
    Review.objects.filter(pk=review.pk).update(body="## Method\n\nIt works.")
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.REVIEWED


def test_a_paper_linking_only_its_slides_is_presented():
    paper = PaperFactory(status=Paper.Status.REVIEWED, slides_url="https://example.org/s.pdf")
    assert paper.public_status == Paper.Status.PRESENTED
    paper.save()
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.PRESENTED
    assert Paper.objects.filter(pk=paper.pk).refresh_public_status() == 1
    assert Paper.objects.get(pk=paper.pk).public_status == Paper.Status.PRESENTED


def test_a_paper_linking_the_groups_notes_is_reviewed():
    paper = PaperFactory(
        status=Paper.Status.REVIEWED,
        slides_url="https://example.org/s.pdf",
        summary_url="https://notion.example/notes",
    )
    talk(paper)
    paper.refresh_from_db()
    assert paper.public_status == Paper.Status.REVIEWED


def test_a_curators_reviewed_without_any_review_stays_reviewed():
    paper = PaperFactory(status=Paper.Status.REVIEWED)
    paper.save()
    assert Paper.objects.get(pk=paper.pk).public_status == Paper.Status.REVIEWED


def test_the_group_cannot_set_presented_itself():
    assert "presented" not in dict(Paper._meta.get_field("status").choices)
    assert "presented" in dict(Paper._meta.get_field("public_status").choices)


def test_a_talk_page_says_talk_not_review(client):
    paper = PaperFactory(status=Paper.Status.REVIEWED, title="Deep Residual Learning")
    review = talk(paper, slides_url="https://example.org/slides.pdf")
    content = client.get(review.get_absolute_url()).content.decode()
    assert "Talk: Deep Residual Learning" in content
    assert "Review:" not in content
    assert "no review has been written yet" in content
    assert "https://example.org/slides.pdf" in content


def test_the_paper_page_lists_a_talk_as_a_talk(client):
    paper = PaperFactory(status=Paper.Status.REVIEWED)
    talk(paper)
    content = client.get(paper.get_absolute_url()).content.decode()
    assert "Talk (no written review)" in content
    assert "Read the review" not in content


def test_the_catalog_filters_presented_papers(client):
    presented = PaperFactory(status=Paper.Status.REVIEWED, slides_url="https://example.org/s")
    PaperFactory(status=Paper.Status.REVIEWED)
    response = client.get(reverse("reviews:paper-list"), {"status": "presented"})
    assert [paper.pk for paper in response.context["papers"]] == [presented.pk]
    assert 'value="presented"' in response.content.decode()
