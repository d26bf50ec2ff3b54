import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.feeds import ical_escape, ical_fold
from reviews.models import Review
from tests.factories import NominationFactory, PaperFactory, PresenterFactory, ReviewFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_lists_public_reviews_newest_first(client, db):
    older = ReviewFactory(paper=PaperFactory(title="Older paper"))
    Review.objects.filter(pk=older.pk).update(published_at=timezone.now() - datetime.timedelta(1))
    newer = ReviewFactory(paper=PaperFactory(title="Newer paper"), body="Math: $x^2$")
    response = client.get(reverse("reviews:review-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Newer paper", "Older paper"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(newer.get_absolute_url())
    assert "$x^2$" in entries[0].find(f"{ATOM}summary").text
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text == newer.presenter.name


def test_atom_feed_leaves_out_drafts_and_members_only_reviews(client, db):
    ReviewFactory(paper=PaperFactory(title="Draft paper"), status=Review.Status.DRAFT)
    ReviewFactory(paper=PaperFactory(title="Members paper"), visibility=Review.Visibility.MEMBERS)
    content = client.get(reverse("reviews:review-feed")).content.decode()
    assert "Draft paper" not in content
    assert "Members paper" not in content


def test_atom_feed_leaves_out_talk_records_without_summary_or_body(client, db):
    ReviewFactory(paper=PaperFactory(title="Talk record only"), summary="", body="")
    ReviewFactory(paper=PaperFactory(title="Summary only"), summary="One line", body="")
    ReviewFactory(paper=PaperFactory(title="Body only"), summary="", body="Some *thoughts*")
    root = ET.fromstring(client.get(reverse("reviews:review-feed")).content)
    titles = {entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")}
    assert titles == {"Summary only", "Body only"}


def test_atom_feed_body_is_sanitized(client, db):
    ReviewFactory(body="<script>alert(1)</script><img src=x onerror=alert(2)>")
    content = client.get(reverse("reviews:review-feed")).content.decode()
    assert "alert(1)" not in content
    assert "onerror" not in content


@pytest.fixture
def scheduled(db):
    paper = PaperFactory(title="Attention Is All You Need, Again; Really", short_name="")
    return NominationFactory(
        paper=paper,
        status="scheduled",
        scheduled_for=timezone.localdate() + datetime.timedelta(days=7),
        presenter=PresenterFactory(name="김 발표자"),
    )


def test_icalendar_feed_has_one_all_day_event_per_scheduled_talk(client, scheduled):
    NominationFactory()  # open: not on the calendar
    response = client.get(reverse("reviews:schedule-ical"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    day = scheduled.scheduled_for
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}\r\n" in body
    assert f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}\r\n" in body
    assert f"UID:nomination-{scheduled.pk}@testserver\r\n" in body
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Attention Is All You Need\\, Again\\; Really\r\n" in unfolded
    url = f"http://testserver{scheduled.paper.get_absolute_url()}"
    assert f"DESCRIPTION:Presenter: 김 발표자\\n{url}\r\n" in unfolded
    assert f"URL:{url}\r\n" in unfolded


def test_icalendar_feed_leaves_out_the_nominators_reasons(client, scheduled):
    scheduled.reason = "Our rival lab's weak spot"
    scheduled.save()
    body = client.get(reverse("reviews:schedule-ical")).content.decode().replace("\r\n ", "")
    assert "weak spot" not in body
    assert "rival" not in body


def test_icalendar_lines_are_crlf_and_at_most_75_octets(client, scheduled):
    scheduled.reason = "긴 이유 " * 40
    scheduled.save()
    body = client.get(reverse("reviews:schedule-ical")).content
    lines = body.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines)
    body.decode("utf-8")  # folding never splits a character


def test_ical_text_escaping():
    assert ical_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_ical_folding_keeps_the_text():
    line = "DESCRIPTION:" + "가나다라" * 30
    folded = ical_fold(line)
    assert folded.replace("\r\n ", "") == line


# --- Hostile text ---------------------------------------------------------------------------

HOSTILE_HTML = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def feed_entry(client):
    root = ET.fromstring(client.get(reverse("reviews:review-feed")).content)
    (entry,) = root.findall(f"{ATOM}entry")
    return entry


def test_atom_summary_of_a_review_without_a_body_is_escaped(client, db):
    ReviewFactory(summary=HOSTILE_HTML, body="")
    summary = feed_entry(client).find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # What a feed reader renders as HTML: the summary as text, no element in it.
    assert "<img" not in summary.text
    assert "<script" not in summary.text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in summary.text


def test_atom_titles_and_names_are_text_whatever_they_hold(client, db):
    ReviewFactory(
        paper=PaperFactory(title=f"Attention {HOSTILE_HTML}", tags=[HOSTILE_HTML]),
        presenter=PresenterFactory(name=f"Mallory {HOSTILE_HTML}"),
    )
    entry = feed_entry(client)
    title = entry.find(f"{ATOM}title")
    assert title.get("type") in (None, "text")
    assert title.text == f"Attention {HOSTILE_HTML}"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == f"Mallory {HOSTILE_HTML}"


def test_atom_feed_drops_control_characters_xml_cannot_carry(client, db):
    ReviewFactory(
        paper=PaperFactory(title="Vertical\x0btab\x1b[31m"),
        presenter=PresenterFactory(name="Bell\x07"),
        summary="Form\x0cfeed",
        body="",
    )
    entry = feed_entry(client)
    assert entry.find(f"{ATOM}title").text == "Verticaltab[31m"
    assert entry.find(f"{ATOM}summary").text == "Formfeed"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Bell"


@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028"])
def test_icalendar_text_cannot_start_a_new_property(client, scheduled, line_break):
    injected = f"{line_break}END:VEVENT{line_break}BEGIN:VEVENT{line_break}SUMMARY:Free pizza"
    scheduled.paper.title = f"Attention{injected}"
    scheduled.paper.save()
    scheduled.presenter.name = f"Mallory{injected}"
    scheduled.presenter.save()

    body = client.get(reverse("reviews:schedule-ical")).content.decode()

    lines = body.replace("\r\n ", "").splitlines()
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    assert not any(line.startswith("SUMMARY:Free pizza") for line in lines)
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:Attention\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Free pizza"


def test_ical_escaping_drops_control_characters():
    assert ical_escape("a\x00b\x1bc\x7fd\te") == "abcd\te"
