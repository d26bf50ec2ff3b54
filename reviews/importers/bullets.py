"""Reader for bullet catalogs with a year in front (seed 000).

::

    ## Classification Paper
    - **(2015) ResNet – Deep Residual Learning for Image Recognition**
      - **(2016) ResNet 후속 - Identity Mapping in Deep Residual Networks**
    - (2018) NasNet – Learning Transferable Architectures for Scalable Image Recognition

Bold means the group has reviewed the paper, plain means it is still to read, and a nested
bullet is a follow-up of the paper above it.
"""

from __future__ import annotations

import re

from .base import (
    LIST_ITEM,
    ParsedCatalog,
    ParsedEntry,
    SkippedLine,
    add_link,
    classify_link,
    clean_title,
    collapse_spaces,
    find_links,
    plan_topics,
    sectioned_catalog,
    split_trailing_venue,
    strip_links,
    strip_markup,
)

name = "bullets"

_YEAR_FIRST = re.compile(r"^\(\s*(?P<year>(?:19|20)\d\d)\s*\)\s*(?P<rest>.*)$")
_BOLD = re.compile(r"^(\*\*|__)(?P<inner>.+)\1$")
# " – ", " - ", " — " with spaces around; the first one ends the nickname.
_SPACED_DASH = re.compile(r"\s+[-–—]+\s+")
# "MobileNet V2-Inverted ...", "EfficientNet-Rethinking ...": a dash with no spaces.
_TIGHT_DASH = re.compile(r"(?<=[\w.+])[-–—](?=[A-Z])")
# "YOLO V4 Optimal Speed ...": a name with a version, then the title.
_VERSIONED_NAME = re.compile(r"^(?P<nick>[A-Z][\w-]*(?:\s[A-Z][\w-]*)?\s[Vv]\d+\+?)\s+(?=[A-Z])")

MAX_NICKNAME_WORDS = 4


def score(lines: list[str]) -> float:
    """Count list items that start with a year in parentheses, ``- **(2015) ...``."""
    hits = 0
    for line in lines:
        match = LIST_ITEM.match(line)
        if match and match.group("body") and match.group("marker") in "-*+":
            body = match.group("body").lstrip("*_ ")
            hits += bool(_YEAR_FIRST.match(body))
    return float(hits)


def _is_nickname(text: str, *, tight: bool) -> bool:
    """Whether ``text`` (before a dash) reads as a model nickname like ``ResNet``.

    With a spaced dash any short text counts (``Bag of Tricks``, ``µLayer``).  With a tight
    dash (``EfficientNet-Rethinking``) it needs two capitals or a digit, so that ordinary
    hyphenated words (``Post-Training``, ``Self-Supervised``) are not cut.
    """
    words = text.split()
    if not 1 <= len(words) <= MAX_NICKNAME_WORDS:
        return False
    if not tight:
        return True
    return sum(c.isupper() for c in text) >= 2 or any(c.isdigit() for c in text)


def split_nickname(text: str) -> tuple[str, str]:
    """``"ResNet – Deep Residual ..."`` -> ``("ResNet", "Deep Residual ...")``.

    The first spaced dash wins; without one, the first tight dash after a nickname-like word;
    without either, a leading ``Name V4`` is taken as the nickname.  When nothing reads as a
    nickname the whole text is the title and the nickname is ``""``.
    """
    spaced = _SPACED_DASH.search(text)
    if spaced:
        nick, title = text[: spaced.start()].strip(), text[spaced.end() :].strip()
        if title and _is_nickname(nick, tight=False):
            return nick, title
        return "", text
    tight = _TIGHT_DASH.search(text)
    if tight:
        nick, title = text[: tight.start()].strip(), text[tight.end() :].strip()
        if len(title.split()) >= 2 and _is_nickname(nick, tight=True):
            return nick, title
    versioned = _VERSIONED_NAME.match(text)
    if versioned:
        return versioned.group("nick"), text[versioned.end() :].strip()
    return "", text


def _read_item(body: str, line_no: int) -> ParsedEntry | str:
    """One bullet's text as an entry, or the reason it is not one."""
    text = body.strip()
    bold = bool(_BOLD.match(text))
    if bold:
        text = _BOLD.match(text).group("inner").strip()
    links = find_links(text)
    text = collapse_spaces(strip_links(text)).strip("* ")
    year = None
    match = _YEAR_FIRST.match(text)
    if match:
        year, text = int(match.group("year")), match.group("rest")
    text, venue, venue_year = split_trailing_venue(text.strip())
    nick, title = split_nickname(text)
    title = clean_title(title)
    if not title:
        return "list item has no paper title"
    entry = ParsedEntry(
        line=line_no,
        title=title,
        short_name=collapse_spaces(strip_markup(nick)),
        year=year or venue_year,
        venue=venue,
        reviewed=bold,
    )
    for label, url in links:
        add_link(entry, classify_link(url, label), url, label=label)
    return entry


def parse(lines: list[str], source: str) -> ParsedCatalog:
    """Read a year-first bullet catalog.  See the module docstring for the format."""
    plan = plan_topics(lines)
    topic: tuple[str, ...] = ()
    entries: list[ParsedEntry] = []
    skipped: list[SkippedLine] = []
    stack: list[tuple[int, int]] = []  # (indent width, entry index) of open list items
    for index, line in enumerate(lines):
        if index in plan:
            topic, stack = plan[index], []
            continue
        match = LIST_ITEM.match(line)
        if not match or match.group("marker") not in "-*+":
            continue
        body = match.group("body") or ""
        if not _YEAR_FIRST.match(body.lstrip("*_ ")):
            if not body.strip(" *_"):
                skipped.append(SkippedLine(index + 1, line, "empty list item"))
            continue  # prose bullets in a year-first catalog are not papers
        result = _read_item(body, index + 1)
        if isinstance(result, str):
            skipped.append(SkippedLine(index + 1, line, result))
            continue
        indent = len(match.group("indent").expandtabs(4))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        result.topic = topic
        result.follow_up_of = stack[-1][1] if stack else None
        stack.append((indent, len(entries)))
        entries.append(result)
    return sectioned_catalog(
        format=name, source=source, lines=lines, entries=entries, skipped=skipped
    )
