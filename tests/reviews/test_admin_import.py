"""The admin's README import: upload, preview of what would change, then apply."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from reviews.models import Category, Paper, Presenter
from tests.factories import PaperFactory, UserFactory

URL = reverse("admin:reviews_paper_import_readme")
README = """# Our study

## Detection
- **(2016) SSD - Single Shot MultiBox Detector**
- (2018) Retina Net - Focal Loss for Dense Object Detection
"""


def upload(text: str, name: str = "README.md") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/markdown")


def test_the_paper_list_links_to_the_import(staff_client):
    response = staff_client.get(reverse("admin:reviews_paper_changelist"))

    assert URL in response.content.decode()


def test_the_preview_shows_what_would_change_and_writes_nothing(staff_client):
    PaperFactory(title="Single Shot MultiBox Detector", year=None)

    response = staff_client.post(URL, {"readme": upload(README), "preview": "1"})

    report = response.context["report"]
    assert (report.created, report.updated) == (1, 1)
    page = response.content.decode()
    assert "Focal Loss for Dense Object Detection" in page
    assert "Apply the import" in page
    assert Paper.objects.count() == 1
    assert Category.objects.count() == 0


def test_applying_the_import_writes_it_and_reports(staff_client):
    preview = staff_client.post(URL, {"readme": upload(README), "preview": "1"})
    form = preview.context["form"]

    response = staff_client.post(
        URL,
        {"content": form["content"].value(), "filename": form["filename"].value(), "apply": "1"},
        follow=True,
    )

    assert Paper.objects.count() == 2
    assert Paper.objects.get(short_name="SSD").status == Paper.Status.REVIEWED
    assert "README.md imported: 2 papers created" in response.content.decode()


def test_an_unreadable_file_is_refused_with_its_line(staff_client):
    response = staff_client.post(URL, {"readme": upload("hello\n\x00", "bad.md"), "preview": "1"})

    assert "bad.md, line 2" in response.content.decode()
    assert Paper.objects.count() == 0


@pytest.mark.django_db
def test_only_staff_who_may_add_papers_can_import(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(URL).status_code == 403


def test_the_hidden_content_field_cannot_bypass_the_2_mb_limit(staff_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024
    big = README + ("Some prose that pads the file. " * 3 + "\n") * 25_000  # > 2 MB

    response = staff_client.post(URL, {"content": big, "filename": "big.md", "apply": "1"})

    assert response.status_code == 200
    assert "larger than 2 MB" in response.content.decode()
    assert Paper.objects.count() == 0


# --- Correcting how a README was read (the mapping) ------------------------------------------

KO = (
    Path(__file__).resolve().parent.parent / "data" / "readmes" / "ko_mixed_talks_and_queue.md"
).read_text(encoding="utf-8")


def preview_of(staff_client, text: str = KO):
    return staff_client.post(URL, {"readme": upload(text, "ko.md"), "preview": "1"})


def again(staff_client, preview, extra: dict, button: str = "preview"):
    """Post the preview's form back as a browser would, with the curator's changes."""
    form = preview.context["form"]
    data = {
        "content": form["content"].value(),
        "filename": form["filename"].value(),
        "previewed": form["previewed"].value(),
        "mapping": form["mapping"].value() or "",
        button: "1",
    }
    for section in preview.context["outline"]:
        for column in section["columns"]:
            data[f"colname_{column['name']}"] = column["header"]
            data[f"colshown_{column['name']}"] = column["role"]
            data[f"col_{column['name']}"] = column["role"]
        if section["kind"] != "table" and section["heading"]:
            data[f"section_{section['number']}"] = section["heading"]
            data[f"sectionshown_{section['number']}"] = "1" if section["excluded"] else "0"
            if section["excluded"]:
                data[f"exclude_{section['number']}"] = "1"
    data.update(extra)
    return staff_client.post(URL, {k: v for k, v in data.items() if v is not None}, follow=True)


def column_field(preview, header: str) -> str:
    return next(
        column["name"]
        for section in preview.context["outline"]
        for column in section["columns"]
        if column["header"] == header
    )


def section_number(preview, heading: str) -> int:
    return next(
        s["number"]
        for s in preview.context["outline"]
        if s["heading"] == heading and s["kind"] != "table"
    )


def test_the_preview_shows_each_table_column_with_the_role_it_was_given(staff_client):
    response = preview_of(staff_client)

    [table] = [s for s in response.context["outline"] if s["kind"] == "table"]
    assert [(c["header"], c["role"]) for c in table["columns"]] == [
        ("회차", "index"),
        ("날짜", "date"),
        ("논문", "title"),
        ("발표자", "presenter"),
        ("정리", "links"),
    ]
    assert table["entries"] == 3
    page = response.content.decode()
    assert '<option value="presenter" selected>' in page
    assert [s["heading"] for s in response.context["outline"] if s["excluded"]] == [
        "스터디 방식",
        "블로그 글",
    ]


def test_changing_a_columns_role_updates_the_preview_and_the_mapping(staff_client):
    preview = preview_of(staff_client)
    assert preview.context["report"].reviews_created == 2  # two dated talks

    name = column_field(preview, "날짜")
    response = again(staff_client, preview, {f"col_{name}": "ignore"})

    assert response.context["report"].reviews_created == 0
    assert json.loads(response.context["form"]["mapping"].value()) == {
        "columns": {"날짜": "ignore"}
    }
    assert Paper.objects.count() == 0


def test_excluding_a_section_and_ticking_a_line_take_entries_out(staff_client):
    preview = preview_of(staff_client)
    number = section_number(preview, "읽을 논문")

    response = again(staff_client, preview, {f"exclude_{number}": "1", "not_paper": "16"})

    assert [e.line for e in response.context["report"].entries] == [14, 15]
    reasons = {s.line: s.reason for s in response.context["report"].skipped}
    assert reasons[16] == "marked as not a paper"
    assert json.loads(response.context["form"]["mapping"].value()) == {
        "exclude_sections": ["읽을 논문"],
        "not_papers": [16],
    }


def test_a_section_taken_for_no_papers_can_be_given_back(staff_client):
    text = "## Reading\n- Attention Is All You Need (NeurIPS 2017)\n\n## References\n" + (
        "- Deep Residual Learning for Image Recognition (CVPR 2016)\n"
    )
    preview = preview_of(staff_client, text)
    assert len(preview.context["report"].entries) == 1

    number = section_number(preview, "References")
    response = again(staff_client, preview, {f"exclude_{number}": None})

    assert len(response.context["report"].entries) == 2


def test_a_changed_mapping_is_previewed_before_it_is_applied(staff_client):
    preview = preview_of(staff_client)
    name = column_field(preview, "발표자")

    changed = again(staff_client, preview, {f"col_{name}": "ignore"}, button="apply")

    assert Paper.objects.count() == 0
    assert "The mapping changed" in changed.content.decode()
    applied = again(staff_client, changed, {}, button="apply")
    assert Paper.objects.count() == 6
    assert Presenter.objects.count() == 0
    assert [str(m) for m in applied.context["messages"]] == [
        "ko.md imported: 6 papers created, 0 updated, 0 unchanged, 3 lines skipped."
    ]


def test_the_mapping_the_preview_shows_is_what_the_command_takes(staff_client, tmp_path):
    preview = preview_of(staff_client)
    number = section_number(preview, "읽을 논문")
    response = again(staff_client, preview, {f"exclude_{number}": "1"})
    mapping = tmp_path / "mapping.json"
    mapping.write_text(response.context["form"]["mapping"].value(), encoding="utf-8")
    readme = tmp_path / "ko.md"
    readme.write_text(KO, encoding="utf-8")

    call_command("import_readme", str(readme), "--mapping", str(mapping))

    assert Paper.objects.count() == 3


def test_a_mapping_that_is_not_valid_json_is_a_form_error(staff_client):
    response = staff_client.post(
        URL, {"readme": upload(README), "mapping": '{"columns": {"x": "nonsense"}}', "preview": "1"}
    )

    assert "The mapping is not valid" in response.content.decode()
    assert response.context["report"] is None


# --- Large imports in the background (a task worker) ---------------------------------------------


def test_with_a_worker_the_import_runs_in_the_background_and_its_page_follows_it(
    transactional_db, settings
):
    from django.test import Client
    from django_tasks_db.models import DBTaskResult

    from tests.factories import StaffFactory

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = Client()
    client.force_login(StaffFactory(username="curator", is_superuser=True))
    readme = "## Vision\n\n" + "".join(
        f"- [A Study of Networks, Part {n}](https://arxiv.org/abs/2101.{n:05d})\n"
        for n in range(1, 26)
    )
    url = reverse("admin:reviews_paper_import_readme")
    preview = client.post(url, {"readme": SimpleUploadedFile("README.md", readme.encode())})
    assert preview.status_code == 200
    form = preview.context["form"]
    data = {name: form[name].value() or "" for name in ("content", "filename", "previewed")}
    response = client.post(url, {**data, "apply": "1"})
    assert response.status_code == 302
    job_url = response["Location"]
    assert not Paper.objects.exists()  # nothing written in the request

    page = client.get(job_url).content.decode()
    assert "Waiting for a worker" in page
    assert '<meta http-equiv="refresh" content="2">' in page

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert Paper.objects.count() == 25
    page = client.get(job_url).content.decode()
    assert "README.md imported: 25 papers created" in page
    assert 'http-equiv="refresh"' not in page


def test_an_unknown_background_import_is_a_404(transactional_db, settings):
    import uuid

    from django.test import Client

    from tests.factories import StaffFactory

    client = Client()
    client.force_login(StaffFactory(username="curator", is_superuser=True))
    missing = reverse("admin:reviews_paper_import_readme_job", args=[uuid.uuid4()])
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert client.get(missing).status_code == 404
