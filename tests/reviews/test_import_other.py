"""BibTeX files and arXiv ids, through the same find-or-create service as the README import."""

import io
from pathlib import Path
from unittest import mock

import pytest
import requests
from django.core.management import CommandError, call_command

from reviews import metadata
from reviews.models import Paper
from tests.factories import PaperFactory

RECORDED = Path(__file__).resolve().parents[1] / "data" / "recorded"

BIB = r"""@inproceedings{he2016deep,
  title={Deep Residual Learning for Image Recognition},
  author={He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  booktitle={CVPR}, year={2016}, doi={10.1109/CVPR.2016.90}
}
@article{simonyan2014very,
  title={Very deep convolutional networks for large-scale image recognition},
  author={Simonyan, Karen and Zisserman, Andrew},
  journal={arXiv preprint arXiv:1409.1556}, year={2014}
}
"""


def recorded(name: str, status: int = 200) -> mock.Mock:
    response = mock.Mock(spec=requests.Response)
    response.status_code = status
    response.content = (RECORDED / name).read_bytes()
    type(response).raw = mock.PropertyMock(side_effect=lambda: io.BytesIO(response.content))
    return response


@pytest.mark.django_db
def test_import_bibtex_adds_each_entry_as_a_paper(tmp_path, capsys):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")

    call_command("import_bibtex", str(bib))

    resnet = Paper.objects.get(doi="10.1109/cvpr.2016.90")
    assert resnet.author_list == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]
    assert resnet.venue.short_name == "CVPR"
    assert Paper.objects.get(arxiv_id="1409.1556").venue.short_name == "arXiv"
    assert "Papers created: 2, updated: 0, unchanged: 0." in capsys.readouterr().out


@pytest.mark.django_db
def test_import_bibtex_completes_a_paper_already_in_the_catalog(tmp_path):
    existing = PaperFactory(title="Deep residual learning for image recognition", authors="")
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")

    call_command("import_bibtex", str(bib))

    existing.refresh_from_db()
    assert Paper.objects.count() == 2
    assert existing.doi == "10.1109/cvpr.2016.90"
    assert existing.authors.startswith("Kaiming He")
    assert existing.year == 2020  # the curated year stays


@pytest.mark.django_db
def test_a_broken_bibtex_file_names_the_line_and_imports_nothing(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB + "\n@article{broken,\n  title = {Unclosed\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"refs.bib, line 12: .*Nothing was imported"):
        call_command("import_bibtex", str(bib))
    assert Paper.objects.count() == 0


@pytest.mark.django_db
def test_import_arxiv_fills_the_paper_from_the_arxiv_api(capsys):
    with mock.patch.object(metadata.requests, "get", return_value=recorded("arxiv_1512.03385.xml")):
        call_command("import_arxiv", "1512.03385")

    paper = Paper.objects.get(arxiv_id="1512.03385")
    assert paper.title == "Deep Residual Learning for Image Recognition"
    assert paper.abstract.startswith("Deeper neural networks")
    assert paper.url == "https://arxiv.org/abs/1512.03385"
    assert "created: Deep Residual Learning" in capsys.readouterr().out


@pytest.mark.django_db
def test_import_arxiv_finds_the_paper_a_readme_brought_by_its_title():
    readme_paper = PaperFactory(title="Deep Residual Learning for Image Recognition", abstract="")

    with mock.patch.object(metadata.requests, "get", return_value=recorded("arxiv_1512.03385.xml")):
        call_command("import_arxiv", "https://arxiv.org/abs/1512.03385")

    readme_paper.refresh_from_db()
    assert Paper.objects.count() == 1
    assert readme_paper.arxiv_id == "1512.03385"
    assert readme_paper.abstract


@pytest.mark.django_db
def test_import_arxiv_writes_nothing_when_one_id_is_unknown():
    # arXiv answers a batch with the entries it has: here the first id only.
    with (
        mock.patch.object(metadata.requests, "get", return_value=recorded("arxiv_1512.03385.xml")),
        pytest.raises(CommandError, match="1234.99999: arXiv has no paper"),
    ):
        call_command("import_arxiv", "1512.03385", "1234.99999")
    assert Paper.objects.count() == 0


@pytest.mark.django_db
def test_import_arxiv_asks_the_api_once_for_all_the_ids():
    with mock.patch.object(
        metadata.requests, "get", return_value=recorded("arxiv_1512.03385.xml")
    ) as get:
        call_command("import_arxiv", "arXiv:1512.03385v2", "https://arxiv.org/abs/1512.03385")

    assert get.call_count == 1
    assert get.call_args.kwargs["params"]["id_list"] == "1512.03385"
    assert Paper.objects.count() == 1


@pytest.mark.django_db
def test_import_arxiv_sends_many_ids_in_one_comma_separated_list():
    with (
        mock.patch.object(
            metadata.requests, "get", return_value=recorded("arxiv_not_found.xml")
        ) as get,
        pytest.raises(CommandError, match="1512.03385: arXiv has no paper"),
    ):
        call_command("import_arxiv", "1512.03385", "1706.03762", "1409.1556")

    assert get.call_count == 1
    assert get.call_args.kwargs["params"]["id_list"] == "1512.03385,1706.03762,1409.1556"
