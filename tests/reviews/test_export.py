"""Exports: the README round trip, BibTeX, CSV and JSON of the catalog view, backup and restore."""

import csv
import io
import json
import os
import stat
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from reviews.exporters.readme import export_readme
from reviews.importers import parse_readme
from reviews.models import Category, Paper, Review, Venue
from reviews.services.papers import import_catalog
from tests.factories import (
    CategoryFactory,
    CollectionEntryFactory,
    PaperFactory,
    ReviewFactory,
    UserFactory,
    VenueFactory,
)


def catalog_snapshot() -> dict:
    """What a README round trip must keep, per paper."""
    snapshot = {}
    for paper in Paper.objects.select_related("venue").prefetch_related("topics__parent"):
        snapshot[paper.title] = {
            "topics": sorted(str(topic) for topic in paper.topics.all()),
            "venue": paper.venue.short_name if paper.venue else "",
            "year": paper.year,
            "status": paper.status,
            "links": {name: getattr(paper, name) for name in Paper.LINK_FIELDS},
            "authors": paper.author_list,
            "arxiv_id": paper.arxiv_id,
        }
    return snapshot


@pytest.fixture
def small_catalog(db):
    cnn = CategoryFactory(name="CNN")
    classification = CategoryFactory(name="Classification", parent=cnn)
    detection = CategoryFactory(name="Object Detection")
    cvpr = VenueFactory(short_name="CVPR")
    resnet = PaperFactory(
        title="Deep Residual Learning for Image Recognition",
        authors="Kaiming He\nXiangyu Zhang\net al.",
        year=2016,
        venue=cvpr,
        arxiv_id="1512.03385",
        url="https://arxiv.org/abs/1512.03385",
        code_url="https://github.com/KaimingHe/deep-residual-networks",
        our_code_url="https://github.com/PaperCodeReview/ResNet-TF",
        summary_url="https://www.notion.so/ResNet-a5bd9f094f394707",
        slides_url="https://github.com/group/slides/blob/master/20200808-ResNet.pdf",
        video_url="https://www.youtube.com/watch?v=abc123",
        status=Paper.Status.REVIEWED,
        topics=[classification, detection],
    )
    PaperFactory(
        title="Focal Loss for Dense Object Detection | RetinaNet",
        authors="",
        year=2017,
        venue=VenueFactory(short_name="ICCV"),
        pdf_url="https://openaccess.thecvf.com/content_ICCV_2017/papers/Lin_Focal_Loss.pdf",
        status=Paper.Status.TO_READ,
        topics=[detection],
    )
    PaperFactory(
        title="A Paper Without a Topic",
        venue=None,
        year=None,
        status=Paper.Status.SCHEDULED,
        review_url="https://example.org/our-review-of-it",
    )
    PaperFactory(title="Network in Network", venue=cvpr, year=2014, topics=[cnn])
    return resnet


def test_the_readme_lists_topics_as_headings_and_a_table_per_topic(small_catalog):
    text = export_readme()

    assert "## CNN\n" in text
    assert "### Classification\n" in text
    assert "## Object Detection\n" in text
    assert "| Venue | Year | Authors | Paper | Institution | Status | Links |" in text
    assert (
        "| CVPR | 2016 | Kaiming He, Xiangyu Zhang et al. | "
        "[Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385) |"
    ) in text
    assert "[[official code]](https://github.com/KaimingHe/deep-residual-networks)" in text
    assert "Focal Loss for Dense Object Detection \\| RetinaNet" in text


def test_the_readme_imports_back_into_an_empty_catalog_unchanged(small_catalog):
    before = catalog_snapshot()
    text = export_readme()
    for model in (Review, Paper, Category, Venue):
        model.objects.all().delete()

    report = import_catalog(parsed=parse_readme(text), source="export.md")

    assert report.created == len(before)
    assert catalog_snapshot() == before


def test_export_readme_command_writes_the_file(small_catalog, tmp_path):
    target = tmp_path / "README.md"

    call_command("export_readme", "--output", str(target), "--topic", "object-detection")

    text = target.read_text(encoding="utf-8")
    assert "Deep Residual Learning" in text
    assert "Network in Network" not in text


