"""The metadata client: arXiv Atom, Crossref JSON and BibTeX, with recorded answers (no network)."""

import contextlib
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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
    type(response).raw = mock.PropertyMock(side_effect=lambda: io.BytesIO(response.content))
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


# --- Outgoing requests stay where the settings send them -----------------------------------------


class Service(BaseHTTPRequestHandler):
    """A metadata service on 127.0.0.1 that misbehaves as each test asks: ``answers`` maps a
    path to a function writing the answer; every requested path is kept in ``requested``."""

    answers: dict = {}
    requested: list = []

    def do_GET(self):
        self.requested.append(self.path)
        path = self.path.split("?")[0]
        answer = self.answers.get(path)
        if answer is None:
            self.send_response(404)
            self.end_headers()
            return
        with contextlib.suppress(OSError):  # the client hung up, as it should
            answer(self)

    def log_message(self, *args):
        pass


def send_work(handler, body=None):
    body = body or (RECORDED / "crossref_10.1109_CVPR.2016.90.json").read_bytes()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def service(settings, monkeypatch):
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Service)
    Service.answers, Service.requested = {}, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.CROSSREF_API_URL = base + "/works/"
    settings.ARXIV_API_URL = base + "/api/query"
    settings.METADATA_TIMEOUT = 1
    yield base
    server.shutdown()
    server.server_close()


def test_a_redirect_is_not_followed(service):
    def redirect(handler):
        handler.send_response(302)
        handler.send_header("Location", service.replace("127.0.0.1", "localhost") + "/elsewhere")
        handler.end_headers()

    Service.answers = {"/works/10.1109/cvpr.2016.90": redirect, "/elsewhere": send_work}

    with pytest.raises(MetadataUnavailable, match="302"):
        fetch_crossref("10.1109/CVPR.2016.90")

    assert Service.requested == ["/works/10.1109/cvpr.2016.90"]


def trickle(handler, *, headers_first: bool):
    """An answer one byte at a time, ten bytes a second, for at most five seconds."""
    body = (RECORDED / "crossref_10.1109_CVPR.2016.90.json").read_bytes()
    head = (
        b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    slow = body if headers_first else head + body
    if headers_first:
        handler.wfile.write(head)
    for byte in slow[:50]:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.1)


@pytest.mark.parametrize("headers_first", [True, False], ids=["slow body", "slow headers"])
def test_a_server_that_trickles_its_answer_is_given_up_on_at_the_deadline(service, headers_first):
    def answer(handler):
        handler.close_connection = True
        trickle(handler, headers_first=headers_first)

    Service.answers = {"/works/10.1109/cvpr.2016.90": answer}
    started = time.monotonic()

    with pytest.raises(MetadataUnavailable, match="did not answer in time"):
        fetch_crossref("10.1109/CVPR.2016.90")

    assert time.monotonic() - started < 2.5  # the deadline is 1 s; the trickle lasts 5 s


def test_an_answer_larger_than_the_cap_is_refused(service, monkeypatch):
    monkeypatch.setattr(metadata, "MAX_ANSWER_SIZE", 64 * 1024)
    work = json.loads((RECORDED / "crossref_10.1109_CVPR.2016.90.json").read_bytes())
    work["message"]["abstract"] = "residual " * 100_000
    Service.answers = {
        "/works/10.1109/cvpr.2016.90": lambda h: send_work(h, json.dumps(work).encode())
    }

    with pytest.raises(MetadataUnavailable, match="more than 64.0"):
        fetch_crossref("10.1109/CVPR.2016.90")


def test_an_answer_within_the_limits_is_read(service):
    Service.answers = {"/works/10.1109/cvpr.2016.90": send_work}

    assert fetch_crossref("10.1109/CVPR.2016.90").title.startswith("Deep Residual Learning")


@pytest.mark.parametrize(
    "doi",
    [
        "10.1234/../../members",
        "10.1234/x/../../../api/query",
        "10.1234/..",
        "10.1234/./x",
        "10.1234/a\\..\\..\\members",
        "10.1234/a\x00b",
        "10.1234/a\x1b[31m",
    ],
)
def test_a_doi_that_would_leave_the_api_path_is_not_a_doi(http_get, doi):
    with pytest.raises(MetadataNotFound, match="is not a DOI"):
        fetch_crossref(doi)

    assert not http_get.called
    assert doi_from(doi) == ""


@pytest.mark.parametrize(
    ("doi", "path"),
    [
        ("10.1234/a?rows=1000", "/works/10.1234/a%3Frows%3D1000"),
        ("10.1234/a#b", "/works/10.1234/a%23b"),
        ("10.1234/%2e%2e/members", "/works/10.1234/%252e%252e/members"),
        (
            "10.1002/(SICI)1097-4636(199712)37:4<482::AID-JBM5>3.0.CO;2-D",
            "/works/10.1002/%28sici%291097-4636%28199712%2937%3A4%3C482%3A%3Aaid-jbm5%3E3.0.co%3B2-d",
        ),
    ],
)
def test_a_doi_stays_one_quoted_path_in_the_api(service, doi, path):
    with pytest.raises(MetadataNotFound):
        fetch_crossref(doi)

    assert Service.requested == [path]
