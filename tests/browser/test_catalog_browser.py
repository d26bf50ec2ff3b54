import os

import pytest

from tests.factories import CategoryFactory, PaperFactory, VenueFactory

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Chromium at /usr/bin/chromium"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def catalog(transactional_db):
    cnn = CategoryFactory(name="CNN")
    nlp = CategoryFactory(name="NLP")
    venue = VenueFactory(short_name="CVPR")
    PaperFactory(title="Deep Residual Learning", topics=[cnn], venue=venue, year=2016)
    PaperFactory(title="Attention Is All You Need", topics=[nlp], venue=venue, year=2017)
    return {"cnn": cnn}


def open_catalog(browser, live_server, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(f"{live_server.url}/papers/")
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads
    return page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_choosing_a_topic_updates_results_in_place_and_the_address_bar(
    browser, live_server, catalog, viewport
):
    page = open_catalog(browser, live_server, viewport)
    if not page.locator("#filter-panel").evaluate("panel => panel.open"):
        page.locator("#filter-panel summary").click()
    page.select_option("#id_topic", "nlp")
    page.wait_for_url("**/papers/?topic=nlp")
    page.wait_for_function(
        "document.querySelector('#result-count').textContent.trim().startsWith('1 ')"
    )
    assert page.locator("#results .paper-card").count() == 1
    assert "Attention Is All You Need" in page.locator("#results").inner_text()
    assert page.evaluate("window.__sameDocument") is True
    # The venue counts follow the topic chosen.
    assert "CVPR (1)" in page.locator("#id_venue").inner_text()
    page.close()


def test_typing_a_search_updates_results(browser, live_server, catalog):
    page = open_catalog(browser, live_server, DESKTOP)
    page.fill("#id_q", "residual")
    page.wait_for_url("**/papers/?q=residual*")
    page.wait_for_function(
        "document.querySelector('#result-count').textContent.trim().startsWith('1 ')"
    )
    assert page.evaluate("window.__sameDocument") is True
    assert page.locator("#id_q").input_value() == "residual"
    page.close()


def test_filter_panel_is_folded_on_phones_and_open_on_desktops(browser, live_server, catalog):
    phone = open_catalog(browser, live_server, PHONE)
    assert phone.locator("#filter-panel").evaluate("panel => panel.open") is False
    phone.close()
    desktop = open_catalog(browser, live_server, DESKTOP)
    assert desktop.locator("#filter-panel").evaluate("panel => panel.open") is True
    desktop.close()


def test_filters_work_without_javascript(browser, live_server, catalog):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server.url}/papers/")
    page.select_option("#id_topic", "cnn")
    page.click("text=Show papers")
    page.wait_for_url("**/papers/?*topic=cnn*")
    assert page.locator("#results .paper-card").count() == 1
    context.close()


def test_keyboard_reaches_the_search_box_from_the_skip_link(browser, live_server, catalog):
    page = open_catalog(browser, live_server, DESKTOP)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "id_q"
    page.close()


def test_changing_the_sort_order_updates_results_in_place(browser, live_server, catalog):
    page = open_catalog(browser, live_server, DESKTOP)
    page.select_option("#id_sort", "title")
    page.wait_for_url("**/papers/?sort=title")
    page.wait_for_function(
        "document.querySelector('#results .paper-title').textContent.includes('Attention')"
    )
    assert page.evaluate("window.__sameDocument") is True
    page.close()


def test_keyboard_user_keeps_focus_on_a_filter_after_the_update(browser, live_server, catalog):
    page = open_catalog(browser, live_server, DESKTOP)
    page.focus("#id_topic")
    page.keyboard.press("ArrowDown")
    page.wait_for_url("**/papers/?topic=*")
    page.wait_for_function(
        "document.querySelector('#result-count').textContent.trim().startsWith('1 ')"
    )
    assert page.evaluate("document.activeElement.id") == "id_topic"
    page.close()


def logged_in_page(browser, live_server, user, viewport, **context_options):
    """A page whose browser carries ``user``'s session cookie."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=viewport, **context_options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def test_a_staff_members_header_stays_compact_on_a_phone_and_its_menu_works_by_keyboard(
    browser, live_server, catalog
):
    from tests.factories import StaffFactory

    staff = StaffFactory(username="staffer")
    page = logged_in_page(browser, live_server, staff, PHONE)
    page.goto(f"{live_server.url}/papers/")

    nav_height = page.locator(".main-nav").bounding_box()["height"]
    line_height = page.locator(".main-nav a").first.bounding_box()["height"]
    assert nav_height < 1.5 * line_height  # one line of links
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    add_link = page.get_by_role("link", name="Add a paper", exact=True).first
    menu_link = page.locator(".menu-list a[href='/papers/add/']")
    assert not menu_link.is_visible()

    page.locator(".menu > summary").focus()
    page.keyboard.press("Enter")
    assert menu_link.is_visible()
    page.keyboard.press("Escape")
    assert not menu_link.is_visible()
    assert add_link.is_visible()  # the catalog's own button


def test_stats_text_stays_readable_on_a_phone(browser, live_server, catalog):
    CategoryFactory(name="Registration for medical image analysis with very long names")
    PaperFactory(topics=[CategoryFactory(name="Self-supervised representation learning")])
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/stats/")

    heights = page.eval_on_selector_all(
        "svg.chart .chart-label", "labels => labels.map(l => l.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_copy_button_shows_only_with_javascript(browser, live_server, catalog):
    from reviews.models import Paper

    url = f"{live_server.url}{Paper.objects.first().get_absolute_url()}"
    without_js = browser.new_context(java_script_enabled=False).new_page()
    without_js.goto(url)
    with_js = browser.new_context(permissions=["clipboard-read", "clipboard-write"]).new_page()
    with_js.goto(url)

    assert not without_js.locator(".copy-button").is_visible()
    with_js.wait_for_selector(".copy-button", state="visible")
