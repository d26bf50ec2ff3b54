"""Importing study-group READMEs: the four seeds, small samples, idempotence, dry runs, atomicity."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reviews.importers import parse_readme
from reviews.models import Category, Collection, Paper, Presenter, Review, Venue
from reviews.services.papers import import_catalog
from tests.factories import CategoryFactory, PaperFactory

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_000 = SEEDS / "000_74c38fcc3a0a803a.txt"
SEED_001 = SEEDS / "001_c514ce81bae4d2a6.txt"
SEED_003 = SEEDS / "003_9670aaecf78a8db6.txt"
SEED_004 = SEEDS / "004_7de2b5ae22483c0e.txt"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the seed READMEs are not here ({SEEDS}); CI has them"
)


def import_file(path: Path, **kwargs):
    return import_catalog(parsed=parse_readme(path.read_bytes(), source=path.name), **kwargs)


def import_text(text: str, **kwargs):
    return import_catalog(parsed=parse_readme(text, source="sample.md"), **kwargs)


# --- The four seeds -----------------------------------------------------------------------------


@needs_seeds
@pytest.mark.django_db
def test_seed_000_gives_53_papers_in_7_topics_under_cnn_with_26_reviewed():
    report = import_file(SEED_000)

    assert report.created == 53
    cnn = Category.objects.get(name="CNN", parent=None)
    assert cnn.children.count() == 7
    assert Paper.objects.filter(status=Paper.Status.REVIEWED).count() == 26
    assert set(Paper.objects.values_list("topics__parent", flat=True)) == {cnn.pk}
    resnet = Paper.objects.get(title="Deep Residual Learning for Image Recognition")
    assert (resnet.short_name, resnet.year) == ("ResNet", 2015)


@needs_seeds
@pytest.mark.django_db
def test_seed_001_joins_the_wrapped_title_and_keeps_the_entry_without_a_link():
    report = import_file(SEED_001)

    assert report.created == 16
    assert Paper.objects.filter(
        title="Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization"
    ).exists()
    fpn = Paper.objects.get(title="Feature Pyramid Networks for Object Detection")
    assert all(not getattr(fpn, name) for name in Paper.LINK_FIELDS)
    assert fpn.status == Paper.Status.TO_READ


@needs_seeds
@pytest.mark.django_db
def test_seed_003_gives_56_rows_in_13_topics_with_code_summary_and_slides_links():
    report = import_file(SEED_003)

    assert len(report.entries) == 56
    assert report.created == 56
    assert Category.objects.count() == 13
    regnet = Paper.objects.get(arxiv_id="2003.13678")
    assert regnet.code_url == "https://github.com/facebookresearch/pycls"
    assert regnet.our_code_url == "https://github.com/PaperCodeReview/RegNet-TF"
    assert regnet.summary_url.startswith("https://www.notion.so/RegNet-")
    assert regnet.slides_url.endswith("-SungchulKim.pdf")
    assert regnet.venue.short_name == "CVPR"
    assert Paper.objects.get(arxiv_id="1606.06650").authors.startswith("Ö. Çiçek")


@needs_seeds
@pytest.mark.django_db
def test_seed_003_venues_are_normalised_to_one_per_real_venue():
    import_file(SEED_003)

    arxiv = Venue.objects.get(key="arxiv")
    assert arxiv.short_name == "arXiv"
    assert Venue.objects.filter(short_name__iexact="arxiv").count() == 1
    assert Paper.objects.get(arxiv_id="1809.05231").venue.short_name == "CVPR"  # "CVPR, TMI"


@needs_seeds
@pytest.mark.django_db
def test_seed_003_dated_slides_become_presentations_with_their_presenter():
    import_file(SEED_003)

    talk = Review.objects.get(paper__title__startswith="KDGAN")
    assert talk.presented_on.isoformat() == "2020-03-14"
    assert talk.presenter.name == "김성철"
    assert talk.is_public
    assert Paper.objects.get(title__startswith="KDGAN").status == Paper.Status.REVIEWED
    assert Presenter.objects.filter(name="SungchulKim").exists()
    undated = Paper.objects.get(arxiv_id="1902.09630")  # GIoU.pdf carries no date
    assert undated.slides_url.endswith("GIoU.pdf")
    assert not undated.reviews.exists()


@needs_seeds
@pytest.mark.django_db
def test_seed_004_gives_43_papers_from_45_entries_with_trend_months_as_collections():
    report = import_file(SEED_004)

    assert len(report.entries) == 45
    assert report.created == 43
    assert [e.repeats_line for e in report.entries if e.repeats_line] == [33, 35]
    trends = Collection.objects.filter(kind=Collection.Kind.TRENDS)
    assert trends.count() == 7
    may = trends.get(month__year=2022, month__month=5)
    assert may.title == "Research trends: May 2022"
    assert [e.paper.arxiv_id for e in may.entries.order_by("position")][:2] == [
        "2107.07651",
        "2204.03475",
    ]
    picked = Paper.objects.get(arxiv_id="2205.12740")  # a trend pick only
    assert picked.status == Paper.Status.TO_READ
    assert not picked.slides_url  # the month's digest is the collection's, not the paper's


@needs_seeds
@pytest.mark.django_db
def test_seed_004_slides_that_belong_to_another_paper_make_no_presentation():
    report = import_file(SEED_004)

    seed_paper = Paper.objects.get(arxiv_id="2109.08203")  # torch.manual_seed(3407) ...
    assert not seed_paper.reviews.exists()
    assert any("line 23" in warning for warning in report.warnings)


@needs_seeds
@pytest.mark.django_db
def test_all_four_seeds_give_one_paper_per_real_paper():
    for seed in (SEED_000, SEED_001, SEED_003, SEED_004):
        import_file(seed)

    assert 140 <= Paper.objects.count() <= 150
    assert Paper.objects.filter(title_key__icontains="deepresiduallearning").count() == 1
    resnet = Paper.objects.get(title_key="deepresiduallearningforimagerecognition")
    assert resnet.arxiv_id == "1512.03385"
    assert resnet.topics.count() == 3
    efficientnet = Paper.objects.filter(title__icontains="Rethinking Model Scaling")
    assert efficientnet.count() == 1


@needs_seeds
@pytest.mark.django_db
def test_importing_a_seed_twice_changes_nothing():
    import_file(SEED_003)
    counts = (Paper.objects.count(), Review.objects.count(), Category.objects.count())

    again = import_file(SEED_003)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 56)
    assert not again.changes_anything
    assert (Paper.objects.count(), Review.objects.count(), Category.objects.count()) == counts


@needs_seeds
@pytest.mark.django_db
def test_a_dry_run_writes_nothing_but_reports_what_it_would_do():
    report = import_file(SEED_004, dry_run=True)

    assert report.created == 43
    assert Paper.objects.count() == 0
    assert Collection.objects.count() == 0


@needs_seeds
@pytest.mark.django_db
def test_the_command_prints_the_report(capsys):
    call_command("import_readme", str(SEED_001))

    out = capsys.readouterr().out
    assert "Papers created: 16, updated: 0, unchanged: 0." in out
    assert "Lines skipped: 0." in out


# --- Small samples ------------------------------------------------------------------------------


BULLETS = """# Our papers

