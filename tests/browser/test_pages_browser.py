"""What a person sees (issue 13), judged in headless Chromium at phone and desktop widths:
the defects found by hand stay fixed, and axe-core finds no serious or critical violation."""

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client

from reviews.models import Paper, Review
from tests.factories import (
    CategoryFactory,
    CollectionEntryFactory,
    CollectionFactory,
    NominationFactory,
    PaperFactory,
    PresenterFactory,
    ReviewFactory,
    UserFactory,
    VenueFactory,
)

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Chromium at /usr/bin/chromium"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BODY = (
    "## Results\n\n"
    + "Residual connections let very deep networks train as well as shallow ones. " * 6
    + "\n\n| Model | Top-1 error (%) | Parameters |\n|---|---:|:-:|\n"
    "| ResNet-152 | 19.38 | 60.2M |\n| Internationalization-architecture | 21.5 | 25M |\n\n"
    "- [ ] reproduce the CIFAR-10 runs\n- [x] read the appendix\n"
)


@pytest.fixture
def site(transactional_db):
    """A small catalog with a written review, a talk, a queue, a collection and stats."""
    member = UserFactory(username="kim")
    cnn = CategoryFactory(name="CNN")
    venue = VenueFactory(short_name="CVPR")
    presenter = PresenterFactory(name="김성철", user=member)
    papers = [
        PaperFactory(title=f"Paper from {year}", year=year, venue=venue, topics=[cnn])
        for year in range(2012, 2024)
    ]
    resnet = PaperFactory(
        title="Deep Residual Learning for Image Recognition",
        short_name="ResNet",
        year=2016,
        venue=venue,
        topics=[cnn],
        status=Paper.Status.REVIEWED,
    )
    review = ReviewFactory(
        paper=resnet,
        presenter=presenter,
        created_by=member,
        summary="Residual connections make deep networks trainable.",
        body=BODY,
        presented_on=date(2024, 3, 14),
    )
    talk = ReviewFactory(
        paper=papers[0],
        presenter=presenter,
        summary="",
        body="",
        slides_url="https://example.org/slides.pdf",
        presented_on=date(2024, 4, 1),
    )
    NominationFactory(
        paper=papers[1],
        status="scheduled",
        presenter=presenter,
        scheduled_for=date.today() + timedelta(days=7),
    )
    NominationFactory(paper=papers[2])
    collection = CollectionFactory(
        title="Research trends: June 2022",
        description="Slides: https://github.com/group/repo/blob/main/trends/2022-06.pdf",
    )
    CollectionEntryFactory(collection=collection, paper=papers[3])
    return {
        "member": member,
        "review": review,
        "talk": talk,
        "paper": resnet,
        "collection": collection,
    }


