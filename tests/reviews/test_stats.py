import datetime
import re

import pytest
from django.utils.html import escape

from reviews import stats
from reviews.models import Paper, Review
from tests.factories import (
    CategoryFactory,
    PaperFactory,
    PresenterFactory,
    ReviewFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def test_papers_per_year_counts_each_year_in_order():
    PaperFactory(year=2016)
    PaperFactory(year=2016)
    PaperFactory(year=2012)
    PaperFactory(year=None)
    assert stats.papers_per_year().rows == [("2012", 1), ("2016", 2)]


def test_papers_per_venue_puts_the_busiest_venue_first():
    cvpr = VenueFactory(short_name="CVPR")
    iclr = VenueFactory(short_name="ICLR")
    PaperFactory(venue=iclr)
    PaperFactory.create_batch(2, venue=cvpr)
    assert stats.papers_per_venue().rows == [("CVPR", 2), ("ICLR", 1)]


def test_topic_coverage_splits_reviewed_and_to_read_including_subtopics():
    cnn = CategoryFactory(name="CNN")
    child = CategoryFactory(name="Detection", parent=cnn)
    PaperFactory(topics=[cnn, child], status=Paper.Status.REVIEWED)
    PaperFactory(topics=[child])
    PaperFactory(topics=[cnn])
    assert stats.topic_coverage().rows == [("CNN", 1, 2)]


def test_reviews_per_month_counts_only_public_reviews():
    ReviewFactory(presented_on=datetime.date(2024, 3, 5))
    ReviewFactory(presented_on=datetime.date(2024, 3, 19))
    ReviewFactory(presented_on=datetime.date(2024, 4, 2))
    ReviewFactory(presented_on=datetime.date(2024, 4, 9), visibility=Review.Visibility.MEMBERS)
    ReviewFactory(presented_on=datetime.date(2024, 4, 16), status=Review.Status.DRAFT)
    assert stats.reviews_per_month().rows == [("2024-03", 2), ("2024-04", 1)]


def test_presentations_per_presenter_ignore_members_only_reviews():
    kim = PresenterFactory(name="Kim")
    ReviewFactory.create_batch(2, presenter=kim)
    ReviewFactory(presenter=PresenterFactory(name="Lee"), visibility=Review.Visibility.MEMBERS)
    assert stats.presentations_per_presenter().rows == [("Kim", 2)]


def test_chart_svg_is_labelled_for_screen_readers_and_escapes_names():
    PaperFactory(venue=VenueFactory(short_name="<b>Venue</b>"))
    svg = stats.papers_per_venue().svg()
    assert 'role="img"' in svg
    assert 'aria-labelledby="per-venue-title per-venue-desc"' in svg
    assert '<title id="per-venue-title">Papers per venue</title>' in svg
    assert escape("<b>Venue</b>") in svg
    assert "<b>Venue</b>" not in svg


def test_empty_catalog_draws_no_chart():
    assert stats.papers_per_year().svg() == ""


def test_a_long_label_is_shortened_with_its_full_text_as_tooltip():
    long_name = "Registration for medical image analysis with deep networks"
    PaperFactory(topics=[CategoryFactory(name=long_name)])
    PaperFactory(topics=[CategoryFactory(name="CNN")])

    svg = stats.topic_coverage().svg()

    assert f"<title>{long_name}</title>" in svg
    shown = re.search(r"<title>[^<]*</title>([^<]*)</text>", svg).group(1)
    assert shown.endswith("…")
    assert stats.text_width(shown, stats.HBAR_FONT) <= stats.LABEL_MAX
    assert "<title>CNN</title>" not in svg  # a label that fits is drawn whole


def test_bar_labels_end_inside_the_drawing():
    PaperFactory(topics=[CategoryFactory(name="CNN (Convolutional Neural Network)")])

    svg = stats.topic_coverage().svg()

    label_end = float(re.search(r'class="chart-label" x="([\d.]+)"', svg).group(1))
    label = re.search(r"</title>([^<]*)</text>", svg).group(1)
    assert label_end - stats.text_width(label, stats.HBAR_FONT) >= 0


def test_the_first_and_last_column_labels_are_not_cut_at_the_edges():
    for year in range(1998, 2023):
        PaperFactory(year=year)

    svg = stats.papers_per_year().svg()

    centres = [float(x) for x in re.findall(r'class="chart-label" x="([\d.]+)"', svg)]
    half = stats.text_width("1998") / 2
    assert centres[0] - half >= 0
    assert centres[-1] + half <= stats.WIDTH
    assert all(b - a >= 2 * half for a, b in zip(centres, centres[1:], strict=False))
