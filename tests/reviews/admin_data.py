"""Form data for the paper admin page with its reviews inline, as a browser would post it."""

from django.urls import reverse


def paper_admin_data(staff_client, review, **review_changes):
    paper = review.paper
    page = staff_client.get(reverse("admin:reviews_paper_change", args=[paper.pk]))
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.pop("topics", None)
    data.update(
        {
            "title": paper.title,
            "slug": paper.slug,
            "status": paper.status,
            "authors": paper.authors,
            "venue": paper.venue_id,
            "year": paper.year,
            "tags": "",
            "reviews-TOTAL_FORMS": "1",
            "reviews-INITIAL_FORMS": "1",
            "reviews-MIN_NUM_FORMS": "0",
            "reviews-MAX_NUM_FORMS": "1000",
            "reviews-0-id": review.pk,
            "reviews-0-paper": paper.pk,
            "reviews-0-presenter": review.presenter_id,
            "reviews-0-summary": review.summary,
            "reviews-0-body": review.body,
            "reviews-0-status": review.status,
            "reviews-0-visibility": review.visibility,
        }
    )
    data.update({f"reviews-0-{name}": value for name, value in review_changes.items()})
    return data