def test_the_download_keeps_the_catalogs_filters(client, small_catalog):
    url = reverse("reviews:paper-export", args=["readme"])

    response = client.get(url, {"venue": "cvpr", "year": "2016"})

    assert response["Content-Type"].startswith("text/markdown")
    assert response["Content-Disposition"].startswith('attachment; filename="papershelf-')
    text = response.content.decode()
    assert "Deep Residual Learning" in text
    assert "Network in Network" not in text


def test_bibtex_of_the_filtered_view_and_of_one_paper(client, small_catalog):
    listing = client.get(reverse("reviews:paper-export", args=["bibtex"]), {"year": "2016"})
    single = client.get(reverse("reviews:paper-bibtex", args=[small_catalog.slug]))

    assert listing.content.decode().count("@") == 1
    assert "Deep Residual Learning for Image Recognition" in listing.content.decode()
    assert single["Content-Disposition"] == f'attachment; filename="{small_catalog.slug}.bib"'
    assert "eprint" in single.content.decode()


def test_csv_of_the_catalog_view_has_one_row_per_paper(client, small_catalog):
    response = client.get(reverse("reviews:paper-export", args=["csv"]), {"status": "reviewed"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["title"] for row in rows] == ["Deep Residual Learning for Image Recognition"]
    assert rows[0]["authors"] == "Kaiming He; Xiangyu Zhang; et al."
    assert rows[0]["topics"] == "CNN › Classification; Object Detection"
    assert rows[0]["page"] == f"http://testserver/papers/{small_catalog.slug}/"


def test_csv_cells_that_look_like_formulas_are_neutralised(client, db):
    PaperFactory(title='=HYPERLINK("http://evil")')

    response = client.get(reverse("reviews:paper-export", args=["csv"]))

    assert "'=HYPERLINK" in response.content.decode()


def test_json_of_the_catalog_view(client, small_catalog):
    response = client.get(reverse("reviews:paper-export", args=["json"]), {"topic": "cnn"})

    data = json.loads(response.content)
    assert data["count"] == 2
    titles = {paper["title"] for paper in data["papers"]}
    assert titles == {"Deep Residual Learning for Image Recognition", "Network in Network"}


def test_an_unknown_export_format_is_not_found(client, db):
    assert client.get("/papers/export/docx/").status_code == 404


# --- Backup and restore -------------------------------------------------------------------------


def everything() -> dict:
    """Every row of the backed-up models, as comparable data."""
    from django.core import serializers

    from reviews.exporters.backup import backup_models

    data = {}
    for model in backup_models():
        rows = serializers.serialize("python", model._default_manager.order_by("pk"))
        for row in rows:  # derived search data: rebuilt by the restore, compared by search tests
            for name in ("search_vector", "search_bigrams"):
                row["fields"].pop(name, None)
        data[model._meta.label] = rows
    return data


def empty_the_database() -> None:
    """Delete every row of the tables a restore writes, as a new database would be."""
    from reviews.exporters.backup import backup_models

    for model in reversed(backup_models()):
        model._base_manager.all().delete()


def test_a_backup_restores_into_an_empty_database_with_nothing_lost(small_catalog, tmp_path):
    review = ReviewFactory(paper=small_catalog, visibility=Review.Visibility.MEMBERS)
    review.slides.save("talk.pdf", ContentFile(b"%PDF-1.4 slides"), save=True)
    storage = review.slides.storage
    small_catalog.tags.add("residual", "classic")
    CollectionEntryFactory(paper=small_catalog, note="first pick")
    before = everything()
    slides_name = review.slides.name
    archive = tmp_path / "backup.zip"

    call_command("export_all", str(archive))
    empty_the_database()
    storage.delete(slides_name)
    call_command("import_all", str(archive))

    assert everything() == before
    with storage.open(slides_name, "rb") as restored:
        assert restored.read() == b"%PDF-1.4 slides"
    assert PaperFactory().pk > max(row["pk"] for row in before["reviews.Paper"])


def test_restore_refuses_a_database_that_is_not_empty(small_catalog, tmp_path):
    archive = tmp_path / "backup.zip"
    call_command("export_all", str(archive))

    with pytest.raises(CommandError, match=r"not empty \(rows in .*reviews_paper: 4"):
        call_command("import_all", str(archive))


def test_restore_refuses_a_database_with_rows_in_any_table_it_restores(small_catalog, tmp_path):
    from taggit.models import Tag

    small_catalog.tags.add("residual")
    archive = tmp_path / "backup.zip"
    call_command("export_all", str(archive))
    empty_the_database()
    Tag.objects.create(name="left over", slug="left-over")

    with pytest.raises(
        CommandError, match=r"not empty \(rows in taggit_tag: 1\).*Nothing was restored"
    ):
        call_command("import_all", str(archive))
    assert list(Tag.objects.values_list("name", flat=True)) == ["left over"]
    assert Paper.objects.count() == 0


def test_the_backup_archive_is_readable_by_its_owner_only(small_catalog, tmp_path):
    archive = tmp_path / "backup.zip"
    archive.write_bytes(b"an older, world-readable backup")
    archive.chmod(0o644)
    umask = os.umask(0o022)
    try:
        call_command("export_all", str(archive))
    finally:
        os.umask(umask)

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert zipfile.is_zipfile(archive)
    assert [path.name for path in tmp_path.iterdir()] == ["backup.zip"]  # no partial file left


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("hello.txt", "hi")

    with pytest.raises(CommandError, match="not a PaperShelf backup"):
        call_command("import_all", str(archive))


def test_a_damaged_backup_restores_nothing(small_catalog, tmp_path):
    UserFactory()
    archive = tmp_path / "backup.zip"
    call_command("export_all", str(archive))
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.namelist():
            data = source.read(item)
            if item == "data.json":
                rows = json.loads(data)
                data = json.dumps(rows[:-1] + [{"model": "reviews.paper", "pk": 1, "fields": {}}])
            target.writestr(item, data)
    empty_the_database()

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("import_all", str(damaged))
    assert Paper.objects.count() == 0
    assert User.objects.count() == 0


def test_a_backup_fails_naming_a_slide_file_that_is_missing(small_catalog, tmp_path):
    review = ReviewFactory(paper=small_catalog)
    review.slides.save("talk.pdf", ContentFile(b"%PDF-1.4 slides"), save=True)
    review.slides.storage.delete(review.slides.name)
    archive = tmp_path / "backup.zip"

    with pytest.raises(CommandError, match=rf"{review.slides.name}.* is missing"):
        call_command("export_all", str(archive))
    assert not archive.exists()


@pytest.mark.postgres
def test_search_finds_a_paper_after_a_restore(small_catalog, tmp_path):
    from reviews.search import search_papers

    archive = tmp_path / "backup.zip"
    call_command("export_all", str(archive))
    empty_the_database()

    call_command("import_all", str(archive))

    found = search_papers(Paper.objects.all(), "residual learning")
    assert [paper.title for paper in found] == ["Deep Residual Learning for Image Recognition"]


# --- Downloads are public, whoever asks ---------------------------------------------------------


@pytest.fixture
def secret_member_review(small_catalog):
    from tests.factories import PresenterFactory

    presenter = PresenterFactory(name="Secret Member", slug="secret-member")
    return ReviewFactory(
        paper=small_catalog, presenter=presenter, visibility=Review.Visibility.MEMBERS
    )


@pytest.mark.parametrize("fmt", ["csv", "json", "bibtex", "readme"])
def test_a_members_download_holds_only_what_a_visitor_may_see(
    client, member, secret_member_review, fmt
):
    client.force_login(member)

    response = client.get(
        reverse("reviews:paper-export", args=[fmt]), {"presenter": "secret-member"}
    )

    assert response.status_code == 200
    assert "Deep Residual Learning" not in response.content.decode()


def test_bibtex_writes_et_al_as_others(db):
    from reviews.exporters.bibtex import paper_to_bibtex

    listed = PaperFactory(title="Deep Residual Learning", authors="K. He\net al.", year=2016)
    inline = PaperFactory(title="Squeeze and Excitation", authors="J. Hu et al.", year=2018)

    assert "{K. He and others}" in paper_to_bibtex(listed)
    assert "{J. Hu and others}" in paper_to_bibtex(inline)
    assert paper_to_bibtex(inline).startswith("@inproceedings{hu2018squeeze,")
