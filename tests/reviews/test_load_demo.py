"""The demo catalog: built from the seeds by the parser, loaded through the import service."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from reviews import aliases
from reviews.demo import FIXTURE_DIR, build_fixture, catalog_from_data, catalog_to_data, load_demo
from reviews.importers import parse_readme
from reviews.models import Category, Collection, Nomination, Paper, Presenter, Review
from reviews.services import curation
from tests.factories import CategoryFactory, PaperFactory

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed READMEs are not here ({SEEDS})")
def test_the_committed_fixture_is_what_the_parser_makes_of_the_seeds_now():
    built = build_fixture(SEEDS)

    committed = {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in FIXTURE_DIR.glob("0*.json")
    }
    assert sorted(built) == sorted(committed)
    for name, data in built.items():
        assert json.loads(json.dumps(data)) == committed[name], (
            f"{name} is stale: run `manage.py build_demo_fixture ../shared/seeds`"
        )


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed READMEs are not here ({SEEDS})")
def test_the_fixture_keeps_facts_but_not_the_seeds_one_line_summaries():
    seed = SEEDS / "001_c514ce81bae4d2a6.txt"
    parsed = parse_readme(seed.read_bytes(), source=seed.name)
    assert any(entry.summary for entry in parsed.entries)

    data = catalog_to_data(parsed)

    assert all(entry["summary"] == "" for entry in data["entries"])
    assert "대량의 이미지" not in json.dumps(data, ensure_ascii=False)
    assert [e.title for e in catalog_from_data(data).entries] == [e.title for e in parsed.entries]


@pytest.mark.django_db
def test_load_demo_fills_an_empty_catalog_with_each_paper_once(capsys):
    call_command("load_demo")

    assert 140 <= Paper.objects.count() <= 150
    assert Paper.objects.filter(title_key="deepresiduallearningforimagerecognition").count() == 1
    assert Collection.objects.filter(kind=Collection.Kind.TRENDS).count() == 7
    out = capsys.readouterr().out
    assert "Demo catalog loaded: " in out
    assert f"{Paper.objects.count()} in the catalog" in out


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    load_demo()
    counts = [m.objects.count() for m in (Paper, Review, Presenter, Collection, Nomination)]

    report = load_demo()

    assert report.papers_created == 0
    assert [m.objects.count() for m in (Paper, Review, Presenter, Collection, Nomination)] == counts


@pytest.mark.django_db
def test_the_demo_has_presenters_written_reviews_and_upcoming_talks():
    today = date(2026, 1, 5)
    load_demo(today=today)

    presenter = Presenter.objects.get(name="김성철")
    assert presenter.bio
    assert not Presenter.objects.filter(name="SungchulKim").exists()  # an alias of 김성철
    regnet = Review.objects.get(paper__arxiv_id="2003.13678")
    assert regnet.presenter == presenter
    assert any("$" in review.body for review in Review.objects.exclude(body=""))
    assert Review.objects.exclude(body="").count() >= 5
    assert Review.objects.filter(visibility=Review.Visibility.MEMBERS).exists()
    scheduled = Nomination.objects.filter(status=Nomination.Status.SCHEDULED)
    assert {n.scheduled_for for n in scheduled} == {
        today + timedelta(weeks=1),
        today + timedelta(weeks=2),
    }


@pytest.mark.django_db
def test_load_demo_if_empty_leaves_an_existing_catalog_alone(capsys):
    PaperFactory()

    call_command("load_demo", "--if-empty")

    assert Paper.objects.count() == 1
    assert "not loaded" in capsys.readouterr().out


@pytest.mark.django_db
def test_demo_reviews_are_published_on_the_day_they_were_presented():
    from datetime import datetime

    from django.utils import timezone

    load_demo()

    dated = Review.objects.published().filter(presented_on__isnull=False)
    assert dated.exists()
    for review in dated:
        midnight = datetime.combine(review.presented_on, datetime.min.time())
        expected = timezone.make_aware(midnight, timezone.get_default_timezone())
        assert review.published_at == expected


@pytest.mark.django_db
def test_the_demo_shows_one_topic_tree_without_duplicate_names():
    load_demo()

    names = [aliases.key(name) for name in Category.objects.values_list("name", flat=True)]
    assert len(names) == len(set(names))
    cnn = Category.objects.get(name="CNN", parent=None)
    assert set(cnn.children.values_list("name", flat=True)) >= {
        "Classification",
        "Object Detection",
    }
    assert Category.objects.get(name="Knowledge distillation").parent is None
    assert Category.objects.get(name="XAI (Explainable AI)").parent is None
    assert not Category.objects.filter(name__icontains="Explaniable").exists()


@pytest.mark.django_db
def test_the_demo_lists_yolo_and_mobilenet_once_and_fpns_notes_on_fpn():
    load_demo()

    assert Paper.objects.filter(title__iregex=r"^(YOLO\(|You only look once)").count() == 1
    assert Paper.objects.filter(title__istartswith="MobileNets: Efficient").count() == 1
    yolo = Paper.objects.get(title__istartswith="You Only Look Once")
    fpn = Paper.objects.get(title="Feature Pyramid Networks for Object Detection")
    fpn_notes = aliases.LINKS[0].url
    assert fpn_notes not in [getattr(yolo, name) for name in Paper.LINK_FIELDS]
    assert yolo.summary_url.endswith("/YOLO.md")
    assert fpn.summary_url == fpn_notes


@pytest.mark.django_db
def test_the_alias_table_merges_rows_already_in_the_catalog():
    cnn = CategoryFactory(name="CNN")
    long_cnn = CategoryFactory(name="CNN (Convolutional Neural Network)")
    detection = CategoryFactory(name="Object Detection", parent=cnn)
    top_detection = CategoryFactory(name="Object Detection")
    yolo = PaperFactory(title="You Only Look Once-Unified, Real-Time Object Detection")
    yolo.topics.add(long_cnn, top_detection)
    duplicate = PaperFactory(
        title="YOLO(You Only Look Once)", summary_url="https://example.org/YOLO.md"
    )
    fpn = PaperFactory(title="Feature Pyramid Networks for Object Detection")
    Paper.objects.filter(pk=yolo.pk).update(summary_url=aliases.LINKS[0].url)

    report = curation.apply_aliases()

    assert (report.topics_merged, report.papers_merged, report.links_moved) == (2, 1, 1)
    assert not Paper.objects.filter(pk=duplicate.pk).exists()
    yolo.refresh_from_db()
    fpn.refresh_from_db()
    assert yolo.summary_url == "https://example.org/YOLO.md"
    assert fpn.summary_url == aliases.LINKS[0].url
    assert set(yolo.topics.all()) == {cnn, detection}
    assert curation.apply_aliases() == curation.AliasReport()  # again: nothing to do


@pytest.mark.django_db
def test_the_admin_merge_suggests_the_row_the_alias_table_keeps(admin_client):
    cnn = CategoryFactory(name="CNN")
    long_cnn = CategoryFactory(name="CNN (Convolutional Neural Network)")
    response = admin_client.post(
        reverse("admin:reviews_category_changelist"),
        {"action": "merge_categories", "_selected_action": [long_cnn.pk, cnn.pk]},
    )
    assert response.context["form"].initial["keep"] == cnn
