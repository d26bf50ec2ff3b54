"""Review bodies: Markdown as GitHub renders it, plus ``$...$``/``$$...$$`` math for KaTeX.

The Markdown is rendered by markdown-it-py (tables, strikethrough, fenced code highlighted by
Pygments, task lists, dollar math) and the resulting HTML is always sanitized by nh3 with an
allowlist, whatever the source holds: no script, no event handlers, no ``style``, no
``javascript:``/``data:`` URLs. Math is kept as text inside ``span.math.inline``/``div.math.block`` with its
delimiters, and ``static/js/review-math.js`` typesets it with KaTeX in the browser.
"""

import re
from functools import lru_cache

import nh3
from django.utils.html import escape
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "kbd",
    "label",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "class"},
    "th": {"colspan", "rowspan", "class"},
    "code": {"class"},
    "pre": {"class"},
    "div": {"class"},
    "span": {"class"},
    "li": {"class"},
    "ul": {"class"},
    "input": {"class", "checked"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Class names the renderer itself produces: Pygments tokens, math, task lists, code languages,
# table column alignment and the table's scroll wrapper.
SAFE_CLASS = re.compile(
    r"^(highlight|math|inline|block|contains-task-list|task-list-item"
    r"|task-list-item-checkbox|align-(left|center|right)|table-scroll"
    r"|language-[\w+#.-]{1,30}|[a-z]{1,3}[a-z0-9]?)$"
)
LINK_REL = "noopener nofollow"

_formatter = HtmlFormatter(nowrap=True)


def _highlight(code: str, lang: str, attrs) -> str:
    """Fenced code with a known language is coloured by Pygments; the rest is left plain."""
    name = lang.strip()
    try:
        lexer = get_lexer_by_name(name) if name else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return ""  # markdown-it then renders <pre><code> with the escaped code
    code_class = f"language-{escape(name)}"
    return (
        f'<pre class="highlight"><code class="{code_class}">'
        f"{highlight(code, lexer, _formatter)}</code></pre>\n"
    )


def _math(content: str, options: dict) -> str:
    """Math stays as source text with its delimiters; KaTeX typesets it in the browser.

    The plugin wraps it in ``span.math.inline`` or ``div.math.block``.
    """
    delimiter = "$$" if options.get("display_mode") else "$"
    return f"{delimiter}{escape(content)}{delimiter}"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "highlight": _highlight, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(tasklists_plugin, label=True)  # each checkbox inside its item's <label>
    md.use(
        dollarmath_plugin,
        allow_labels=False,
        allow_digits=False,
        allow_space=False,
        double_inline=True,  # "$$E = mc^2$$ in a sentence" is math, not "$" + math + "$"
        renderer=_math,
    )
    # The plugin wraps "$$...$$" inside a sentence in a <div>, which cannot sit in a <p>.
    md.add_render_rule("math_inline_double", _render_math_inline_double)
    # Tables scroll sideways in their own box on narrow screens; column alignment (``---:``)
    # becomes a class, as the sanitizer drops every ``style``.
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    for name in ("th_open", "td_open"):
        md.add_render_rule(name, _render_cell_open)
    return md


def _render_table_open(self, tokens, idx, options, env) -> str:
    return '<div class="table-scroll">\n<table>\n'


def _render_table_close(self, tokens, idx, options, env) -> str:
    return "</table>\n</div>\n"


def _render_cell_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    align = ALIGN_STYLE.match(str(token.attrGet("style") or ""))
    cell = token.tag
    return f'<{cell} class="align-{align.group(1)}">' if align else f"<{cell}>"


ALIGN_STYLE = re.compile(r"^text-align:(left|center|right)$")


def _render_math_inline_double(self, tokens, idx, options, env) -> str:
    content = _math(tokens[idx].content.strip(), {"display_mode": True})
    return f'<span class="math inline">{content}</span>'


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        kept = [name for name in value.split() if SAFE_CLASS.match(name)]
        return " ".join(kept) or None
    return value


def sanitize(html: str) -> str:
    """Keep only allowlisted tags and attributes; links get ``rel="noopener nofollow"``."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        tag_attribute_values={"input": {"type": {"checkbox"}}},
        set_tag_attribute_values={"input": {"disabled": ""}},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Safe HTML for a review body."""
    if not text:
        return ""
    return sanitize(_parser().render(text))


def pygments_css() -> str:
    """The colour rules for highlighted code (used to build ``static/css/members.css``)."""
    return HtmlFormatter().get_style_defs(".highlight")
