import re
from html.parser import HTMLParser

import pytest

from reviews.markdown import render_markdown


def test_inline_and_display_math_are_kept_intact_for_katex():
    html = render_markdown("Residual: $y = F(x) + x_1$\n\n$$\n\\sum_{i<n} a_i^2\n$$\n")
    assert '<span class="math inline">$y = F(x) + x_1$</span>' in html
    assert '<div class="math block">' in html
    assert "$$\\sum_{i&lt;n} a_i^2$$" in html


def test_double_dollar_math_inside_a_sentence_is_one_formula():
    html = render_markdown("We add $$y = F(x) + x$$ and inline $a^2$.")
    assert "$$y = F(x) + x$$" in html
    assert '<p>We add <span class="math inline">$$y = F(x) + x$$</span> and inline' in html
    assert '<span class="math inline">$a^2$</span>' in html


def test_underscores_and_asterisks_inside_math_are_not_markdown():
    html = render_markdown("$a_i * b_i * c$ and $x_1 + y_1$")
    assert "<em>" not in html
    assert "$a_i * b_i * c$" in html


def test_prices_with_dollars_are_not_math():
    html = render_markdown("The GPU cost $5 and the cloud $10.")
    assert "math" not in html


def test_gfm_tables_render():
    html = render_markdown("| Model | Top-1 |\n|---|--:|\n| ResNet-50 | 76.1 |\n")
    assert "<table>" in html
    assert "<td>ResNet-50</td>" in html


def test_fenced_code_is_highlighted():
    html = render_markdown("```python\ndef f(x):\n    return x\n```\n")
    assert '<pre class="highlight"><code class="language-python">' in html
    assert '<span class="k">def</span>' in html


def test_fenced_code_in_unknown_language_stays_plain_and_escaped():
    html = render_markdown("```nosuchlang\n<b>x</b>\n```\n")
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_task_lists_render_as_disabled_checkboxes():
    html = render_markdown("- [x] read the paper\n- [ ] try the code\n")
    assert html.count('type="checkbox"') == 2
    assert "checked" in html
    assert html.count("disabled") == 2


def test_links_get_noopener_nofollow():
    html = render_markdown("[code](https://github.com/KaimingHe/deep-residual-networks)")
    assert 'rel="noopener nofollow"' in html


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="  javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x" onerror="alert(1)](https://example.org/a.png)',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</p>',
    "<style>body{display:none}</style>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<a href='vbscript:msgbox(1)'>x</a>",
    '<span class="math inline" onclick="alert(1)">$x$</span>',
    "$<img src=x onerror=alert(1)>$",
    "$$\n</div><script>alert(1)</script>\n$$",
    "```html\n<script>alert(1)</script>\n```",
    "<!--<img src=x onerror=alert(1)>-->",
    '<a href="https://example.org" target="_blank" rel="opener">x</a>',
]

FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "svg",
    "math",
    "form",
    "meta",
    "base",
    "link",
    "body",
    "frame",
    "frameset",
    "applet",
}
URL_ATTRIBUTES = {"href", "src", "action", "data", "formaction", "xlink:href", "poster"}


class MarkupAudit(HTMLParser):
    """Everything in the HTML that a browser would execute or that would restyle the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name in {"style", "target", "srcdoc"}:
                self.problems.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and re.match(
                r"^[\s\x00-\x1f]*(javascript|vbscript|data):", value
            ):
                self.problems.append(f"{tag}[{name}={value}]")

    handle_startendtag = handle_starttag


def executable_markup(html: str) -> list[str]:
    audit = MarkupAudit()
    audit.feed(html)
    audit.close()
    return audit.problems


def test_there_are_at_least_twenty_xss_payloads():
    assert len(XSS_PAYLOADS) >= 20


def test_the_audit_catches_executable_markup():
    assert executable_markup('<img src="x" onerror="alert(1)"><a href="javascript:x">') == [
        "img[onerror]",
        "a[href=javascript:x]",
    ]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_in_the_body_produces_no_executable_markup(payload):
    html = render_markdown(f"Intro paragraph.\n\n{payload}\n\nOutro *text*.")
    assert executable_markup(html) == [], html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_inside_a_table_or_list_is_also_sanitized(payload):
    html = render_markdown(f"| a |\n|---|\n| {payload} |\n\n- {payload}\n")
    assert executable_markup(html) == [], html


def test_review_page_renders_the_body_through_the_sanitizer(client, db):
    from tests.factories import ReviewFactory

    review = ReviewFactory(body="Hello <script>alert('pwned')</script> $x^2$")
    content = client.get(review.get_absolute_url()).content.decode()
    assert "alert('pwned')" not in content
    assert '<span class="math inline">$x^2$</span>' in content