## Detection
- **(2016) SSD - Single Shot MultiBox Detector**
- (2018) Retina Net - Focal Loss for Dense Object Detection
"""


@pytest.mark.django_db
def test_bold_bullets_are_reviewed_and_plain_ones_to_read():
    import_text(BULLETS)

    assert Paper.objects.get(short_name="SSD").status == Paper.Status.REVIEWED
    assert Paper.objects.get(short_name="Retina Net").status == Paper.Status.TO_READ
    assert Category.objects.get().name == "Detection"


@pytest.mark.django_db
def test_a_second_readme_merges_with_the_catalog_instead_of_duplicating():
    import_text(BULLETS)
    table = """## Detection
| Venue | Year | Paper | Code |
|---|---|---|---|
| ICCV | 2017 | [Focal Loss for Dense Object Detection](https://arxiv.org/abs/1708.02002) | [code](https://github.com/facebookresearch/Detectron) |
"""
    report = import_text(table)

    assert (report.created, report.updated) == (0, 1)
    paper = Paper.objects.get(arxiv_id="1708.02002")
    assert paper.year == 2018  # the curated year stays
    assert paper.venue.short_name == "ICCV"  # an empty field is filled
    assert paper.code_url == "https://github.com/facebookresearch/Detectron"
    assert Paper.objects.count() == 2


@pytest.mark.django_db
def test_an_import_never_overwrites_what_a_curator_filled():
    paper = PaperFactory(
        title="Focal Loss for Dense Object Detection", code_url="https://example.org/mine"
    )
    paper.topics.add(CategoryFactory(name="Mine"))
    import_text(
        "## Detection\n- [Focal Loss for Dense Object Detection](https://arxiv.org/abs/1708.02002)"
        " [[code]](https://github.com/facebookresearch/Detectron) (ICCV 2017)\n"
    )

    paper.refresh_from_db()
    assert paper.code_url == "https://example.org/mine"
    assert paper.year == 2020
    assert paper.arxiv_id == "1708.02002"
    assert sorted(paper.topics.values_list("name", flat=True)) == ["Detection", "Mine"]


@pytest.mark.django_db
def test_month_headings_in_a_generic_list_become_dated_reading_lists():
    import_text(
        "## March 2021\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
        "- [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385)\n"
    )

    collection = Collection.objects.get()
    assert collection.month.isoformat() == "2021-03-01"
    assert list(collection.entries.values_list("paper__arxiv_id", flat=True)) == [
        "1706.03762",
        "1512.03385",
    ]


@pytest.mark.django_db
def test_an_html_table_with_entities_and_line_breaks_is_read():
    import_text(
        "<table><tr><th>Paper</th><th>Year</th><th>Authors</th></tr>"
        "<tr><td><a href='https://arxiv.org/abs/1409.1556'>Very Deep &amp; Large-Scale</a></td>"
        "<td>2015</td><td>K. Simonyan<br>A. Zisserman</td></tr></table>\n"
    )

    paper = Paper.objects.get(arxiv_id="1409.1556")
    assert paper.title == "Very Deep & Large-Scale"
    assert paper.year == 2015


@pytest.mark.django_db
def test_checkbox_lists_mark_checked_papers_reviewed():
    import_text("- [x] Attention Is All You Need (NeurIPS 2017)\n- [ ] BERT (NAACL 2019)\n")

    assert Paper.objects.get(title="Attention Is All You Need").status == "reviewed"
    assert Paper.objects.get(title="BERT").status == "to_read"
    assert Paper.objects.get(title="BERT").venue.short_name == "NAACL"


# --- Errors -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_file_that_is_not_text_is_refused_with_its_name_and_line(tmp_path):
    broken = tmp_path / "README.md"
    broken.write_bytes(b"## Topic\n- (2015) A Paper\n- \xff\xfe broken\n")

    with pytest.raises(CommandError, match=r"README.md, line 3: the file is not UTF-8"):
        call_command("import_readme", str(broken))
    assert Paper.objects.count() == 0


@pytest.mark.django_db
def test_an_entry_that_cannot_be_saved_rolls_back_the_whole_file(tmp_path, monkeypatch):
    from django.core.exceptions import ValidationError

    from reviews.services import papers

    real = papers._add_summary_review

    def fail_on_line_4(catalog, paper, entry):
        if entry.line == 4:
            raise ValidationError({"title": ["broken on purpose"]})
        real(catalog, paper, entry)

    monkeypatch.setattr(papers, "_add_summary_review", fail_on_line_4)
    readme = tmp_path / "papers.md"
    readme.write_text(
        "## Topic\n- (2015) A Good Paper\n- (2016) Another Good Paper\n- (2017) A Third Paper\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match=r"papers.md, line 4: the entry .*broken on purpose"):
        call_command("import_readme", str(readme))
    assert Paper.objects.count() == 0
    assert Category.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read the file"):
        call_command("import_readme", str(tmp_path / "nope.md"))


@pytest.mark.django_db
def test_a_status_column_sets_the_reading_status():
    import_text(
        "## Papers\n| Paper | Year | Status |\n|---|---|---|\n"
        "| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | 2017 | Scheduled |\n"
        "| [Deep Residual Learning](https://arxiv.org/abs/1512.03385) | 2016 | ✅ |\n"
        "| [Going Deeper with Convolutions](https://arxiv.org/abs/1409.4842) | 2015 | To read |\n"
    )

    statuses = dict(Paper.objects.values_list("arxiv_id", "status"))
    assert statuses == {
        "1706.03762": "scheduled",
        "1512.03385": "reviewed",
        "1409.4842": "to_read",
    }


@pytest.mark.django_db
def test_an_imported_talk_is_published_on_the_day_it_was_presented():
    from datetime import date, datetime

    from django.utils import timezone

    from reviews.importers import ParsedCatalog, ParsedEntry, ParsedPresentation

    entry = ParsedEntry(
        line=3,
        title="Deep Residual Learning for Image Recognition",
        presentations=[
            ParsedPresentation(presented_on=date(2020, 8, 8), presenter="김성철", slides_url="")
        ],
    )
    parsed = ParsedCatalog(
        format="test", source="README.md", topics=[], entries=[entry], collections=[], skipped=[]
    )

    import_catalog(parsed=parsed)

    review = Review.objects.get()
    site_midnight = datetime(2020, 8, 8, tzinfo=timezone.get_default_timezone())
    assert review.published_at == site_midnight


@pytest.mark.django_db
def test_a_nickname_before_the_title_finds_the_catalogs_paper_in_one_query(
    django_assert_num_queries,
):
    from reviews.metadata import PaperMetadata
    from reviews.services.papers import find_paper

    paper = PaperFactory(
        title="Rethinking Model Scaling for Convolutional Neural Networks",
        short_name="EfficientNet",
    )
    PaperFactory.create_batch(5, short_name="Other")
    metadata = PaperMetadata(
        title="EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks"
    )

    with django_assert_num_queries(2):  # by arXiv id/DOI/title, then by nickname
        assert find_paper(metadata) == paper


# --- Other groups' READMEs (tests/data/readmes) -------------------------------------------------

READMES = Path(__file__).resolve().parents[1] / "data" / "readmes"


@pytest.mark.django_db
def test_a_korean_readme_gives_talks_with_presenters_and_statuses_from_the_groups_own_evidence():
    import_file(READMES / "ko_mixed_talks_and_queue.md")

    def status(arxiv_id="", title=""):
        paper = Paper.objects.get(arxiv_id=arxiv_id) if arxiv_id else Paper.objects.get(title=title)
        return paper.status

    assert status("2006.11239") == Paper.Status.REVIEWED  # a dated talk
    assert status(title="Classifier-Free Diffusion Guidance") == Paper.Status.TO_READ  # a blog
    assert status("2212.09748") == Paper.Status.TO_READ  # unchecked, under "읽을 논문"
    assert (
        status(title="Elucidating the Design Space of Diffusion-Based Generative Models")
        == Paper.Status.REVIEWED
    )
    talks = Review.objects.order_by("presented_on")
    assert [(r.paper.arxiv_id, r.presented_on.isoformat(), r.presenter.name) for r in talks] == [
        ("2006.11239", "2024-03-10", "한지민"),
        ("2112.10752", "2024-03-24", "윤도현"),
    ]
    cfg = Paper.objects.get(title="Classifier-Free Diffusion Guidance")
    assert cfg.summary_url == "https://medium.com/@someone/cfg-explained-123"
    assert not cfg.reviews.exists()
    assert Category.objects.count() == 0  # status headings are no topics
    assert sorted(map(str, Venue.objects.all())) == ["CVPR", "ICCV", "ICML", "NeurIPS"]


@pytest.mark.django_db
def test_a_chinese_html_table_gives_authors_venues_and_talks():
    import_file(READMES / "zh_html_table_and_queue.md")

    llama = Paper.objects.get(arxiv_id="2302.13971")
    assert (llama.year, str(llama.venue), llama.status) == (2023, "arXiv", Paper.Status.REVIEWED)
    assert "Hugo Touvron" in llama.authors
    assert [(str(r.presenter), r.presented_on.isoformat()) for r in llama.reviews.all()] == [
        ("陈晨", "2023-09-16")
    ]
    assert Paper.objects.get(title="Mistral 7B").status == Paper.Status.TO_READ
    assert Presenter.objects.count() == 2


@pytest.mark.django_db
def test_the_command_fails_when_nothing_reads_as_a_paper(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Tools\n\n## Links\n- [Weights and Biases dashboard](https://wandb.ai)\n"
        "- [Hugging Face model hub](https://huggingface.co/models)\n"
        "- [TensorBoard projector](https://projector.tensorflow.org)\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="reads as a paper"):
        call_command("import_readme", str(readme))
    assert Paper.objects.count() == 0


@pytest.mark.django_db
def test_the_command_takes_a_mapping_file(tmp_path, capsys):
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"columns": {"발표자": "ignore"}, "not_papers": [22]}', encoding="utf-8")

    call_command(
        "import_readme", str(READMES / "ko_mixed_talks_and_queue.md"), "--mapping", str(mapping)
    )

    assert Paper.objects.count() == 5
    assert Presenter.objects.count() == 0
    assert "line 22: marked as not a paper" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_mapping_file_with_an_unknown_role_is_refused(tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"columns": {"발표자": "speaker"}}', encoding="utf-8")

    with pytest.raises(CommandError, match="not a readable JSON mapping"):
        call_command(
            "import_readme", str(READMES / "ko_mixed_talks_and_queue.md"), "--mapping", str(mapping)
        )


@pytest.mark.django_db
def test_a_talk_still_to_come_makes_no_review_and_the_paper_is_scheduled():
    report = import_file(READMES / "en_emoji_status_presenters.md")

    flow = Paper.objects.get(arxiv_id="2210.02747")
    assert flow.status == Paper.Status.SCHEDULED
    assert not flow.reviews.exists()
    assert Paper.objects.get(arxiv_id="1806.07366").reviews.get().presenter.name == "alice"
    assert any("still to come" in warning for warning in report.warnings)
