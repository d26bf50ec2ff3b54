"""Members add papers by arXiv id, DOI or BibTeX; what is found is confirmed, then saved once."""

import io
from pathlib import Path
from unittest import mock

import pytest
import requests
from django.urls import reverse

from reviews import metadata
from reviews.models import Paper
from tests.factories import PaperFactory

RECORDED = Path(__file__).resolve().parents[1] / "data" / "recorded"
ADD = reverse("reviews:paper-add")


def recorded(name: str, status: int = 200) -> mock.Mock:
    response = mock.Mock(spec=requests.Response)
    response.status_code = status
    response.content = (RECORDED / name).read_bytes()
    response.json = lambda: __import__("json").loads(response.content)
    type(response).raw = mock.PropertyMock(side_effect=lambda: io.BytesIO(response.content))
    return response


@pytest.fixture
def arxiv_answers():
    with mock.patch.object(
        metadata.requests, "get", return_value=recorded("arxiv_1512.03385.xml")
    ) as get:
        yield get


def confirm_data(page) -> dict:
    """The confirmation form's fields as the member's browser would send them back."""
    form = page.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if getattr(field.widget, "allow_multiple_selected", False):
            if value:  # unchecked boxes send nothing
                data[name] = [str(item) for item in value]
        else:
            data[name] = "" if value is None else value
    return {**data, "step": "save"}


def test_a_visitor_is_sent_to_log_in(client, db):
    response = client.get(ADD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(ADD, {"source": "1512.03385"}).status_code == 302


def test_a_member_adds_a_paper_by_arxiv_id(member_client, arxiv_answers):
    page = member_client.post(ADD, {"source": "https://arxiv.org/abs/1512.03385"})

    assert page.status_code == 200
    assert "Deep Residual Learning for Image Recognition" in page.content.decode()
    assert Paper.objects.count() == 0  # nothing is saved before the member confirms

    response = member_client.post(ADD, confirm_data(page))

    paper = Paper.objects.get()
    assert response.status_code == 302
    assert response["Location"] == paper.get_absolute_url()
    assert paper.arxiv_id == "1512.03385"
    assert paper.author_list == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]
    assert paper.abstract.startswith("Deeper neural networks")


def test_a_member_adds_a_paper_by_doi(member_client):
    with mock.patch.object(
        metadata.requests, "get", return_value=recorded("crossref_10.1109_CVPR.2016.90.json")
    ):
        page = member_client.post(ADD, {"source": "https://doi.org/10.1109/CVPR.2016.90"})
    member_client.post(ADD, confirm_data(page))

    paper = Paper.objects.get()
    assert (paper.doi, paper.year, paper.venue.short_name) == ("10.1109/cvpr.2016.90", 2016, "CVPR")


def test_a_member_adds_a_paper_from_a_bibtex_entry(member_client):
    bibtex = (
        "@inproceedings{hu2018squeeze,\n  title={Squeeze-and-Excitation Networks},\n"
        "  author={Hu, Jie and Shen, Li and Sun, Gang},\n  booktitle={CVPR},\n  year={2018}\n}"
    )
    page = member_client.post(ADD, {"source": bibtex})
    member_client.post(ADD, confirm_data(page))

    paper = Paper.objects.get()
    assert paper.title == "Squeeze-and-Excitation Networks"
    assert paper.author_list == ["Jie Hu", "Li Shen", "Gang Sun"]


def test_a_paper_already_in_the_catalog_is_found_not_duplicated(member_client, arxiv_answers):
    existing = PaperFactory(title="Deep residual learning for image recognition", abstract="")

    page = member_client.post(ADD, {"source": "1512.03385"})

    assert page.context["existing"] == existing
    assert "already in the catalog" in page.content.decode()
    response = member_client.post(ADD, confirm_data(page))
    member_client.post(ADD, confirm_data(page))  # saving twice still makes one paper

    existing.refresh_from_db()
    assert Paper.objects.count() == 1
    assert response["Location"] == existing.get_absolute_url()
    assert existing.arxiv_id == "1512.03385"
    assert existing.abstract


def test_an_unknown_identifier_is_a_form_error(member_client):
    with mock.patch.object(metadata.requests, "get", return_value=recorded("arxiv_not_found.xml")):
        page = member_client.post(ADD, {"source": "1234.99999"})

    assert page.status_code == 200
    assert "arXiv has no paper 1234.99999" in page.content.decode()


def test_a_network_failure_is_a_form_error_not_a_crash(member_client):
    with mock.patch.object(metadata.requests, "get", side_effect=requests.ConnectionError("down")):
        page = member_client.post(ADD, {"source": "10.1109/CVPR.2016.90"})

    assert page.status_code == 200
    assert "could not be reached" in page.content.decode()


def test_corrections_are_validated_before_saving(member_client, arxiv_answers):
    page = member_client.post(ADD, {"source": "1512.03385"})
    data = {**confirm_data(page), "arxiv_id": "not an id", "year": "1800"}

    response = member_client.post(ADD, data)

    assert response.status_code == 200
    assert Paper.objects.count() == 0
    assert set(response.context["form"].errors) == {"arxiv_id", "year"}