def open_page(browser, live_server, path, viewport, *, user=None, language="en", **options):
    context = browser.new_context(
        viewport=viewport,
        locale=language,
        extra_http_headers={"Accept-Language": language},
        **options,
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    page = context.new_page()
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("load")
    return page


def test_phone_catalog_filter_panel_is_folded_from_the_first_paint(browser, live_server, site):
    # Without JavaScript: what the server sends is what the first paint shows.
    page = open_page(browser, live_server, "/papers/", PHONE, java_script_enabled=False)
    assert page.locator("#filter-panel").evaluate("panel => panel.open") is False
    assert not page.locator("#id_topic").is_visible()
    page.context.close()
    page = open_page(browser, live_server, "/papers/", DESKTOP, java_script_enabled=False)
    assert page.locator("#id_topic").is_visible()
    page.context.close()


def test_phone_catalog_does_not_shift_after_load(browser, live_server, site):
    page = open_page(browser, live_server, "/papers/", PHONE)
    shift = page.evaluate(
        """() => new Promise(resolve => {
            let total = 0;
            new PerformanceObserver(list => {
                for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
            }).observe({type: "layout-shift", buffered: true});
            setTimeout(() => resolve(total), 500);
        })"""
    )
    assert shift < 0.05
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_review_tables_keep_alignment_scroll_and_whole_words(browser, live_server, site, viewport):
    page = open_page(browser, live_server, site["review"].get_absolute_url(), viewport)
    cell = page.locator(".markdown-body td.align-right").first
    assert cell.evaluate("cell => getComputedStyle(cell).textAlign") == "right"
    wrapper = page.locator(".markdown-body .table-scroll")
    assert wrapper.evaluate("box => getComputedStyle(box).overflowX") == "auto"
    # A long word stays on one line in its cell (the table scrolls instead).
    word = page.locator("td", has_text="Internationalization-architecture")
    line = float(word.evaluate("cell => parseFloat(getComputedStyle(cell).lineHeight)"))
    assert word.evaluate("cell => cell.clientHeight") < 2.5 * line + 16
    # Task-list checkboxes have a name.
    for box in page.locator(".task-list-item input[type=checkbox]").all():
        assert box.evaluate("box => box.labels.length") == 1
    if viewport is DESKTOP:
        # Review text keeps a reading width: about 70 characters a line.
        paragraph = page.locator(".markdown-body p").first
        assert paragraph.evaluate("p => p.getBoundingClientRect().width") < 760
    page.context.close()


def test_a_talk_without_a_written_review_is_shown_as_a_talk(browser, live_server, site):
    page = open_page(browser, live_server, site["talk"].get_absolute_url(), DESKTOP)
    heading = page.locator("h1").inner_text()
    assert heading.startswith("Talk:")
    assert "example.org/slides.pdf" in page.locator(".review-materials a").first.get_attribute(
        "href"
    )
    page.context.close()


def test_review_form_publishes_with_its_publish_button(browser, live_server, site):
    review = site["review"]
    Review.objects.filter(pk=review.pk).update(status=Review.Status.DRAFT)
    page = open_page(
        browser, live_server, f"/reviews/{review.pk}/edit/", DESKTOP, user=site["member"]
    )
    assert page.locator("[role=tablist]").count() == 0
    assert page.locator("input[name=status]").count() == 0
    file_button = page.locator("input[type=file]").evaluate(
        "input => getComputedStyle(input, '::file-selector-button').borderTopStyle"
    )
    assert file_button == "solid"
    page.click("form.review-form button[name=status][value=published]")
    page.wait_for_url(f"**{review.get_absolute_url()}")
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    page.context.close()


def test_phone_stats_start_at_the_newest_years_and_say_they_scroll(browser, live_server, site):
    page = open_page(browser, live_server, "/stats/", PHONE)
    figure = page.locator(".chart-figure-vbar").first
    page.wait_for_function(
        "figure => figure.scrollLeft > 0", arg=figure.element_handle(), timeout=5000
    )
    assert page.locator(".chart-figure-vbar + .scroll-hint").first.is_visible()
    page.context.close()
    page = open_page(browser, live_server, "/stats/", DESKTOP)
    assert not page.locator(".scroll-hint").first.is_visible()
    page.context.close()


def test_phone_queue_keeps_dates_and_presenters_on_one_line(browser, live_server, site):
    page = open_page(browser, live_server, "/queue/", PHONE, user=site["member"], language="ko")
    for selector in (".queue-talk time", ".queue-talk .queue-presenter"):
        element = page.locator(selector).first
        line = element.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
        assert element.evaluate("e => e.getBoundingClientRect().height") < 1.5 * line
    page.context.close()


def test_korean_collection_shows_a_translated_slides_link(browser, live_server, site):
    page = open_page(
        browser, live_server, site["collection"].get_absolute_url(), PHONE, language="ko"
    )
    link = page.locator(".collection-description a")
    assert link.inner_text() == "슬라이드"
    assert link.get_attribute("href").endswith("2022-06.pdf")
    page.context.close()


# --- axe-core ------------------------------------------------------------------------------------

PUBLIC_PAGES = ["/", "/papers/", "/stats/", "/schedule/", "/collections/"]


def axe_violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.skipif(not AXE.exists(), reason="needs axe-core: npm install")
@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_serious_violation(browser, live_server, site, viewport, language):
    member_pages = [
        "/queue/",
        f"/reviews/{site['review'].pk}/edit/",
        f"/papers/{site['paper'].slug}/reviews/new/",
    ]
    visitor_pages = [
        *PUBLIC_PAGES,
        site["paper"].get_absolute_url(),
        site["review"].get_absolute_url(),
        site["talk"].get_absolute_url(),
        site["collection"].get_absolute_url(),
    ]
    found = {}
    for user, paths in ((None, visitor_pages), (site["member"], member_pages)):
        page = open_page(
            browser, live_server, paths[0], viewport, user=user, language=language, bypass_csp=True
        )
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("load")
            violations = axe_violations(page)
            if violations:
                found[path] = violations
        page.context.close()
    assert found == {}
