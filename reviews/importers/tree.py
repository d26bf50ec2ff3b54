"""The general reader: scores candidate entries found in the Markdown tree of any README.

markdown-it-py gives the document's blocks (headings, paragraphs, lists and their items,
tables, HTML blocks) with their line ranges; each block that could be a paper becomes a
candidate read from its source lines, and candidates are kept by their score rather than by
one parser per layout.  It reads, in any mix and in any language:

* list items (bulleted or numbered) as :mod:`.items` reads them, plus ``Title (2019), A. Author et
  al. [pdf]``, ``GloVe : Global Vectors ... (https://...)`` (short name, title, bare URL), titles
  that wrap onto the next line; nested items give links, a venue, authors, a follow-up or a
  summary;
* one paper per heading (``### 7. [BERT] BERT: Pre-training ... | [pdf](...)``) with the link
  lines under it;
* one paper per block of lines (``**1. Transformer**`` / ``[Attention Is All You Need]`` /
  an authors line with the year / ``[review](...) | [paper](...)``);
* tables (:mod:`.tables`: column roles from headers in several languages and from content);
* HTML lists and tables;
* month headings (``## 2019-05 (ICML special)``) as dated collections, bold year lines
  (``**2016**``) as the year of the entries under them, wrapper headings ("List of papers",
  "발표 논문 리스트") as no topic, and sections that are not papers (rules, references, the
  author's blog posts, team lists) as skipped.

Bold entries among plain ones in the same list are the reviewed ones.  Every candidate that is
dropped is reported with its line and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from . import items, tables
from .base import (
    BOLD_LINE,
    LIST_ITEM,
    MONTHS,
    TO_READ_HEADING,
    WRAPPER_HEADING,
    YEAR,
    Heading,
    LinkKind,
    ParsedCatalog,
    ParsedEntry,
    ParsedPresentation,
    SkippedLine,
    add_link,
    classify_link,
    clean_title,
    clean_topic,
    collapse_spaces,
    document_title,
    find_links,
    finish_collections,
    heading_level_and_text,
    in_notes_folder,
    is_pointer,
    link_arxiv_ids,
    looks_like_person,
    looks_like_venue,
    normalise_venue,
    note_crossed_links,
    paper_shaped,
    parse_any_date,
    parse_authors,
    parse_venue_year,
    plan_topics,
    split_trailing_venue,
    strip_links,
    strip_markup,
    topics_in_order,
)

name = "tree"

_MD = MarkdownIt("commonmark").enable("table")

#: Headings of sections that hold no papers of the group's own reading.
NOT_PAPERS = re.compile(
    r"\b(rules?|references?|about( me| us)?|contributors?|members?|team|licen[cs]e|contact|"
    r"how to|faq|my (blog )?posts|blog( posts)?|acknowledg\w*|pointers?|install\w*|usage|"
    r"table of contents|toc|related (repos|links|lists)|see also|useful links)\b|"
    r"규칙|참고|멤버|팀원|구성원|(운영|진행|스터디) ?방식|소개|연락|참여 ?방법|블로그|"
    r"规则|参考|成员|介绍|联系|博客|友情链接|相关链接|ルール|メンバー|紹介|参考文献",
    re.I,
)
WRAPPER = WRAPPER_HEADING
_TO_READ = re.compile(rf"^({TO_READ_HEADING})$", re.I)
_PLACEHOLDER = re.compile(
    r"\[\s*(pdf|paper|code|link|review|slides?|video|notes?|blog|project)\s*\](?:\(\s*#?\s*\)|(?!\())",
    re.I,
)
_LABELLED_BARE = re.compile(
    r"(?P<label>[\w\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]+)\s*[:：]\s*(?P<url>https?://[^\s<>()\[\]\"']+)"
)
_PAREN_BARE = re.compile(r"(?<!\])\(\s*(?P<url>https?://[^\s<>()\[\]\"']+)\s*\)")
_BARE = re.compile(r"(?<![(\[<\"'=])\bhttps?://[^\s<>()\[\]\"']+")
_YEAR_AUTHORS = re.compile(rf"^(?P<title>.+?)\s*\(\s*(?P<year>{YEAR})\s*\)\s*[,.]?\s*(?P<rest>.*)$")
_SHORT_COLON = re.compile(r"^(?P<nick>[^:]{1,30}?)\s+[:：]\s+(?P<title>.+)$")
_BRACKET_NICK = re.compile(r"^\[(?P<nick>[^\]]{1,30})\](?!\()\s*(?P<title>.+)$")
_INDEX = re.compile(r"^\s*(?:\d{1,4}[.)]|#\d{1,4}|\(\d{1,4}\))\s+")
_SENTENCE = re.compile(r"([.!?。]|니다|세요|해요|합니다)\s*$")
_YEAR_LINE = re.compile(rf"^\s*(?:\*\*|__)?\s*(?P<year>{YEAR})\s*(?:\*\*|__)?\s*:?\s*$")
_STATUS_MARK = re.compile(
    r"^(?:(?P<done>[✅✔☑]\ufe0f?)|(?P<todo>[❌⬜☐]\ufe0f?)|(?P<next>[⏳🔜📅🗓]\ufe0f?))\s*"
)
_FULL_DATE = re.compile(r"\d{1,4}\s*[-./년年]\s*\d{1,2}\s*[-./월月]\s*\d{1,4}")
_NAME = r"[^\W\d_][\w.'-]*(?: [A-Z][\w'-]+)?"
_PRESENTER = re.compile(
    rf"(?:\bby\s+@?|(?:presenter|speaker|발표자|主讲人?|分享人|発表者)\s*[:：]?\s*@?|"
    rf"(?:발표|発表)\s*[:：]\s*@?|"
    rf"(?<![\w/.])@)(?P<name>{_NAME})",
    re.I,
)
_SEASON = (
    r"(?:年度|年|년도|학년도|년|시즌|season|semester|term|spring|summer|fall|autumn|winter|"
    r"上半年|下半年|春季|秋季|上期|下期|前期|後期|春|秋|(?:봄|여름|가을|겨울|[12] ?)학기)"
)
#: ``2023年度``, ``2024학년도 1학기``, ``Fall 2023``, ``Season 2``: when the group met.
_PERIOD = re.compile(
    rf"^(?:{YEAR}\s*{_SEASON}(?:\s*{_SEASON})*|{_SEASON}\s*{YEAR}|(?:season|시즌)\s*\d{{1,2}})$",
    re.I,
)
#: ``Week 1:``, ``Session 3 -``, ``第3周：``, ``3주차:``, ``第2回``: which meeting, not the title.
_SESSION = re.compile(
    r"^(?:(?:week|wk|session|meeting|lecture|day|round)\s*\d{1,3}|第\s*\d{1,3}\s*[周週期回次讲講]|"
    r"\d{1,3}\s*(?:주차|회차?)|제\s*\d{1,3}\s*[회주])\s*[:：.)|–—-]?\s+(?=\S)|"
    r"^第\s*\d{1,3}\s*[周週期回次讲講]\s*[:：]\s*",
    re.I,
)
#: A talk announced after the title: "upcoming", "발표 예정", "待分享", "予定".
_COMING = re.compile(r"\b(upcoming|scheduled|tbd|next week)\b|예정|待分享|待讲|予定", re.I)
_TALK_LINE = re.compile(
    r"^(?:(?P<who>presenters?|speakers?|presented by|발표자?|발제자?|진행자?|主讲人?|分享人|报告人|"
    r"発表者?|担当者?)|(?:date|when|presented on|날짜|일자|발표일|일시|日期|时间|日付|発表日))"
    r"\s*[:：]\s*(?P<value>\S.*)$",
    re.I,
)
_ARROW = re.compile(r"^\s*(?:=>|->|→|⇒)\s?(?P<text>.*?)\s*$")
_ET_AL = re.compile(r"\bet\.?\s?al\b|,\s*[A-Z]\.?\s|\b[A-Z][a-z]+ [A-Z][a-z]+,")
_HTML_LI = re.compile(r"<li\b[^>]*>(?P<body>.*?)(?=<li\b|</li\s*>|</[uo]l\s*>)", re.I | re.S)


def _markdown_of_html(fragment: str) -> str:
    return tables._html_cell_to_markdown(fragment)


def prepare_body(body: str) -> tuple[str, list[str]]:
    """Rewrite a candidate's text so the item reader sees Markdown links everywhere.

    Dead placeholders (``[pdf]``, ``[pdf](#)``) are dropped (and returned as notes); bare URLs
    become links, labelled by the word before a colon (``review: https://...``)."""
    body = link_arxiv_ids(body)
    notes = [f"placeholder {m.group(0)!r} has no link" for m in _PLACEHOLDER.finditer(body)]
    body = _PLACEHOLDER.sub("", body)
    body = _LABELLED_BARE.sub(lambda m: f"[{m.group('label')}]({m.group('url')})", body)
    body = _PAREN_BARE.sub(lambda m: f" [](<{m.group('url')}>)", body)
    body = _BARE.sub(lambda m: f"[]({m.group(0).rstrip('.,;')})", body)
    body = body.replace("](<", "](").replace(">)", ")")
    return collapse_spaces(body), notes


def read_candidate(body: str, line_no: int) -> tuple[ParsedEntry | None, bool]:
    """One candidate's text as an entry and whether it is clearly meant as a paper."""
    body, notes = prepare_body(body)
    checked, status = None, ""
    if checkbox := items._CHECKBOX.match(body):
        checked, body = checkbox.group("mark") != " ", body[checkbox.end() :]
    elif mark := _STATUS_MARK.match(body):  # "✅ [Title](...)", "⏳ Title"
        body = body[mark.end() :]
        if mark.group("done"):
            checked = True
        elif mark.group("todo"):
            checked = False
        else:
            status = "scheduled"
    body = _SESSION.sub("", _INDEX.sub("", body), count=1)
    bold = body.startswith(("**", "__"))
    body = _INDEX.sub("", body)
    nick = ""
    if match := _BRACKET_NICK.match(body):
        nick, body = match.group("nick"), match.group("title")
    plain = strip_markup(body)
    if (match := _YEAR_AUTHORS.match(plain)) and not find_links(match.group("title")):
        title, rest = match.group("title"), match.group("rest")
        entry = ParsedEntry(line=line_no, title=clean_title(title), year=int(match.group("year")))
        authors = re.sub(r"\[[^\]]*\]\([^)]*\)", "", rest)
        if _ET_AL.search(authors):
            entry.authors, entry.authors_et_al = parse_authors(authors.strip(" ,."))
        for label, url in find_links(body):
            add_link(entry, classify_link(url, label), url, label=label)
        marked = True
    else:
        entry, marked = items.read_item(body, line_no)
    if entry is None:
        return None, marked or checked is not None
    if checked is not None:
        entry.reviewed, marked = checked, True
    entry.status = entry.status or status
    _read_talk(entry, body)
    entry.title, venue, year = split_trailing_venue(entry.title.strip(" |·"))
    entry.venue, entry.year = entry.venue or venue, entry.year or year
    match = None if nick else _SHORT_COLON.match(entry.title)
    if match and len(match.group("nick").split()) <= 3 and len(match.group("title").split()) >= 3:
        nick, entry.title = match.group("nick"), match.group("title")
    if (
        not nick and len(entry.title.split()) <= 2
    ):  # "[AdamW](notes/adamw.md) — [Decoupled ...](arXiv)"
        longer = [
            clean_title(label)
            for label, _ in find_links(body)[1:]
            if len(label.split()) >= 3 and paper_shaped(label)
        ]
        if len(longer) == 1:
            nick, entry.title = entry.title, longer[0]
    entry.short_name = clean_title(nick)
    entry.notes.extend(notes)
    if bold:
        entry.notes.append("bold")
    return entry, marked


def _read_talk(entry: ParsedEntry, body: str) -> None:
    """A talk written after the title: ``presented 2023-02-01 by @alice``, ``2023-03-01,
    @carol``, ``발표: 김민수 2023.03.10``, ``主讲：张伟``."""
    rest = collapse_spaces(strip_markup(items.remove_links(body)))
    rest = rest.replace(entry.title, " ", 1) if entry.title else rest
    if not entry.status and _COMING.search(rest):
        entry.status = "scheduled"
    when = parse_any_date(rest) if _FULL_DATE.search(rest) else None
    presenter = _PRESENTER.search(rest)
    if when is None and presenter is None:
        return
    name = presenter.group("name").lstrip("@").strip(" .,") if presenter else ""
    if when and not name:  # "- 김민수 (24.03.02)": a lone name beside the date
        alone = collapse_spaces(re.sub(r"[()\[\],|·–—-]", " ", _FULL_DATE.sub(" ", rest)))
        name = alone if looks_like_person(alone) else ""
    slides = entry.links.get(LinkKind.SLIDES, "")
    if entry.presentations:
        talk = entry.presentations[0]
        talk.presented_on, talk.presenter = talk.presented_on or when, talk.presenter or name
    else:
        entry.presentations.append(ParsedPresentation(when, name, slides))


def score_entry(entry: ParsedEntry, marked: bool = False) -> int:
    """How much a candidate looks like a paper: identifiers, years, venues, links count for,
    sentences and very long or very short titles against."""
    points = 0
    if entry.arxiv_id or entry.doi:
        points += 3
    if items.is_clearly_a_paper(entry):
        points += 2
    if entry.year:
        points += 1
    if entry.venue:
        points += 1
    if entry.authors:
        points += 1
    if marked:
        points += 1
    if any(in_notes_folder(url) for url in entry.links.values()):
        points += 2  # the group's own notes on it (notes/adam.md): a paper they read
    words = len(entry.title.split())
    if words < 2 and not entry.links:
        points -= 2
    if words > 30:
        points -= 3
    if _SENTENCE.search(entry.title) and words > 5:
        points -= 2
    return points


@dataclass
class Section:
    """A part of the README as the reader saw it, for the curator: a heading (and what it was
    taken for) or a table with the role each column got."""

    line: int
    heading: str
    kind: str  # topic, wrapper, excluded, date, table
    columns: list[tuple[str, str]] = field(default_factory=list)
    excluded: bool = False
    entries: int = 0


@dataclass
class _Candidate:
    entry: ParsedEntry
    bonus: int
    section: int  # which list / block group it came from
    bold: bool = False
    text: str = ""


@dataclass
class _State:
    topic: tuple[str, ...] = ()
    collection: str = ""
    month_level: int = 0
    year: int | None = None
    excluded: str = ""  # the heading of the non-paper section we are in
    excluded_level: int = 0
    open_entry: int | None = None  # a heading or block entry that following link lines extend
    last_item: int | None = None  # the last list item read, which an "=> ..." line describes
    queue: bool = False  # under a "to read" heading: entries are to read unless marked
    candidates: list[_Candidate] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    section: int = 0


class _Reader:
    def __init__(self, lines: list[str], mapping: dict | None) -> None:
        self.lines = lines
        self.mapping = mapping or {}
        self.columns = {str(k).lower(): v for k, v in self.mapping.get("columns", {}).items()}
        self.exclude = {str(s).lower() for s in self.mapping.get("exclude_sections", [])}
        self.include = {str(s).lower() for s in self.mapping.get("include_sections", [])}
        self.outline: list[Section] = []
        self.heading_text = ""
        self.state = _State()
        self.months = items._Months()
        root = SyntaxTreeNode(_MD.parse("\n".join(lines)))
        self.blocks = list(self._flatten(root.children))
        self.pipe_tables = {t.start: t for t in tables.find_pipe_tables(lines)}
        self._plan_headings()

    def _flatten(self, nodes):
        for node in nodes:
            if node.type == "blockquote":
                yield from self._flatten(node.children)
            else:
                yield node

    # --- headings -------------------------------------------------------------------------

    def _heading_text(self, node) -> str:
        parsed = heading_level_and_text(self.lines[node.map[0]]) if node.map else None
        return parsed[1] if parsed else self.lines[node.map[0]].strip()

    def _plan_headings(self) -> None:
        headings = [n for n in self.blocks if n.type == "heading" and n.map]
        self.kinds: dict[int, str] = {}
        entryish: dict[int, int] = {}
        has_year = False
        for position, node in enumerate(headings):
            text = self._heading_text(node)
            index, level = node.map[0], int(node.tag[1])
            plain = clean_topic(text)
            if _YEAR_LINE.match(strip_markup(strip_links(text))):
                self.kinds[index], has_year = "date", True
            elif self._month_of(text) or (has_year and plain.lower() in MONTHS):
                self.kinds[index] = "date"
            elif _PERIOD.match(plain):
                self.kinds[index] = "wrapper"  # when the group read them: no topic, no year
            elif level >= 5:
                self.kinds[index] = "small"  # small print, as in the seeds: no topic
            elif plain.lower() in self.exclude or (
                NOT_PAPERS.search(plain) and len(plain) < 60 and plain.lower() not in self.include
            ):
                self.kinds[index] = "excluded"
            elif WRAPPER.match(plain.strip(" :")):
                self.kinds[index] = "wrapper"
            else:
                entry, marked = read_candidate(text, index + 1)
                if (
                    entry
                    and (find_links(text) or _INDEX.match(text))
                    and score_entry(entry, marked) >= 3
                    and _names_a_paper(entry, text)
                    and not self._holds_lists(node, headings[position + 1 :])
                ):
                    self.kinds[index] = "entry"
                    entryish[level] = entryish.get(level, 0) + 1
                else:
                    self.kinds[index] = "topic"
        topic_headings = [
            Heading(n.map[0], int(n.tag[1]), self._heading_text(n))
            for n in headings
            if self.kinds[n.map[0]] == "topic"
        ]
        self.plan = plan_topics(self.lines, topic_headings)

    def _holds_lists(self, node, later) -> bool:
        """Whether lists or tables sit under a heading (before the next heading of its level or
        higher): then it is a section, not one paper."""
        level = int(node.tag[1])
        end = next((n.map[0] for n in later if int(n.tag[1]) <= level), len(self.lines))
        return any(
            b.type in ("bullet_list", "ordered_list", "table", "html_block")
            for b in self.blocks
            if b.map and node.map[0] < b.map[0] < end
        )

    def _month_of(self, text: str):
        text = re.sub(r"\s*[(\[].*[)\]]\s*$", "", strip_markup(strip_links(text))).strip(" :")
        return self.months.month_of(text) if text else None

    def heading(self, node) -> None:
        index, level = node.map[0], int(node.tag[1])
        text, kind, state = self._heading_text(node), self.kinds.get(node.map[0]), self.state
        state.open_entry = state.last_item = None
        if kind not in ("entry", "small"):
            self.heading_text = clean_topic(text)
            self.outline.append(
                Section(
                    line=index + 1,
                    heading=self.heading_text,
                    kind="wrapper" if self.plan.get(index) == () else kind or "topic",
                    excluded=kind == "excluded"
                    or bool(state.excluded and level > state.excluded_level),
                )
            )
        state.section += 1
        if state.excluded and level <= state.excluded_level:
            state.excluded = ""
        if kind == "entry" and not state.excluded:
            self._add(text, index + 1, heading=True)
            state.open_entry = len(state.candidates) - 1
            return
        if kind == "small":
            return
        if kind == "date":
            self.months.close_for(level)
            plain = strip_markup(strip_links(text)).strip(" :")
            if year := _YEAR_LINE.match(plain):
                self.months.year = state.year = int(year.group("year"))
            elif month := self._month_of(text):
                self.months.open(month, plain, level)
                state.year = month.year
            return
        if kind == "excluded" or state.excluded:
            if not state.excluded:
                state.excluded, state.excluded_level = clean_topic(text), level
            return
        self.months.close_for(level)
        state.queue = bool(_TO_READ.match(clean_topic(text).strip(" :")))
        if index in self.plan and kind == "topic":
            state.topic = self.plan[index]
            state.year = None
        elif kind == "wrapper" and level <= 2:
            state.topic = ()

    # --- candidates -----------------------------------------------------------------------

    def _add(
        self, body: str, line_no: int, *, heading: bool = False, parent=None, read=None
    ) -> int | None:
        entry, marked = read or read_candidate(body, line_no)
        state = self.state
        if entry is None:
            if marked:
                state.skipped.append(SkippedLine(line_no, body, "entry has no paper title"))
            return None
        if state.excluded:
            state.skipped.append(
                SkippedLine(line_no, body, f"in the section {state.excluded!r}, not a paper list")
            )
            return None
        if is_pointer(body, other_data=bool(entry.venue or entry.presentations or entry.authors)):
            state.skipped.append(
                SkippedLine(line_no, body, "a pointer to another list, not a paper")
            )
            return None
        entry.topic = state.topic
        entry.collection = self.months.current
        entry.year = entry.year or state.year
        entry.follow_up_of = parent
        if state.queue and entry.reviewed is None and not entry.status:
            entry.reviewed = False
        bold = "bold" in entry.notes
        entry.notes = [n for n in entry.notes if n != "bold"]
        bonus = (1 if marked else 0) + (1 if heading else 0)
        state.candidates.append(_Candidate(entry, bonus, state.section, bold, body))
        return len(state.candidates) - 1

    @staticmethod
    def _attach_talk(entry: ParsedEntry, plain: str) -> bool:
        """``발표자: 김민수``, ``날짜: 2024.03.02``, ``Presenter: Alice (2023-05-12)``,
        ``主讲：张伟``: a line under a paper about its talk."""
        match = _TALK_LINE.match(plain)
        if not match:
            return False
        value = match.group("value").strip()
        when = parse_any_date(value) if _FULL_DATE.search(value) else None
        name = ""
        if match.group("who"):
            name = collapse_spaces(_FULL_DATE.sub(" ", value)).strip(" ()[],.@")
        elif not when:
            return False
        if not entry.presentations:
            slides = entry.links.get(LinkKind.SLIDES, "")
            entry.presentations.append(ParsedPresentation(None, "", slides))
        talk = entry.presentations[0]
        talk.presented_on, talk.presenter = talk.presented_on or when, talk.presenter or name
        return True

    def _attach(self, target: int, body: str) -> bool:
        """Add a link line, a venue or an authors line under an entry; False if it is none."""
        entry = self.state.candidates[target].entry
        body, _ = prepare_body(body)
        plain = collapse_spaces(strip_markup(strip_links(body)))
        if find_links(body) and _is_link_line(body):
            for label, url in find_links(body):
                add_link(entry, classify_link(url, label), url, label=label)
            return True
        if self._attach_talk(entry, plain):
            return True
        label = re.match(r"^(venue|conference|학회|会议|会議)\s*[:：]\s*", plain, re.I)
        if (
            label
            or (looks_like_venue(plain) and len(plain.split()) <= 3)
            or parse_venue_year(plain)
        ):
            parsed = parse_venue_year(plain[label.end() :] if label else plain)
            if parsed:
                entry.venue = entry.venue or parsed[0]
                entry.year = entry.year or parsed[1]
            else:
                entry.venue = entry.venue or normalise_venue(
                    plain[label.end() :] if label else plain
                )
            return True
        if re.match(r"^(authors?|저자|作者|著者)\s*[:：]", plain, re.I) or (
            plain.count(",") >= 1 and not _SENTENCE.search(plain) and _names_only(plain)
        ):
            text = (
                re.sub(r"^[^:：]*[:：]\s*", "", plain) if ":" in plain or "：" in plain else plain
            )
            year = re.search(rf"(?<!\d){YEAR}(?!\d)", text)
            if year:
                entry.year = entry.year or int(year.group(0))
                text = text[: year.start()]
            venue = items._VENUE_IN_TEXT.search(text)
            if venue:
                entry.venue = entry.venue or normalise_venue(venue.group("venue"))
                text = text[: venue.start()]
            entry.authors, entry.authors_et_al = parse_authors(text.strip(" ,.()"))
            return True
        return False

    def list_item(self, item, parent: int | None, bold_list: list[int]) -> None:
        first = next((c for c in item.children if c.type == "paragraph"), None)
        if first is None or not first.map:
            if item.map and parent is None and not self.state.excluded:
                line = self.lines[item.map[0]]
                self.state.skipped.append(SkippedLine(item.map[0] + 1, line, "empty list item"))
            return
        raw = self.lines[first.map[0] : first.map[1]]
        match = LIST_ITEM.match(raw[0])
        head = match.group("body") or "" if match and first.map[0] == item.map[0] else raw[0]
        body = " ".join([head.strip(), *(line.strip() for line in raw[1:])])
        line_no = first.map[0] + 1
        if parent is not None and self._attach(parent, body):
            index = parent
        else:
            year = _YEAR_LINE.match(strip_markup(body))
            if year and parent is None:
                self.state.year = int(year.group("year"))
                return
            if parent is None and not self.state.excluded and items._is_link_only(body):
                self.state.skipped.append(
                    SkippedLine(line_no, self.lines[line_no - 1], "links with no paper title")
                )
                return
            read = read_candidate(body, line_no)
            entry, marked = read
            if entry is not None and not marked and not self.state.excluded:
                if parent is not None:  # a nested note under a paper is its summary
                    above = self.state.candidates[parent].entry
                    above.summary = above.summary or collapse_spaces(
                        strip_markup(strip_links(body))
                    )
                    return
                if items._looks_like_prose(entry.title):
                    return  # a sentence, not an entry: nothing to report
            index = self._add(body, line_no, parent=parent, read=read)
            if index is not None:
                bold_list.append(index)
                if parent is None:
                    self.state.last_item = index
        for child in item.children:
            if child.type in ("bullet_list", "ordered_list"):
                for sub in child.children:
                    if index is None:
                        continue
                    self.list_item(sub, index, [])
        if index is not None and index != parent:
            self.state.open_entry = None

    def paragraph(self, node) -> None:
        raw = [line for line in self.lines[node.map[0] : node.map[1]]]
        text = " ".join(line.strip() for line in raw)
        state = self.state
        plain = strip_markup(strip_links(text)).strip(" :")
        if year := _YEAR_LINE.match(text):
            state.year = int(year.group("year"))
            state.open_entry = None
            return
        if arrow := _ARROW.match(text):  # "=> one line about the paper above"
            if state.last_item is not None and arrow.group("text"):
                above = state.candidates[state.last_item].entry
                above.summary = above.summary or collapse_spaces(arrow.group("text"))
            return
        if (bold := BOLD_LINE.match(text)) and (month := self._month_of(bold.group("text"))):
            self.months.open(month, plain, 7)
            state.year = month.year
            return
        starts_block = len(raw) >= 2 and re.match(r"^\s*(\*\*|__|\[[^\]]+\]\s*$)", raw[0])
        if state.open_entry is not None and not starts_block:
            if self._attach(state.open_entry, text):
                return
            entry = state.candidates[state.open_entry].entry
            if not entry.summary and not state.excluded:
                entry.summary = collapse_spaces(plain)
            return
        if len(raw) >= 2 and self._lines_are_entries(raw):
            for offset, line in enumerate(raw):
                self._add(line.strip(), node.map[0] + offset + 1)
            return
        if len(raw) >= 2:
            self.block(node.map[0], raw)

    @staticmethod
    def _lines_are_entries(raw: list[str]) -> bool:
        """Lines with no blank between them, each a paper of its own (``**Title** arXiv:...``
        on every line), rather than one paper's block of title, authors and links."""
        for line in raw:
            entry, marked = read_candidate(line.strip(), 0)
            if entry is None or _is_link_line(line) or score_entry(entry, marked) < 3:
                return False
        return True

    def block(self, start: int, raw: list[str]) -> None:
        """One paper per block of lines: a bold index/short name, the title (bracketed or
        plain), an authors line, a links line; lines the title does not take are attached."""
        lines = [line.strip() for line in raw if line.strip()]
        first = strip_markup(lines[0]).strip()
        nick = ""
        rest = lines
        if BOLD_LINE.match(lines[0]) and len(first.split()) <= 4:
            nick = _INDEX.sub("", first).strip(" :")
            rest = lines[1:]
        if not rest:
            return
        title_line = re.sub(r"^\[(?P<t>[^\]]+)\](?!\()", r"\g<t>", rest[0])
        index = self._add(title_line, start + 1 + (len(lines) - len(rest)))
        if index is None:
            return
        entry = self.state.candidates[index].entry
        if nick and not entry.short_name:
            entry.short_name = clean_title(nick)
        attached = 0
        for line in rest[1:]:
            attached += self._attach(index, line)
        if nick or attached:
            self.state.candidates[index].bonus += 1 + attached
        self.state.open_entry = index

    def table(self, node) -> None:
        table = self.pipe_tables.get(node.map[0])
        if table is not None:
            self._read_table(table)

    def _read_table(self, table) -> None:
        roles = tables.column_roles(table.headers, table.rows, self.columns)
        line = table.rows[0].line - 1 if table.rows else table.start + 1
        self.outline.append(
            Section(
                line=line,
                heading=self.heading_text,
                kind="table",
                columns=[(h, roles.get(i, "links")) for i, h in enumerate(table.headers)],
                excluded=bool(self.state.excluded),
            )
        )
        if self.state.excluded:
            for row in table.rows:
                self.state.skipped.append(
                    SkippedLine(
                        row.line, " | ".join(row.cells), f"in the section {self.state.excluded!r}"
                    )
                )
            return
        if "title" not in roles.values():
            self.state.skipped.extend(
                SkippedLine(row.line, " | ".join(row.cells), "table has no title column")
                for row in table.rows[:1]
            )
            return
        found, missed = tables.read_table(table, self.state.topic, self.columns)
        self.state.section += 1
        for entry in found:
            entry.collection = self.months.current
            entry.year = entry.year or self.state.year
            self.state.candidates.append(_Candidate(entry, 3, self.state.section))
        self.state.skipped.extend(missed)
        self.state.section += 1

    def html(self, node) -> None:
        start, end = node.map
        content = "\n".join(self.lines[start:end])
        if "<table" in content.lower():
            for table in tables.find_html_tables(self.lines[start:end]):
                for row in table.rows:
                    row.line += start
                self._read_table(table)
            return
        bold_list: list[int] = []
        for li in _HTML_LI.finditer(content):
            line_no = start + content.count("\n", 0, li.start()) + 1
            body = _markdown_of_html(li.group("body"))
            index = self._add(body, line_no)
            if index is not None:
                bold_list.append(index)

    # --- the walk -------------------------------------------------------------------------

    def run(self) -> None:
        for node in self.blocks:
            if not node.map:
                continue
            if node.type == "heading":
                self.heading(node)
            elif node.type == "paragraph":
                self.paragraph(node)
            elif node.type in ("bullet_list", "ordered_list"):
                for item in node.children:
                    if self.state.open_entry is not None and self._item_attaches(item):
                        continue
                    self.state.open_entry = None
                    self.list_item(item, None, [])
            elif node.type == "table":
                self.table(node)
            elif node.type == "html_block":
                self.html(node)

    def _item_attaches(self, item) -> bool:
        first = next((c for c in item.children if c.type == "paragraph"), None)
        if first is None:
            return False
        match = LIST_ITEM.match(self.lines[first.map[0]])
        body = (match.group("body") or "") if match else self.lines[first.map[0]]
        return self._attach(self.state.open_entry, body)


_LINK_LABEL_WORDS = re.compile(
    r"^(notes?|memo|review notes?|my notes|논문|리뷰|코드|정리|요약|노트|발표 ?자료|슬라이드|영상|블로그|원문|링크|"
    r"论文|代码|笔记|解读|评论|幻灯片|视频|博客|链接|原文|"
    r"論文|コード|メモ|ノート|スライド|動画|解説|レビュー|リンク)$"
)


def _is_link_line(body: str) -> bool:
    """A line made only of links labelled ``paper``, ``code``, ``리뷰``, ``代码`` ..."""
    links = find_links(body)
    if not links or re.sub(r"[\s/|,·•:;()\[\]-]", "", items.remove_links(body)):
        return False
    return all(
        items._is_generic_label(label) or _LINK_LABEL_WORDS.match(strip_markup(label).strip())
        for label, _ in links
    )


def _names_a_paper(entry: ParsedEntry, text: str) -> bool:
    """A heading that is one paper carries an index, a short name, a year or venue, an
    identifier or a link to the paper itself; a heading linking elsewhere is a pointer."""
    return bool(
        _INDEX.match(strip_markup(text))
        or entry.short_name
        or entry.year
        or entry.venue
        or entry.arxiv_id
        or entry.doi
        or LinkKind.PDF in entry.links
        or (LinkKind.PAPER in entry.links and _on_paper_site(entry.links[LinkKind.PAPER]))
    )


def _on_paper_site(url: str) -> bool:
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    return any(host == h or host.endswith("." + h) for h in items._PAPER_HOSTS)


def _names_only(text: str) -> bool:
    """``Joseph Redmon, Santosh Divvala, Ross Girshick``: a list of person names."""
    text = re.sub(r"\([^)]*\)|\bet\.? ?al\b\.?", "", text).strip(" ,.")
    text = re.sub(rf",?\s*(?:[A-Z][A-Za-z]+\s*)?'?{YEAR}\s*$", "", text).strip(" ,.")
    parts = [p.strip() for p in re.split(r",|\band\b|&", text) if p.strip()]
    return len(parts) >= 2 and all(
        re.fullmatch(r"(?:[A-Z][\w'’.-]*\.?\s?){1,4}|et\.? al\.?", p) for p in parts
    )


def _select(state: _State) -> tuple[list[ParsedEntry], list[SkippedLine]]:
    """Keep candidates that score as papers, and weak ones in groups where most are papers;
    bold entries among plain ones in the same group are the reviewed ones."""
    groups: dict[int, list[_Candidate]] = {}
    for candidate in state.candidates:
        groups.setdefault(candidate.section, []).append(candidate)
    keep: set[int] = set()
    skipped = list(state.skipped)
    points = {id(c): score_entry(c.entry) + c.bonus for c in state.candidates}
    for members in groups.values():
        strong = [c for c in members if points[id(c)] >= 3]
        for candidate in members:
            mark = points[id(candidate)]
            if mark >= 3 or (mark >= 1 and len(strong) * 2 >= len(members)):
                keep.add(id(candidate))
            else:
                skipped.append(
                    SkippedLine(
                        candidate.entry.line, candidate.text, "reads as prose, not a paper entry"
                    )
                )
        kept = [c for c in members if id(c) in keep]
        bolds = [c.bold for c in kept]
        if any(bolds) and not all(bolds):
            for candidate in kept:
                if candidate.entry.reviewed is None:
                    candidate.entry.reviewed = candidate.bold
    for candidate in state.candidates:
        entry = candidate.entry
        if entry.reviewed is False and not entry.status and entry.presentations:
            entry.status = "scheduled"  # not ticked yet, but a talk is set: it is coming up
    renumber: dict[int, int] = {}
    entries: list[ParsedEntry] = []
    for position, candidate in enumerate(state.candidates):
        if id(candidate) in keep:
            renumber[position] = len(entries)
            entries.append(candidate.entry)
    for entry in entries:
        if entry.follow_up_of is not None:
            entry.follow_up_of = renumber.get(entry.follow_up_of)
    return entries, sorted(skipped, key=lambda s: s.line)


def is_plausible_paper(entry: ParsedEntry) -> bool:
    """Whether a careful reader would call the entry a paper: it has an identifier, a year,
    venue or authors, a talk, a PDF, a link into a paper site, or a title shaped like a
    paper's (a colon, or five words or more that are not a sentence)."""
    if entry.arxiv_id or entry.doi or entry.year or entry.venue or entry.authors:
        return True
    if entry.presentations or LinkKind.PDF in entry.links:
        return True
    paper = entry.links.get(LinkKind.PAPER, "")
    if paper and _on_paper_site(paper) and urlsplit(paper).path.strip("/"):
        return True
    words = entry.title.split()
    if _SENTENCE.search(entry.title) or len(words) > 30:
        return False
    return (":" in entry.title and len(words) >= 3) or len(words) >= 5


def outline(
    lines: list[str], mapping: dict | None = None, entries: list[ParsedEntry] | None = None
) -> list[Section]:
    """The headings and tables the reader found, in order, with the role it gave each table
    column and how many ``entries`` (by default its own) each part holds: what a curator's
    mapping can change."""
    reader = _Reader(lines, mapping)
    reader.run()
    if entries is None:
        entries, _ = _select(reader.state)
    starts = [section.line for section in reader.outline] + [len(lines) + 1]
    for position, section in enumerate(reader.outline):
        section.entries = sum(starts[position] <= e.line < starts[position + 1] for e in entries)
    return reader.outline


def parse(lines: list[str], source: str, mapping: dict | None = None) -> ParsedCatalog:
    """Read any README as well as the scores allow.  See the module docstring."""
    reader = _Reader(lines, mapping)
    reader.run()
    entries, skipped = _select(reader.state)
    note_crossed_links(entries, [LinkKind.SUMMARY, LinkKind.REVIEW])
    return ParsedCatalog(
        format=name,
        source=source,
        topics=topics_in_order(entries),
        entries=entries,
        collections=finish_collections(reader.months.collections, entries),
        skipped=skipped,
        title=document_title(lines),
    )


def score_catalog(catalog: ParsedCatalog) -> float:
    """Six tenths of the entries kept: a specific reader (one seed README's shape, read exactly)
    that finds at least that many keeps its file; the general reader wins where they miss."""
    return 0.6 * len(catalog.entries)


def score(lines: list[str]) -> float:
    return score_catalog(parse(lines, ""))


__all__ = ["LinkKind", "parse", "score"]