def test_a_paper_already_in_the_catalog_is_found_while_arxiv_is_unreachable(member_client):
    paper = PaperFactory(
        title="Deep Residual Learning for Image Recognition", arxiv_id="1512.03385"
    )
    with mock.patch.object(metadata.requests, "get", side_effect=requests.ConnectionError("down")):
        page = member_client.post(ADD, {"source": "arXiv:1512.03385v2"})

    assert page.status_code == 200
    assert "already in the catalog" in page.content.decode()
    assert paper.get_absolute_url() in page.content.decode()


def test_an_unreachable_service_suggests_pasting_bibtex_instead(member_client):
    with mock.patch.object(metadata.requests, "get", side_effect=requests.ConnectionError("down")):
        page = member_client.post(ADD, {"source": "1512.03385"})

    assert "paste the paper’s BibTeX entry instead" in page.content.decode()


def test_the_member_chooses_topics_and_tags_for_the_new_paper(member_client):
    from tests.factories import CategoryFactory

    cnn = CategoryFactory(name="CNN")
    attention = CategoryFactory(name="Attention")
    bibtex = (
        "@inproceedings{hu2018squeeze,\n  title={Squeeze-and-Excitation Networks},\n"
        "  author={Hu, Jie},\n  booktitle={CVPR},\n  year={2018}\n}"
    )
    page = member_client.post(ADD, {"source": bibtex})
    data = {**confirm_data(page), "topics": [str(cnn.pk)], "tags": "channel attention, se"}

    member_client.post(ADD, data)

    paper = Paper.objects.get()
    assert list(paper.topics.all()) == [cnn]
    assert sorted(paper.tags.names()) == ["channel attention", "se"]
    assert paper in Paper.objects.filter(topics=cnn)
    assert attention.papers.count() == 0
    topic_page = member_client.get(cnn.get_absolute_url()).content.decode()
    assert "Squeeze-and-Excitation Networks" in topic_page


def test_an_article_in_a_journal_stays_a_journal_article(member_client):
    bibtex = (
        "@article{doe2020seeds,\n  title={Seeds in Neural Networks},\n"
        "  author={Doe, Jane and others},\n  journal={Neural Computation},\n  year={2020}\n}"
    )
    page = member_client.post(ADD, {"source": bibtex})
    assert page.context["form"]["venue_kind"].value() == "journal"

    member_client.post(ADD, confirm_data(page))

    paper = Paper.objects.get()
    assert paper.venue.kind == "journal"
    entry = member_client.get(reverse("reviews:paper-bibtex", args=[paper.slug])).content.decode()
    fields = " ".join(entry.split())
    assert entry.startswith("@article{")
    assert "journal = {Neural Computation}" in fields
    assert "author = {Jane Doe and others}" in fields


def test_a_known_venue_keeps_its_kind_whatever_the_form_says(member_client):
    from tests.factories import VenueFactory

    cvpr = VenueFactory(short_name="CVPR", kind="conference")
    bibtex = "@article{a,\n  title={Some Paper},\n  journal={CVPR},\n  year={2020}\n}"
    page = member_client.post(ADD, {"source": bibtex})

    member_client.post(ADD, confirm_data(page))

    cvpr.refresh_from_db()
    assert cvpr.kind == "conference"
    assert Paper.objects.get().venue == cvpr


def test_write_a_review_links_to_adding_a_paper(member_client):
    content = member_client.get(reverse("reviews:review-start")).content.decode()

    assert f'<a href="{ADD}">Add it first</a>' in content


def test_members_find_add_a_paper_in_their_menu_and_on_the_catalog(member_client, client):
    home = member_client.get(reverse("reviews:home")).content.decode()
    catalog = member_client.get(reverse("reviews:paper-list")).content.decode()

    assert f'href="{ADD}"' in home
    assert f'href="{ADD}"' in catalog


def test_visitors_are_not_offered_add_a_paper(client, db):
    catalog = client.get(reverse("reviews:paper-list")).content.decode()

    assert f'href="{ADD}"' not in catalog


def confirmed(**fields) -> dict:
    """What the confirmation step posts for a paper found in a BibTeX entry, with ``fields``."""
    return {"step": "save", "title": "Seeds in Neural Networks", "authors": "Jane Doe", **fields}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("venue", "Proceedings of the " + "Very " * 20 + "Long Conference"),
        ("tags", "attention, " + "x" * 101),
        ("title", "Seeds\x00"),
        ("venue", "CVPR\x00"),
        ("tags", "attention\x00"),
        ("authors", "Jane\x00Doe"),
    ],
)
def test_a_value_the_database_cannot_store_is_a_form_error(member_client, field, value):
    member_client.raise_request_exception = False
    response = member_client.post(ADD, confirmed(**{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Paper.objects.exists()


def test_a_tag_without_letters_is_saved_with_a_usable_slug(member_client):
    response = member_client.post(ADD, confirmed(tags="?, >"))

    paper = Paper.objects.get()
    assert response.status_code == 302
    assert sorted(paper.tags.names()) == [">", "?"]
    assert member_client.get(paper.get_absolute_url()).status_code == 200
