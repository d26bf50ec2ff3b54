import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reviews.models import Category, Paper, Review, Venue
from tests.factories import (
    CategoryFactory,
    PaperFactory,
    ReviewFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def test_duplicate_arxiv_id_is_refused_by_the_database():
    PaperFactory(arxiv_id="1512.03385")
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperFactory(arxiv_id="1512.03385v2")


def test_arxiv_id_is_stored_bare_whatever_form_it_is_given_in():
    paper = PaperFactory(arxiv_id="https://arxiv.org/pdf/1512.03385v3.pdf")
    assert paper.arxiv_id == "1512.03385"


def test_doi_identifies_at_most_one_paper_whatever_its_case():
    PaperFactory(doi="10.1109/CVPR.2016.90")
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperFactory(doi="https://doi.org/10.1109/cvpr.2016.90")


def test_many_papers_may_have_no_arxiv_id_or_doi():
    PaperFactory(arxiv_id="", doi="")
    PaperFactory(arxiv_id="", doi="")
    assert Paper.objects.filter(arxiv_id="", doi="").count() == 2


def test_malformed_arxiv_id_is_a_form_error():
    paper = PaperFactory.build(arxiv_id="not-an-id", venue=None)
    with pytest.raises(ValidationError) as error:
        paper.full_clean()
    assert "arxiv_id" in error.value.message_dict


def test_implausible_year_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperFactory(year=20150)


def test_category_name_is_unique_within_its_parent():
    cnn = CategoryFactory(name="CNN")
    CategoryFactory(name="Classification", parent=cnn)
    with pytest.raises(IntegrityError), transaction.atomic():
        CategoryFactory(name="classification", parent=cnn)


def test_same_category_name_is_allowed_under_different_parents():
    CategoryFactory(name="Classification", parent=CategoryFactory(name="CNN"))
    CategoryFactory(name="Classification", parent=CategoryFactory(name="Transformer"))
    assert Category.objects.filter(name="Classification").count() == 2


def test_top_level_category_names_are_unique():
    CategoryFactory(name="GNN")
    with pytest.raises(IntegrityError), transaction.atomic():
        CategoryFactory(name="gnn")


def test_categories_nest_one_level_only():
    cnn = CategoryFactory(name="CNN")
    classification = CategoryFactory(name="Classification", parent=cnn)
    deeper = Category(name="Lightweight", parent=classification)
    with pytest.raises(ValidationError) as error:
        deeper.full_clean()
    assert "parent" in error.value.message_dict


def test_category_str_shows_its_parent():
    child = CategoryFactory(name="Classification", parent=CategoryFactory(name="CNN"))
    assert str(child) == "CNN › Classification"


def test_venue_spellings_are_one_venue():
    arxiv = VenueFactory(short_name="arXiv")
    assert Venue.objects.resolve("Arxiv") == arxiv
    assert Venue.objects.resolve("ArXiv ") == arxiv
    with pytest.raises(IntegrityError), transaction.atomic():
        VenueFactory(short_name="ARXIV")


def test_venue_known_alias_resolves_to_canonical_venue():
    neurips = VenueFactory(short_name="NeurIPS")
    assert Venue.objects.resolve("NIPS") == neurips


def test_venue_curated_alias_resolves():
    miccai = VenueFactory(short_name="MICCAI", aliases="Medical Image Computing, MICCAI'19")
    assert Venue.objects.resolve("medical image computing") == miccai


def test_venue_clean_reports_an_existing_spelling():
    VenueFactory(short_name="CVPR")
    with pytest.raises(ValidationError) as error:
        Venue(short_name="cvpr", slug="cvpr-2").full_clean()
    assert "short_name" in error.value.message_dict


def test_paper_slug_is_generated_and_unique():
    first = PaperFactory(title="Attention Is All You Need", short_name="")
    second = PaperFactory(title="Attention is all you need!", short_name="")
    assert first.slug == "attention-is-all-you-need"
    assert second.slug == "attention-is-all-you-need-2"


def test_find_existing_matches_arxiv_id_doi_or_normalised_title():
    paper = PaperFactory(
        title="Deep Residual Learning for Image Recognition", arxiv_id="1512.03385"
    )
    assert Paper.objects.find_existing(arxiv_id="arXiv:1512.03385v1") == paper
    assert (
        Paper.objects.find_existing(title="deep residual learning for image recognition.") == paper
    )
    assert Paper.objects.find_existing(title="Densely Connected Convolutional Networks") is None


def test_visitors_see_only_published_public_reviews():
    public = ReviewFactory()
    ReviewFactory(visibility=Review.Visibility.MEMBERS)
    ReviewFactory(status=Review.Status.DRAFT)
    visitor = type("Anonymous", (), {"is_authenticated": False})()
    assert list(Review.objects.visible_to(visitor)) == [public]


def test_members_see_members_reviews_and_only_their_own_drafts():
    writer = UserFactory()
    members_only = ReviewFactory(visibility=Review.Visibility.MEMBERS)
    own_draft = ReviewFactory(status=Review.Status.DRAFT, created_by=writer)
    ReviewFactory(status=Review.Status.DRAFT)
    visible = set(Review.objects.visible_to(writer))
    assert members_only in visible
    assert own_draft in visible
    assert len(visible) == 2


def test_publishing_a_review_records_when():
    review = ReviewFactory(status=Review.Status.DRAFT)
    assert review.published_at is None
    review.status = Review.Status.PUBLISHED
    review.save()
    assert review.published_at is not None
