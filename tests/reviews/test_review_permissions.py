import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reviews.models import Review
from reviews.slides import slides_storage
from tests.factories import NominationFactory, PaperFactory, ReviewFactory, UserFactory

SECRET = "Zebrafish-members-only-insight"


@pytest.fixture
def paper(db):
    return PaperFactory(slug="resnet")


@pytest.fixture
def review(paper):
    return ReviewFactory(paper=paper)


WRITE_URLS = [
    ("get", "reviews:review-create", {"slug": "resnet"}),
    ("post", "reviews:review-create", {"slug": "resnet"}),
    ("get", "reviews:review-update", "review"),
    ("post", "reviews:review-update", "review"),
    ("get", "reviews:review-delete", "review"),
    ("post", "reviews:review-delete", "review"),
    ("post", "reviews:review-preview", {}),
    ("get", "reviews:review-start", {}),
    ("post", "reviews:nomination-create", {"slug": "resnet"}),
    ("post", "reviews:nomination-vote", "nomination"),
    ("post", "reviews:nomination-schedule", "nomination"),
    ("get", "invitation-create", {}),
    ("post", "invitation-create", {}),
    ("get", "profile", {}),
    ("get", "password_change", {}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), WRITE_URLS)
def test_visitor_is_sent_to_login_from_every_write_url(client, review, method, name, kwargs):
    if kwargs == "review":
        kwargs = {"pk": review.pk}
    elif kwargs == "nomination":
        kwargs = {"pk": NominationFactory().pk}
    url = reverse(name, kwargs=kwargs)
    if method == "post":
        response = client.post(url, {"body": "x", "summary": "x"})
    else:
        response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert Review.objects.count() == 1


def test_member_cannot_edit_another_members_review(member_client, review):
    response = member_client.get(reverse("reviews:review-update", args=[review.pk]))
    assert response.status_code == 403
    response = member_client.post(
        reverse("reviews:review-update", args=[review.pk]),
        {"summary": "hijacked", "visibility": "public", "status": "published"},
    )
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.summary != "hijacked"


def test_member_cannot_delete_another_members_review(member_client, review):
    response = member_client.post(reverse("reviews:review-delete", args=[review.pk]))
    assert response.status_code == 403
    assert Review.objects.filter(pk=review.pk).exists()


def test_member_cannot_see_another_members_draft(member_client, paper):
    draft = ReviewFactory(paper=paper, status=Review.Status.DRAFT, summary=SECRET)
    assert member_client.get(draft.get_absolute_url()).status_code == 404
    assert member_client.get(reverse("reviews:review-update", args=[draft.pk])).status_code == 404
    assert member_client.post(reverse("reviews:review-delete", args=[draft.pk])).status_code == 404
    assert SECRET not in member_client.get(paper.get_absolute_url()).content.decode()


def test_writer_and_staff_see_a_draft(client, paper):
    writer = UserFactory()
    draft = ReviewFactory(paper=paper, status=Review.Status.DRAFT, created_by=writer)
    client.force_login(writer)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.force_login(UserFactory(is_staff=True))
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_visitor_cannot_see_a_draft(client, paper):
    draft = ReviewFactory(paper=paper, status=Review.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.fixture
def members_only(paper):
    storage = slides_storage()
    return ReviewFactory(
        paper=paper,
        visibility=Review.Visibility.MEMBERS,
        summary=SECRET,
        body=f"Details: {SECRET}",
        slides=storage.save("slides/2024/01/abc.pdf", ContentFile(b"%PDF-1.4 secret")),
        slides_thumbnail=storage.save("slides/thumbnails/abc.png", ContentFile(b"\x89PNG")),
        slides_name="secret.pdf",
    )


def test_members_only_review_page_is_not_found_for_visitors(client, members_only):
    assert client.get(members_only.get_absolute_url()).status_code == 404


def test_members_only_review_page_is_shown_to_members(member_client, members_only):
    response = member_client.get(members_only.get_absolute_url())
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert "Members only" in response.content.decode()


@pytest.mark.parametrize("name", ["reviews:review-slides", "reviews:review-slides-thumbnail"])
def test_members_only_slides_are_not_found_for_visitors(client, member, members_only, name):
    url = reverse(name, args=[members_only.pk])
    assert client.get(url).status_code == 404
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_members_only_review_is_not_in_the_atom_feed(client, members_only):
    public = ReviewFactory(summary="A public one.")
    content = client.get(reverse("reviews:review-feed")).content.decode()
    assert public.paper.title in content
    assert SECRET not in content
    assert members_only.get_absolute_url() not in content


def catalog_url(url, review):
    return review.presenter.get_absolute_url() if url == "presenter page" else url


@pytest.mark.parametrize(
    "url", ["/", "/papers/", "/papers/resnet/", "presenter page", "/schedule/", "/stats/"]
)
def test_members_only_review_is_invisible_to_visitors_in_the_catalog(client, members_only, url):
    response = client.get(catalog_url(url, members_only))
    # The presenter of nothing but members-only reviews is not public; every other page is.
    assert response.status_code == (404 if url == "presenter page" else 200)
    content = response.content.decode()
    assert SECRET not in content
    assert members_only.get_absolute_url() not in content
    assert reverse("reviews:review-slides", args=[members_only.pk]) not in content


@pytest.mark.parametrize("url", ["/papers/resnet/", "presenter page"])
def test_members_only_review_is_listed_for_members(member_client, members_only, url):
    response = member_client.get(catalog_url(url, members_only))
    assert response.status_code == 200
    content = response.content.decode()
    assert SECRET in content
    assert members_only.get_absolute_url() in content


def search_result_urls(client, word) -> list[str]:
    response = client.get(reverse("reviews:paper-list"), {"q": word})
    assert response.status_code == 200
    return [paper.get_absolute_url() for paper in response.context["page_obj"]]


def test_search_does_not_find_a_paper_by_words_of_its_members_only_review(
    client, member_client, members_only
):
    """ "Zebrafish" occurs only in the members-only review: the paper's card must not come up
    for anyone, since the search index is shared (it holds public reviews only)."""
    from reviews.search import refresh_search_index

    paper_url = members_only.paper.get_absolute_url()
    refresh_search_index([members_only.paper_id])
    assert search_result_urls(member_client, "Zebrafish") == []
    member_client.logout()
    assert search_result_urls(client, "Zebrafish") == []
    # The same words in a public review do find the paper: the search reads reviews.
    Review.objects.filter(pk=members_only.pk).update(visibility=Review.Visibility.PUBLIC)
    refresh_search_index([members_only.paper_id])
    assert search_result_urls(client, "Zebrafish") == [paper_url]


def test_members_only_review_is_not_in_the_api(client, members_only):
    for url in (
        "/api/papers/",
        reverse("reviews:api-paper-detail", args=[members_only.paper_id]),
        "/api/reviews/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode()
    response = client.get(f"/api/reviews/{members_only.pk}/")
    assert response.status_code == 404
