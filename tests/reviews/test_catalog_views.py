import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.exporters.bibtex import paper_to_bibtex, papers_to_bibtex
from reviews.filters import ORDERINGS
from reviews.models import Nomination, Paper, Review
from tests.factories import (
    CategoryFactory,
    CollectionEntryFactory,
    CollectionFactory,
    NominationFactory,
    PaperFactory,
    PresenterFactory,
    ReviewFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def resnet():
    cnn = CategoryFactory(name="CNN")
    return PaperFactory(
        title="Deep Residual Learning for Image Recognition",
        short_name="ResNet",
        authors="Kaiming He\nXiangyu Zhang\nShaoqing Ren\nJian Sun",
        year=2016,
        venue=VenueFactory(short_name="CVPR", full_name="Computer Vision and Pattern Recognition"),
        arxiv_id="1512.03385",
        url="https://arxiv.org/abs/1512.03385",
        pdf_url="https://arxiv.org/pdf/1512.03385",
        code_url="https://github.com/KaimingHe/deep-residual-networks",
        our_code_url="https://github.com/group/resnet",
        slides_url="https://example.org/resnet-slides",
        video_url="https://example.org/resnet-video",
        topics=[cnn],
        tags=["residual"],
    )


def test_home_shows_topics_with_reviewed_counts_latest_reviews_and_next_talks(client, resnet):
    ReviewFactory(paper=resnet, summary="Shortcut connections make depth trainable.")
    resnet.status = Paper.Status.REVIEWED
    resnet.save()
    NominationFactory(
        paper=PaperFactory(title="Attention Is All You Need"),
        status=Nomination.Status.SCHEDULED,
        presenter=PresenterFactory(name="Lee"),
        scheduled_for=timezone.localdate() + datetime.timedelta(days=3),
    )
    response = client.get(reverse("reviews:home"))
    content = response.content.decode()
    assert "Shortcut connections make depth trainable." in content
    assert "Attention Is All You Need" in content
    topic = response.context["topics"][0]
    assert (topic.name, topic.paper_count, topic.reviewed_count) == ("CNN", 1, 1)


def test_home_never_shows_members_only_or_draft_reviews(client, resnet):
    ReviewFactory(paper=resnet, summary="Members only", visibility=Review.Visibility.MEMBERS)
    ReviewFactory(paper=resnet, summary="Still a draft", status=Review.Status.DRAFT)
    content = client.get(reverse("reviews:home")).content.decode()
    assert "Members only" not in content
    assert "Still a draft" not in content


def test_catalog_lists_papers_with_their_count(client, resnet):
    PaperFactory(title="Another paper")
    response = client.get(reverse("reviews:paper-list"))
    assert response.context["paginator"].count == 2
    assert "2 papers" in response.content.decode()


def test_catalog_filter_state_is_a_plain_get_url(client, resnet):
    PaperFactory(title="Another paper")
    response = client.get(reverse("reviews:paper-list"), {"topic": "cnn", "has_code": "1"})
    assert [paper.title for paper in response.context["papers"]] == [resnet.title]
    content = response.content.decode()
    assert 'value="cnn" selected' in content
    assert 'id="id_has_code" checked' in content


def test_catalog_paginates_and_keeps_filters_in_page_links(client):
    venue = VenueFactory(short_name="ICLR")
    for i in range(25):
        PaperFactory(title=f"Paper {i}", venue=venue)
    response = client.get(reverse("reviews:paper-list"), {"venue": "iclr"})
    assert len(response.context["papers"]) == 20
    assert "?venue=iclr&amp;page=2" in response.content.decode()
    second = client.get(reverse("reviews:paper-list"), {"venue": "iclr", "page": 2})
    assert len(second.context["papers"]) == 5


def test_htmx_request_gets_only_the_results_and_the_updated_filters(client, resnet):
    response = client.get(reverse("reviews:paper-list"), {"q": "residual"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<html" not in content
    assert 'id="facets" class="facets" data-hx-swap-oob="true"' in content
    assert resnet.title in content


def test_empty_result_says_so_and_suggests_removing_filters(client, resnet):
    response = client.get(reverse("reviews:paper-list"), {"q": "zebra", "venue": "cvpr"})
    content = response.content.decode()
    assert "No paper matches “zebra”" in content
    assert "Try removing a filter" in content


def test_catalog_offers_relevance_sort_only_when_searching(client, resnet):
    plain = client.get(reverse("reviews:paper-list"))
    assert "relevance" not in [value for value, _ in plain.context["sort_choices"]]
    searching = client.get(reverse("reviews:paper-list"), {"q": "residual"})
    assert searching.context["sort"] == "relevance"


def test_paper_page_groups_and_labels_every_link(client, resnet):
    response = client.get(resnet.get_absolute_url())
    groups = dict(response.context["link_groups"])
    assert [name for name, _label, _url in groups["read"]] == ["url", "pdf_url"]
    assert [name for name, _label, _url in groups["code"]] == ["code_url", "our_code_url"]
    assert [name for name, _label, _url in groups["study"]] == ["slides_url", "video_url"]
    content = response.content.decode()
    for label in ("Paper page", "PDF", "Official code", "Our code", "Slides", "Video"):
        assert label in content


def test_paper_page_shows_public_reviews_with_presenter_and_date(client, resnet):
    ReviewFactory(
        paper=resnet,
        presenter=PresenterFactory(name="Kim"),
        summary="Residuals ease optimisation.",
        presented_on=datetime.date(2024, 3, 5),
    )
    ReviewFactory(paper=resnet, summary="Secret notes", visibility=Review.Visibility.MEMBERS)
    content = client.get(resnet.get_absolute_url()).content.decode()
    assert "Residuals ease optimisation." in content
    assert "Kim" in content
    assert 'datetime="2024-03-05"' in content
    assert "Secret notes" not in content


def test_member_sees_members_only_reviews_on_the_paper_page(member_client, resnet):
    ReviewFactory(paper=resnet, summary="Secret notes", visibility=Review.Visibility.MEMBERS)
    assert "Secret notes" in member_client.get(resnet.get_absolute_url()).content.decode()


def test_paper_page_shows_a_bibtex_entry_to_copy(client, resnet):
    content = client.get(resnet.get_absolute_url()).content.decode()
    assert "@inproceedings{he2016deep," in content
    assert "Copy BibTeX" in content


def test_paper_page_suggests_papers_sharing_topics_and_tags(client, resnet):
    cnn = resnet.topics.get()
    both = PaperFactory(title="Wide Residual Networks", topics=[cnn], tags=["residual"])
    topic_only = PaperFactory(title="VGG", topics=[cnn])
    PaperFactory(title="Unrelated")
    related = list(client.get(resnet.get_absolute_url()).context["related_papers"])
    assert related == [both, topic_only]


def test_unknown_paper_is_not_found(client):
    assert client.get(reverse("reviews:paper-detail", args=["nope"])).status_code == 404


def test_bibtex_entry_of_a_conference_paper(resnet):
    entry = paper_to_bibtex(resnet)
    assert entry.startswith("@inproceedings{he2016deep,\n")
    assert "author        = {Kaiming He and Xiangyu Zhang and Shaoqing Ren and Jian Sun}" in entry
    assert "booktitle     = {Computer Vision and Pattern Recognition}" in entry
    assert "eprint        = {1512.03385}" in entry


def test_bibtex_escapes_special_characters_and_keeps_unicode():
    paper = PaperFactory(title="R&D at 50% of $cost_", authors="김성철", venue=None, year=2021)
    entry = paper_to_bibtex(paper)
    assert r"title  = {R\&D at 50\% of \$cost\_}" in entry
    assert "author = {김성철}" in entry
    assert entry.startswith("@misc{")


def test_bibtex_file_gives_each_entry_its_own_key(resnet):
    twin = PaperFactory(title=resnet.title + " again", authors=resnet.authors, year=2016)
    keys = [line for line in papers_to_bibtex([resnet, twin]).splitlines() if line.startswith("@")]
    assert keys == ["@inproceedings{he2016deep,", "@inproceedings{he2016deepb,"]


def test_topic_page_lists_papers_of_its_subtopics(client, resnet):
    cnn = resnet.topics.get()
    child = CategoryFactory(name="Classification", parent=cnn)
    PaperFactory(title="ViT", topics=[child])
    response = client.get(cnn.get_absolute_url())
    assert {paper.title for paper in response.context["papers"]} == {resnet.title, "ViT"}
    assert "Classification" in response.content.decode()


def test_venue_page_lists_its_papers(client, resnet):
    PaperFactory(title="Elsewhere")
    response = client.get(resnet.venue.get_absolute_url())
    assert [paper.title for paper in response.context["papers"]] == [resnet.title]


def test_tag_page_lists_its_papers(client, resnet):
    PaperFactory(title="Untagged")
    response = client.get(reverse("reviews:tag-detail", args=["residual"]))
    assert [paper.title for paper in response.context["papers"]] == [resnet.title]


def test_presenter_page_shows_their_public_reviews_and_slides(client, resnet):
    kim = PresenterFactory(name="Kim")
    ReviewFactory(paper=resnet, presenter=kim, slides_url="https://example.org/kim.pdf")
    ReviewFactory(presenter=kim, summary="Hidden", visibility=Review.Visibility.MEMBERS)
    content = client.get(kim.get_absolute_url()).content.decode()
    assert resnet.title in content
    assert "https://example.org/kim.pdf" in content
    assert "Hidden" not in content


def test_collection_page_shows_its_papers_in_order_with_notes(client):
    collection = CollectionFactory(title="Research trends 2024-05", description="What moved.")
    CollectionEntryFactory(collection=collection, paper=PaperFactory(title="Second"), position=2)
    CollectionEntryFactory(
        collection=collection, paper=PaperFactory(title="First"), position=1, note="Read first."
    )
    response = client.get(collection.get_absolute_url())
    assert [entry.paper.title for entry in response.context["entries"]] == ["First", "Second"]
    assert "Read first." in response.content.decode()


def test_schedule_lists_upcoming_talks_and_past_public_presentations(client, resnet):
    today = timezone.localdate()
    NominationFactory(
        paper=PaperFactory(title="Upcoming paper"),
        status=Nomination.Status.SCHEDULED,
        presenter=PresenterFactory(name="Park"),
        scheduled_for=today + datetime.timedelta(days=7),
    )
    ReviewFactory(paper=resnet, presented_on=today - datetime.timedelta(days=30))
    ReviewFactory(
        paper=PaperFactory(title="Private talk"),
        presented_on=today - datetime.timedelta(days=10),
        visibility=Review.Visibility.MEMBERS,
    )
    response = client.get(reverse("reviews:schedule"))
    content = response.content.decode()
    assert "Upcoming paper" in content
    assert "Park" in content
    assert resnet.title in content
    assert "Private talk" not in content


def test_stats_page_draws_charts_with_text_alternatives(client, resnet):
    content = client.get(reverse("reviews:stats")).content.decode()
    assert '<svg class="chart chart-' in content
    assert "<table>" in content


def test_every_public_page_has_one_main_landmark_and_one_h1(client, resnet):
    ReviewFactory(paper=resnet)
    collection = CollectionFactory()
    for url in (
        reverse("reviews:home"),
        reverse("reviews:paper-list"),
        resnet.get_absolute_url(),
        resnet.topics.get().get_absolute_url(),
        resnet.venue.get_absolute_url(),
        reverse("reviews:tag-detail", args=["residual"]),
        resnet.reviews.get().presenter.get_absolute_url(),
        collection.get_absolute_url(),
        reverse("reviews:collection-list"),
        reverse("reviews:schedule"),
        reverse("reviews:stats"),
    ):
        content = client.get(url).content.decode()
        assert content.count("<main") == 1, url
        assert content.count("<h1") == 1, url


VNU_JAR = next(
    (
        path
        for path in (
            os.environ.get("VNU_JAR", ""),
            str(Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"),
        )
        if path and os.path.exists(path)
    ),
    None,
)


@pytest.mark.skipif(
    not (VNU_JAR and shutil.which("java")),
    reason="needs Java and the Nu Html Checker (npm vnu-jar; set VNU_JAR)",
)
def test_public_pages_are_valid_html(client, resnet, tmp_path):
    review = ReviewFactory(paper=resnet, presented_on=datetime.date(2024, 3, 5))
    NominationFactory(
        status=Nomination.Status.SCHEDULED,
        presenter=review.presenter,
        scheduled_for=timezone.localdate() + datetime.timedelta(days=2),
    )
    collection = CollectionFactory()
    CollectionEntryFactory(collection=collection, paper=resnet, note="Why.")
    urls = [
        reverse("reviews:home"),
        reverse("reviews:paper-list"),
        reverse("reviews:paper-list") + "?q=residual&topic=cnn&has_code=1&sort=title",
        reverse("reviews:paper-list") + "?q=nothing-matches",
        resnet.get_absolute_url(),
        resnet.topics.get().get_absolute_url(),
        resnet.venue.get_absolute_url(),
        reverse("reviews:tag-detail", args=["residual"]),
        review.presenter.get_absolute_url(),
        collection.get_absolute_url(),
        reverse("reviews:collection-list"),
        reverse("reviews:schedule"),
        reverse("reviews:stats"),
        reverse("reviews:paper-list") + "?topic=cnn&status=to_read",
    ]
    files = []
    for i, url in enumerate(urls):
        path = tmp_path / f"page{i}.html"
        path.write_bytes(client.get(url).content)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", VNU_JAR, "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


# --- Presenters are public only once they have something public --------------------------------


@pytest.fixture
def private_presenters(resnet):
    """A member with a first draft only, and one with members-only reviews only."""
    drafter = PresenterFactory(name="Drafting Member", slug="drafting-member")
    ReviewFactory(paper=resnet, presenter=drafter, status=Review.Status.DRAFT, summary="Draft")
    insider = PresenterFactory(name="Secret Member", slug="secret-member")
    ReviewFactory(paper=resnet, presenter=insider, visibility=Review.Visibility.MEMBERS)
    return drafter, insider


def test_presenter_with_only_a_draft_or_members_only_reviews_has_no_public_page(
    client, private_presenters
):
    for presenter in private_presenters:
        assert client.get(presenter.get_absolute_url()).status_code == 404


def test_presenter_with_a_scheduled_talk_has_a_public_page(client, resnet):
    lee = PresenterFactory(name="Lee")
    NominationFactory(
        paper=resnet,
        status=Nomination.Status.SCHEDULED,
        presenter=lee,
        scheduled_for=timezone.localdate() + datetime.timedelta(days=7),
    )
    assert client.get(lee.get_absolute_url()).status_code == 200


def test_member_sees_the_page_of_a_presenter_with_members_only_reviews(
    member_client, private_presenters
):
    drafter, insider = private_presenters
    assert member_client.get(insider.get_absolute_url()).status_code == 200
    assert member_client.get(drafter.get_absolute_url()).status_code == 404


def test_private_presenters_are_absent_from_the_catalog_facet_and_stats(client, private_presenters):
    ReviewFactory(presenter=PresenterFactory(name="Public Presenter"))
    catalog = client.get(reverse("reviews:paper-list")).content.decode()
    chosen = client.get(reverse("reviews:paper-list") + "?presenter=secret-member")
    stats = client.get(reverse("reviews:stats")).content.decode()

    assert "Public Presenter" in catalog and "Public Presenter" in stats
    for content in (catalog, chosen.content.decode(), stats):
        assert "Drafting Member" not in content
        assert "Secret Member" not in content
    assert list(chosen.context["papers"]) == []


# --- Home, htmx ---------------------------------------------------------------------------------


def test_home_latest_reviews_leave_out_talks_without_any_text(client, resnet):
    ReviewFactory(paper=resnet, summary="", body="", slides_url="https://example.org/bare.pdf")
    ReviewFactory(paper=resnet, summary="Worth reading.", body="")

    latest = client.get(reverse("reviews:home")).context["latest_reviews"]

    assert [review.summary for review in latest] == ["Worth reading."]


def test_catalog_response_varies_on_the_htmx_header(client, resnet):
    page = client.get(reverse("reviews:paper-list"))
    fragment = client.get(reverse("reviews:paper-list"), HTTP_HX_REQUEST="true")

    for response in (page, fragment):
        assert "HX-Request" in response["Vary"]


# --- Walk-through fixes -------------------------------------------------------------------------


def test_a_page_past_the_end_shows_the_last_page(client):
    PaperFactory.create_batch(25, topics=[CategoryFactory(name="CNN", slug="cnn")])
    url = reverse("reviews:paper-list")

    response = client.get(url, {"topic": "cnn", "page": 9})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert len(response.context["papers"]) == 5


def test_a_page_that_is_not_a_number_shows_the_first_page(client):
    PaperFactory.create_batch(25)

    response = client.get(reverse("reviews:paper-list"), {"page": "last-ish"})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_a_topic_page_past_the_end_shows_its_last_page(client):
    cnn = CategoryFactory(name="CNN")
    PaperFactory.create_batch(3, topics=[cnn])

    response = client.get(cnn.get_absolute_url(), {"page": 4})

    assert response.status_code == 200
    assert len(response.context["papers"]) == 3


def test_a_search_without_filters_suggests_other_words_not_removing_filters(client, resnet):
    content = client.get(reverse("reviews:paper-list"), {"q": "zebra"}).content.decode()

    assert "No paper matches “zebra”." in content
    assert "Try removing a filter" not in content
    assert "Try other or fewer words" in content


def test_empty_filtered_results_offer_a_link_that_clears_the_filters_but_keeps_the_search(
    client, resnet
):
    content = client.get(
        reverse("reviews:paper-list"), {"q": "zebra", "venue": "cvpr"}
    ).content.decode()

    assert "Try removing a filter above" in content
    assert 'href="/papers/?q=zebra">clear the filters</a>' in content


def test_an_empty_catalog_does_not_talk_about_filters(client, db):
    content = client.get(reverse("reviews:paper-list")).content.decode()

    assert "The catalog has no papers yet." in content
    assert "Try removing a filter" not in content


def test_the_presenter_facet_stays_while_a_presenter_is_selected_without_results(client, resnet):
    presenter = PresenterFactory(name="Mina Park", slug="mina")
    ReviewFactory(paper=resnet, presenter=presenter)
    other = PaperFactory(title="Attention Is All You Need", year=2017)

    response = client.get(reverse("reviews:paper-list"), {"presenter": "mina", "year": other.year})
    content = response.content.decode()

    assert response.context["paginator"].count == 0
    assert 'name="presenter"' in content
    assert '<option value="mina" selected>Mina Park (0)</option>' in content


def test_a_reviewed_paper_without_a_written_review_says_none_is_written_yet(member_client):
    paper = PaperFactory(status=Paper.Status.REVIEWED)

    content = member_client.get(paper.get_absolute_url()).content.decode()

    assert "The group has not reviewed this paper yet." not in content
    assert "no review has been written on PaperShelf yet" in content
    assert reverse("reviews:review-create", args=[paper.slug]) in content


def test_a_paper_to_read_says_the_group_has_not_reviewed_it(client):
    paper = PaperFactory(status=Paper.Status.TO_READ)

    content = client.get(paper.get_absolute_url()).content.decode()

    assert "The group has not reviewed this paper yet." in content


def test_a_review_without_presenter_shows_its_date_without_a_separator(client, resnet):
    ReviewFactory(
        paper=resnet, presenter=None, summary="Depth", presented_on=datetime.date(2019, 9, 21)
    )

    for url in (reverse("reviews:home"), resnet.get_absolute_url()):
        content = client.get(url).content.decode()
        assert '<p class="meta"><time datetime="2019-09-21">' in content, url
        assert "· <time" not in content, url


def test_collections_list_trend_months_newest_first_then_reading_lists(client):
    older = CollectionFactory(title="Trends: May", kind="trends", month=datetime.date(2022, 5, 1))
    newer = CollectionFactory(title="Trends: June", kind="trends", month=datetime.date(2022, 6, 1))
    reading = CollectionFactory(title="Classics", kind="reading_list")
    CollectionEntryFactory.create_batch(3, collection=newer)

    response = client.get(reverse("reviews:collection-list"))
    content = response.content.decode()

    assert response.context["trends"] == [newer, older]
    assert response.context["reading_lists"] == [reading]
    assert content.index("Trends: June") < content.index("Trends: May") < content.index("Classics")
    assert "3 papers" in content


def test_collections_are_linked_from_the_header_home_and_paper_pages(client, resnet):
    digest = CollectionFactory(title="Trends: June", kind="trends", month=datetime.date(2022, 6, 1))
    CollectionEntryFactory(collection=digest, paper=resnet)

    home = client.get(reverse("reviews:home")).content.decode()
    paper_page = client.get(resnet.get_absolute_url()).content.decode()

    assert f'href="{reverse("reviews:collection-list")}"' in home
    assert f'href="{digest.get_absolute_url()}"' in home
    assert f'href="{digest.get_absolute_url()}"' in paper_page


def test_a_link_in_a_collection_description_is_clickable(client):
    collection = CollectionFactory(description="Slides: https://example.org/trends.pdf")

    content = client.get(collection.get_absolute_url()).content.decode()

    assert '<a href="https://example.org/trends.pdf" rel="noopener nofollow">Slides</a>' in content


def test_every_page_names_its_favicon(client, db):
    content = client.get(reverse("reviews:home")).content.decode()

    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in content


def test_the_copy_button_stays_hidden_until_javascript_shows_it(client, resnet):
    content = client.get(resnet.get_absolute_url()).content.decode()

    assert 'data-copy="bibtex"' in content
    assert "Copy BibTeX</button>" in content
    button = content[content.index('<button type="button" class="button copy-button"') :]
    assert " hidden>" in button[: button.index(">") + 1]


def test_members_links_fold_into_a_menu_in_the_header(member_client, member):
    content = member_client.get(reverse("reviews:home")).content.decode()

    assert '<details class="menu">' in content
    assert reverse("reviews:paper-add") in content
    assert reverse("reviews:queue") in content
    assert "Log out" in content


def test_a_paper_without_venue_shows_its_year_without_a_separator(client):
    paper = PaperFactory(venue=None, year=2021)

    content = client.get(paper.get_absolute_url()).content.decode()

    assert '<p class="meta">2021</p>' in content


@pytest.mark.parametrize("sort", ["new", "title", "-year"])
def test_pages_past_the_middle_show_the_same_papers_as_counting_from_the_start(client, sort):
    for i in range(45):
        PaperFactory(title=f"Paper {i:02}", year=2000 + i % 7)
    url = reverse("reviews:paper-list")
    everything = []
    for page in (1, 2, 3):  # pages 2 and 3 lie past the middle: read in the reversed order
        everything += [
            p.pk for p in client.get(url, {"sort": sort, "page": page}).context["papers"]
        ]
    listed = Paper.objects.order_by(*ORDERINGS[sort])
    assert everything == list(listed.values_list("pk", flat=True))
