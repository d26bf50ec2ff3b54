"""The metadata client: arXiv Atom, Crossref JSON and BibTeX, with recorded answers (no network)."""

from pathlib import Path
from unittest import mock

import pytest
import requests

from reviews import metadata
from reviews.metadata import (
    BibtexError,
    MetadataNotFound,
    MetadataUnavailable,
    arxiv_id_from,
    doi_from,
    fetch_arxiv,
    fetch_crossref,
    lookup,
    parse_bibtex,
)

RECORDED = Path(__file__).resolve().parents[1] / "data" / "recorded"


def recorded(name: str, status: int = 200) -> mock.Mock:
    response = mock.Mock(spec=requests.Response)
    response.status_code = status
    response.content = (RECORDED / name).read_bytes()
    response.text = response.content.decode()
    response.json = lambda: __import__("json").loads(response.content)
    return response


@pytest.fixture
def http_get():
    with mock.patch.object(metadata.requests, "get") as get:
        yield get


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1512.03385", "1512.03385"),
        ("arXiv:1512.03385v2", "1512.03385"),
        ("https://arxiv.org/abs/1512.03385", "1512.03385"),
        ("https://arxiv.org/pdf/1904.05068.pdf", "1904.05068"),
        ("10.1109/CVPR.2016.90", ""),
    ],
)
def test_arxiv_ids_are_recognised_in_every_usual_spelling(text, expected):
    assert arxiv_id_from(text) == expected


def test_dois_are_recognised_bare_and_as_urls():
    assert doi_from("https://doi.org/10.1109/CVPR.2016.90") == "10.1109/cvpr.2016.90"
    assert doi_from("doi:10.1109/CVPR.2016.90") == "10.1109/cvpr.2016.90"
    assert doi_from("1512.03385") == ""


def test_arxiv_metadata_is_read_from_the_atom_feed(http_get, settings):
    http_get.return_value = recorded("arxiv_1512.03385.xml")

    found = fetch_arxiv("arXiv:1512.03385v1")

    assert found.title == "Deep Residual Learning for Image Recognition"
    assert found.authors == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]
    assert (found.year, found.arxiv_id, found.venue) == (2015, "1512.03385", "arXiv")
    assert found.abstract.startswith("Deeper neural networks are more difficult to train.")
    assert "ILSVRC & COCO 2015" in found.abstract
    assert found.links == {
        "url": "https://arxiv.org/abs/1512.03385",
        "pdf_url": "https://arxiv.org/pdf/1512.03385",
    }
    args, kwargs = http_get.call_args
    assert args == (settings.ARXIV_API_URL,)
    assert kwargs["params"]["id_list"] == "1512.03385"
    assert kwargs["timeout"] == settings.METADATA_TIMEOUT


def test_an_unknown_arxiv_id_is_reported_as_not_found(http_get):
    http_get.return_value = recorded("arxiv_not_found.xml")

    with pytest.raises(MetadataNotFound, match="arXiv has no paper 1234.99999"):
        fetch_arxiv("1234.99999")


def test_crossref_metadata_is_read_from_the_work_message(http_get, settings):
    http_get.return_value = recorded("crossref_10.1109_CVPR.2016.90.json")

    found = fetch_crossref("https://doi.org/10.1109/CVPR.2016.90")

    assert found.title == "Deep Residual Learning for Image Recognition"
    assert found.authors[0] == "Kaiming He"
    assert (found.year, found.venue, found.doi) == (2016, "CVPR", "10.1109/cvpr.2016.90")
    assert http_get.call_args.args[0] == settings.CROSSREF_API_URL + "10.1109/cvpr.2016.90"


def test_an_unknown_doi_is_reported_as_not_found(http_get):
    http_get.return_value = recorded("crossref_not_found.txt", status=404)

    with pytest.raises(MetadataNotFound, match="Crossref has no work"):
        fetch_crossref("10.9999/nothing")


@pytest.mark.parametrize(
    "error", [requests.ConnectionError("down"), requests.Timeout("slow")], ids=["down", "slow"]
)
def test_a_network_failure_is_reported_as_unavailable(http_get, error):
    http_get.side_effect = error

    with pytest.raises(MetadataUnavailable, match="try again later"):
        fetch_arxiv("1512.03385")


def test_a_server_error_is_reported_as_unavailable(http_get):
    http_get.return_value = recorded("crossref_not_found.txt", status=503)

    with pytest.raises(MetadataUnavailable, match="503"):
        fetch_crossref("10.1109/CVPR.2016.90")


BIBTEX = r"""
@inproceedings{he2016deep,
  title     = {Deep Residual Learning for Image Recognition},
  author    = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  booktitle = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)},
  year      = {2016},
  doi       = {10.1109/CVPR.2016.90}
}

@article{cicek2016unet,
  title   = {{3D} {U-Net}: Learning Dense Volumetric Segmentation from Sparse Annotation},
  author  = {{\c{C}}i{\c{c}}ek, {\"O}zg{\"u}n and others},
  journal = {arXiv preprint arXiv:1606.06650},
  year    = {2016}
}
"""


def test_bibtex_entries_become_metadata_with_latex_decoded():
    resnet, unet = parse_bibtex(BIBTEX)

    assert resnet.key == "he2016deep"
    assert resnet.metadata.authors == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]
    assert resnet.metadata.doi == "10.1109/cvpr.2016.90"
    assert (
        unet.metadata.title
        == "3D U-Net: Learning Dense Volumetric Segmentation from Sparse Annotation"
    )
    assert unet.metadata.authors == ["Özgün Çiçek", "et al."]
    assert (unet.metadata.arxiv_id, unet.metadata.venue) == ("1606.06650", "arXiv")


def test_broken_bibtex_names_the_line():
    with pytest.raises(BibtexError) as error:
        parse_bibtex("@article{ok, title={Fine}, year={2020}}\n\n@article{broken,\n  title = {x\n")

    assert error.value.line == 3


def test_lookup_picks_the_source_from_what_was_pasted(http_get):
    http_get.return_value = recorded("arxiv_1512.03385.xml")
    assert lookup(" https://arxiv.org/abs/1512.03385 ").source == "arxiv"

    http_get.return_value = recorded("crossref_10.1109_CVPR.2016.90.json")
    assert lookup("10.1109/CVPR.2016.90").source == "crossref"

    assert lookup(BIBTEX).source == "bibtex"
    with pytest.raises(MetadataNotFound, match="Paste an arXiv id"):
        lookup("ResNet please")
