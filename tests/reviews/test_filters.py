import pytest

from reviews.filters import PaperFilter
from reviews.models import Paper, Review
from reviews.search import refresh_search_index
from tests.factories import (
    CategoryFactory,
    PaperFactory,
    PresenterFactory,
    ReviewFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def titles(**params):
    return set(PaperFilter(params).qs.values_list("title", flat=True))


@pytest.fixture
def catalog():
    cnn = CategoryFactory(name="CNN")
    classification = CategoryFactory(name="Classification", parent=cnn)
    nlp = CategoryFactory(name="NLP")
    cvpr = VenueFactory(short_name="CVPR")
    neurips = VenueFactory(short_name="NeurIPS")
    resnet = PaperFactory(
        title="ResNet",
        year=2016,
        venue=cvpr,
        topics=[classification],
        tags=["residual"],
        code_url="https://github.com/x/resnet",
        status=Paper.Status.REVIEWED,
    )
    alexnet = PaperFactory(title="AlexNet", year=2012, venue=neurips, topics=[cnn])
    bert = PaperFactory(
        title="BERT",
        year=2019,
        venue=neurips,
        topics=[nlp],
        tags=["language"],
        status=Paper.Status.SCHEDULED,
    )
    vit = PaperFactory(
        title="ViT",
        year=2021,
        venue=cvpr,
        topics=[classification],
        our_code_url="https://github.com/us/vit",
    )
    kim = PresenterFactory(name="Kim")
    ReviewFactory(paper=resnet, presenter=kim)
    ReviewFactory(paper=bert, presenter=kim, visibility=Review.Visibility.MEMBERS)
    return {
        "cnn": cnn,
        "classification": classification,
        "kim": kim,
        "papers": [resnet, alexnet, bert, vit],
    }


def test_no_filter_lists_every_paper(catalog):
    assert titles() == {"ResNet", "AlexNet", "BERT", "ViT"}


def test_parent_topic_includes_papers_of_its_subtopics(catalog):
    assert titles(topic="cnn") == {"ResNet", "AlexNet", "ViT"}


def test_subtopic_lists_only_its_own_papers(catalog):
    assert titles(topic=catalog["classification"].slug) == {"ResNet", "ViT"}


def test_venue_filter(catalog):
    assert titles(venue="cvpr") == {"ResNet", "ViT"}


def test_one_year(catalog):
    assert titles(year="2016") == {"ResNet"}


def test_year_range_includes_both_ends(catalog):
    assert titles(year_min="2016", year_max="2019") == {"ResNet", "BERT"}


def test_open_ended_year_range(catalog):
    assert titles(year_min="2019") == {"BERT", "ViT"}


def test_tag_filter(catalog):
    assert titles(tag="residual") == {"ResNet"}


def test_status_filter(catalog):
    assert titles(status="scheduled") == {"BERT"}


def test_has_code_counts_official_and_our_code(catalog):
    assert titles(has_code="1") == {"ResNet", "ViT"}


def test_presenter_filter_goes_by_public_reviews_for_visitors(catalog):
    assert titles(presenter="kim") == {"ResNet"}


def test_filters_combine(catalog):
    assert titles(topic="cnn", venue="cvpr", year_min="2017", has_code="1") == {"ViT"}
    assert titles(topic="cnn", tag="residual", status="reviewed", presenter="kim") == {"ResNet"}


def test_combined_filters_can_leave_nothing(catalog):
    assert titles(venue="neurips", has_code="1") == set()


def test_invalid_values_are_ignored_instead_of_emptying_the_catalog(catalog):
    assert titles(year="last-year", status="finished") == {"ResNet", "AlexNet", "BERT", "ViT"}


def test_search_combines_with_filters(catalog):
    refresh_search_index(paper.pk for paper in catalog["papers"])
    assert titles(q="alexnet", venue="neurips") == {"AlexNet"}
    assert titles(q="alexnet", venue="cvpr") == set()


def test_sort_by_title_and_by_year():
    PaperFactory(title="b paper", year=2010)
    PaperFactory(title="A paper", year=2020)
    PaperFactory(title="C paper", year=None)
    by_title = list(PaperFilter({"sort": "title"}).qs.values_list("title", flat=True))
    assert by_title == ["A paper", "b paper", "C paper"]
    oldest = list(PaperFilter({"sort": "year"}).qs.values_list("title", flat=True))
    assert oldest == ["b paper", "A paper", "C paper"]
    newest = list(PaperFilter({"sort": "-year"}).qs.values_list("title", flat=True))
    assert newest == ["A paper", "b paper", "C paper"]


def test_default_sort_is_newest_added_first():
    first = PaperFactory(title="First added")
    second = PaperFactory(title="Second added")
    assert list(PaperFilter({}).qs) == [second, first]


def test_counts_follow_the_other_filters(catalog):
    facets = PaperFilter({"venue": "cvpr"}).facets
    topics = {option.value: option.count for option in facets["topic"]}
    assert topics == {"cnn": 2, catalog["classification"].slug: 2}
    venues = {option.value: option.count for option in facets["venue"]}
    assert venues == {"cvpr": 2, "neurips": 2}  # its own filter is left out: a count = a choice
    assert {o.value: o.count for o in facets["status"]} == {
        "to_read": 1,
        "scheduled": 0,
        "presented": 0,
        "reviewed": 1,
    }
    assert facets["has_code"][0].count == 2
    assert [(o.value, o.count) for o in facets["year"]] == [("2021", 1), ("2016", 1)]


def test_parent_topic_count_counts_a_paper_once(catalog):
    paper = catalog["papers"][0]
    paper.topics.add(catalog["cnn"])
    facets = PaperFilter({}).facets
    assert {o.value: o.count for o in facets["topic"]}["cnn"] == 3


def test_presenter_counts_ignore_members_only_reviews(catalog):
    facets = PaperFilter({}).facets
    assert [(o.value, o.count) for o in facets["presenter"]] == [("kim", 1)]


def test_result_count_matches_the_results(catalog):
    for params in ({}, {"status": "reviewed"}, {"topic": "cnn", "has_code": "1"}, {"q": "BERT"}):
        filterset = PaperFilter(params)
        assert filterset.result_count == filterset.qs.count()


def test_active_filters_name_what_is_applied(catalog):
    active = PaperFilter({"venue": "cvpr", "has_code": "1", "q": "net"}).active_filters()
    assert ("venue", "Venue", "CVPR") in active
    assert ("has_code", "Has code", "with code") in active
    assert ("q", "Search", "net") in active


# --- Cached counts ------------------------------------------------------------------------------


@pytest.mark.postgres
def test_cached_counts_follow_a_bulk_update_at_once(catalog):
    before = {o.value: o.count for o in PaperFilter({}).facets["year"]}
    Paper.objects.filter(year=2016).update(year=2001)  # no save(): the trigger sees it
    after = {o.value: o.count for o in PaperFilter({}).facets["year"]}
    assert "2016" in before and "2016" not in after
    assert after["2001"] == before["2016"]


@pytest.mark.postgres
def test_cached_counts_are_read_from_the_cache_while_nothing_changes(
    catalog, django_assert_max_num_queries
):
    assert PaperFilter({}).facets
    with django_assert_max_num_queries(1):  # the catalog's version only
        assert PaperFilter({}).facets


def test_a_search_counts_only_the_papers_it_finds(catalog):
    found = PaperFilter({"q": "ResNet"})
    assert found.result_count == found.qs.count() >= 1
