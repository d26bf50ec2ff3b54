"""In a real browser, the Content Security Policy blocks nothing the site itself uses."""

from pathlib import Path

import pytest

from tests.factories import CategoryFactory, PaperFactory, ReviewFactory, StaffFactory

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
]


def test_no_page_triggers_a_policy_violation_and_scripts_still_run(live_server, browser):
    staff = StaffFactory(username="curator")
    paper = PaperFactory(title="Deep Residual Learning", topics=[CategoryFactory(name="CNN")])
    review = ReviewFactory(
        paper=paper, body="A block learns $F(x) = H(x) - x$.\n\n| a | b |\n|--:|---|\n| 1 | 2 |"
    )
    visitor_pages = [
        "/",
        "/papers/",
        "/papers/?q=residual",
        paper.get_absolute_url(),
        review.get_absolute_url(),
        "/stats/",
        "/schedule/",
        "/no-such-page/",
    ]
    staff_pages = [
        "/queue/",
        "/accounts/invitations/",
        f"/reviews/{review.pk}/edit/",
        "/admin/",
        "/admin/reviews/paper/",
        f"/admin/reviews/paper/{paper.pk}/change/",
        "/admin/reviews/paper/import-readme/",
    ]
    violations = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append((page.url, message.text))
                if "Content Security Policy" in message.text
                else None
            ),
        )
        for url in visitor_pages:
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
        # Scripts run: KaTeX typeset the formula, htmx updates the catalog in place.
        page.goto(live_server.url + review.get_absolute_url())
        page.wait_for_selector(".markdown-body .katex")
        page.goto(live_server.url + "/papers/")
        page.fill("#id_q", "residual")
        page.wait_for_url("**/papers/?q=residual**")

        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", staff.username)
        page.fill("input[name=password]", "correct horse battery")
        page.click("form.account-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        for url in staff_pages:
            response = page.goto(live_server.url + url)
            assert response.status == 200, url
            page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert violations == []
