"""The admin's README import: upload, preview of what would change, then apply."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import Category, Paper
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
