from unittest import mock

import pytest

from reviews.models import Paper, Review
from reviews.search import ParsedQuery, hangul_bigrams, refresh_search_index, search_papers
from tests.factories import PaperFactory, ReviewFactory


def ranked_titles(query):
    return list(
        search_papers(Paper.objects.all(), query)
        .order_by("-search_rank", "title")
        .values_list("title", flat=True)
    )


def indexed(*papers):
    refresh_search_index([paper.pk for paper in papers])
    return papers


@pytest.fixture
def catalog(db):
    resnet = PaperFactory(
        title="Deep Residual Learning for Image Recognition",
        authors="Kaiming He\nXiangyu Zhang",
        abstract="Deeper neural networks are more difficult to train.",
    )
    mentions = PaperFactory(
        title="Identity Mappings in Deep Networks",
        abstract="We analyze the propagation formulations behind residual building blocks.",
    )
    other = PaperFactory(
        title="Attention Is All You Need", abstract="Transformers for translation."
    )
    distill = PaperFactory(title="Distilling the Knowledge in a Neural Network")
    ReviewFactory(paper=distill, body="교사 모델의 지식 증류를 적용했다.")
    hidden = PaperFactory(title="A Paper Reviewed Behind Closed Doors")
    ReviewFactory(paper=hidden, body="비공개 리뷰: 지식 증류", visibility=Review.Visibility.MEMBERS)
    indexed(resnet, mentions, other, distill, hidden)
    return {"resnet": resnet, "mentions": mentions, "other": other, "distill": distill}


def test_hangul_text_is_indexed_as_bigrams_with_the_last_syllable():
    assert hangul_bigrams("지식 증류를") == ["지식", "식", "증류", "류를", "를"]


def test_query_splits_latin_words_from_korean_words_without_particles():
    query = ParsedQuery("ResNet 논문을 읽자")
    assert query.latin_words == ["ResNet"]
    assert query.hangul_words == ["논문", "읽자"]


def test_empty_query_keeps_every_paper(catalog):
    assert len(ranked_titles("   ")) == Paper.objects.count()


def test_search_finds_a_word_of_the_title(catalog):
    assert ranked_titles("attention") == ["Attention Is All You Need"]


def test_search_finds_a_word_of_a_public_review(catalog):
    assert "Distilling the Knowledge in a Neural Network" in ranked_titles("증류")


def test_search_never_finds_text_of_a_members_only_review(catalog):
    assert "A Paper Reviewed Behind Closed Doors" not in ranked_titles("비공개")


def test_search_needs_every_word(catalog):
    assert ranked_titles("attention residual") == []


@pytest.mark.postgres
def test_title_match_ranks_above_an_abstract_match(catalog):
    assert ranked_titles("residual")[:2] == [
        "Deep Residual Learning for Image Recognition",
        "Identity Mappings in Deep Networks",
    ]


@pytest.mark.postgres
def test_typo_still_finds_the_paper(catalog):
    assert ranked_titles("residul learning")[0] == "Deep Residual Learning for Image Recognition"


@pytest.mark.postgres
def test_korean_word_finds_the_review_that_attaches_a_particle(catalog):
    assert ranked_titles("증류") == ["Distilling the Knowledge in a Neural Network"]


@pytest.mark.postgres
def test_korean_phrase_finds_the_review_that_attaches_a_particle(catalog):
    assert ranked_titles("지식 증류") == ["Distilling the Knowledge in a Neural Network"]


@pytest.mark.postgres
def test_korean_query_with_a_particle_finds_the_bare_word(catalog):
    assert ranked_titles("증류를") == ["Distilling the Knowledge in a Neural Network"]


@pytest.mark.postgres
def test_english_search_matches_word_forms(catalog):
    assert "Distilling the Knowledge in a Neural Network" in ranked_titles("distill")


@pytest.mark.postgres
def test_a_word_matching_many_papers_gives_a_bounded_ranked_set(catalog, monkeypatch):
    monkeypatch.setattr("reviews.search.CANDIDATE_LIMIT", 1)
    ranked = list(search_papers(Paper.objects.all(), "network").values_list("title", "search_rank"))
    # Four papers match; one title match and one match of any field are the results.
    assert 1 <= len(ranked) <= 2
    assert all(rank > 0 for _title, rank in ranked)
    assert search_papers(Paper.objects.all(), "network").count() == len(ranked)


