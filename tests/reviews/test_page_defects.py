"""What a person sees (issue 13): the defects found in the browser, checked in the HTML."""

import pytest
from django.urls import reverse
from django.utils import translation

from reviews.markdown import render_markdown
from reviews.models import Review
from tests.factories import CollectionFactory, NominationFactory, PaperFactory, ReviewFactory

FORM = {
    "summary": "Residual learning eases very deep networks.",
    "body": "Body.",
    "presented_on": "2024-03-14",
    "visibility": "public",
}


def test_task_list_checkboxes_sit_inside_a_label():
    html = render_markdown("- [ ] reproduce\n- [x] read\n")
    assert '<label><input class="task-list-item-checkbox"' in html
    assert html.count("</label>") == 2


def test_table_columns_keep_their_alignment_as_classes():
    html = render_markdown("| a | b | c |\n|:-:|---:|---|\n| x | 1 | y |\n")
    assert '<th class="align-center">a</th>' in html
    assert '<td class="align-right">1</td>' in html
    assert "<td>y</td>" in html
    assert "style" not in html


def test_tables_scroll_in_a_wrapper_of_their_own():
    html = render_markdown("| a |\n|---|\n| 1 |\n")
    assert html.startswith('<div class="table-scroll">\n<table>')
    assert html.rstrip().endswith("</table>\n</div>")


def test_a_review_writer_cannot_forge_styles_through_the_alignment_classes():
    html = render_markdown('<td class="align-right evil" style="color:red">x</td>')
    assert "evil" not in html and "style" not in html


def test_review_form_has_publish_and_save_draft_buttons_and_no_status_radios(member_client):
    paper = PaperFactory()
    content = member_client.get(reverse("reviews:review-create", args=[paper.slug])).content
    content = content.decode()
    assert 'type="radio" name="status"' not in content
    assert 'name="status" value="published"' in content and ">Publish<" in content
    assert 'name="status" value="draft"' in content and ">Save draft<" in content
    # Enter in a field presses the first button: a new review is saved as a draft.
    assert content.index('value="draft"') < content.index('value="published"')
    assert 'role="tablist"' not in content


@pytest.mark.parametrize("button", ["published", "draft"])
def test_the_button_pressed_sets_the_review_status(member_client, button):
    paper = PaperFactory()
    member_client.post(
        reverse("reviews:review-create", args=[paper.slug]), {**FORM, "status": button}
    )
    assert Review.objects.get().status == button


def test_a_submission_without_a_button_keeps_the_published_status(member_client, member):
    review = ReviewFactory(created_by=member, status=Review.Status.PUBLISHED)
    member_client.post(reverse("reviews:review-update", args=[review.pk]), FORM)
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    assert review.summary == FORM["summary"]


def test_a_published_review_offers_to_publish_changes_first(member_client, member):
    review = ReviewFactory(created_by=member, status=Review.Status.PUBLISHED)
    content = member_client.get(reverse("reviews:review-update", args=[review.pk])).content
    content = content.decode()
    assert "Publish changes" in content
    assert content.index('value="published"') < content.index('value="draft"')


def test_queue_votes_have_no_aria_label_on_a_div(member_client):
    NominationFactory()
    content = member_client.get(reverse("reviews:queue")).content.decode()
    assert 'class="queue-votes">' in content
    assert "aria-label" not in content.split('class="queue-votes"')[1].split(">")[0]


def test_catalog_filter_panel_is_sent_folded(client, db):
    content = client.get(reverse("reviews:paper-list")).content.decode()
    assert '<details class="filter-panel" id="filter-panel">' in content


def test_collection_description_links_show_a_translated_label(client, db):
    url = "https://github.com/group/repo/blob/main/trends/2022-06.pdf"
    collection = CollectionFactory(description=f"Slides: {url}\nSee also https://example.org")
    with translation.override("ko"):
        content = client.get(
            collection.get_absolute_url(), headers={"accept-language": "ko"}
        ).content.decode()
    assert f'<a href="{url}" rel="noopener nofollow">슬라이드</a>' in content
    assert f">{url}<" not in content
    assert 'href="https://example.org"' in content