@pytest.mark.postgres
def test_refresh_picks_up_a_newly_published_review(catalog):
    ReviewFactory(paper=catalog["other"], body="멀티헤드 어텐션 구조")
    assert ranked_titles("어텐션") == []
    refresh_search_index([catalog["other"].pk])
    assert ranked_titles("어텐션") == ["Attention Is All You Need"]


@pytest.mark.postgres
def test_search_matches_tags_and_venue(catalog):
    catalog["other"].tags.add("transformer")
    refresh_search_index([catalog["other"].pk])
    assert ranked_titles("transformer") == ["Attention Is All You Need"]


@pytest.mark.postgres
def test_a_word_being_typed_matches_as_a_prefix(catalog):
    assert ranked_titles("recogn")[0] == "Deep Residual Learning for Image Recognition"


# --- Keeping the index current ------------------------------------------------------------------


@pytest.mark.postgres
def test_one_transaction_indexes_each_paper_once(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    from reviews.search import schedule_search_refresh

    with (
        mock.patch("reviews.search.refresh_search_index") as refresh,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        paper = PaperFactory(title="Knowledge Distillation", tags=["distillation"])
        other = PaperFactory(title="FitNets")
        ReviewFactory(paper=paper)
        schedule_search_refresh([paper.pk, other.pk])
        paper.save()

    refresh.assert_called_once()
    assert set(refresh.call_args.args[0]) == {paper.pk, other.pk}


@pytest.mark.postgres
def test_a_rolled_back_savepoint_does_not_lose_later_refreshes(
    db, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from reviews.search import schedule_search_refresh

    paper = PaperFactory(title="Knowledge Distillation")
    with (
        mock.patch("reviews.search.refresh_search_index") as refresh,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        try:
            with transaction.atomic():
                schedule_search_refresh([paper.pk])
                raise RuntimeError
        except RuntimeError:
            pass
        schedule_search_refresh([paper.pk])

    refresh.assert_called_once()
    assert paper.pk in refresh.call_args.args[0]


@pytest.mark.postgres
def test_renaming_a_tag_in_the_admin_makes_its_papers_findable_by_the_new_name(
    admin_client, django_capture_on_commit_callbacks
):
    from django.urls import reverse
    from taggit.models import Tag

    paper = PaperFactory(title="Vision Transformer", tags=["vit"])
    tag = Tag.objects.get(name="vit")
    refresh_search_index([paper.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:taggit_tag_change", args=[tag.pk]),
            {"name": "imageworth16x16", "slug": "imageworth16x16"},
        )

    assert response.status_code == 302
    assert ranked_titles("imageworth16x16") == ["Vision Transformer"]


@pytest.mark.postgres
def test_deleting_a_tag_in_the_admin_removes_it_from_its_papers_search(
    admin_client, django_capture_on_commit_callbacks
):
    from django.urls import reverse
    from taggit.models import Tag

    paper = PaperFactory(title="Vision Transformer", tags=["imageworth16x16"])
    tag = Tag.objects.get(name="imageworth16x16")
    refresh_search_index([paper.pk])
    assert ranked_titles("imageworth16x16") == ["Vision Transformer"]

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:taggit_tag_delete", args=[tag.pk]), {"post": "yes"})

    assert not Tag.objects.exists()
    assert ranked_titles("imageworth16x16") == []


@pytest.mark.postgres
def test_a_review_written_with_a_plain_create_is_found_once_committed(
    catalog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Review.objects.create(
            paper=catalog["other"], body="멀티헤드 어텐션 구조", status=Review.Status.PUBLISHED
        )
    assert ranked_titles("어텐션") == ["Attention Is All You Need"]


@pytest.mark.postgres
def test_a_review_deleted_in_bulk_is_no_longer_found(catalog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Review.objects.filter(paper=catalog["distill"]).delete()
    assert ranked_titles("증류") == []
