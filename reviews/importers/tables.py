"""Tables of papers, in Markdown pipe tables or HTML ``<table>`` form (seed 003's shape)::

    ## Transformer
    From | Year | Authors | Paper | Institution | url
    ---- | ---- | ---- | ---- | ---- | ----
    Arxiv | 2020 | H. Touvron et al. | [Training ...](https://arxiv.org/...) | FAIR | [[ppt]](...)

The general reader (:mod:`.tree`) finds the tables; this module gives each column its role
(from its header in several languages, else from its content: dates, names, venues, links,
check marks; a curator's mapping overrides both) and reads the rows.  A table without a
title column is not a catalog table.  Link cells are classified by label (``[[official
code]]``, ``[[custom code]]``, ``[[summary]]``, ``[[ppt]]``) and URL; a label with no URL
(``[official code]``) means there is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .base import (
    MD_LINK,
    YEAR,
    LinkKind,
    ParsedEntry,
    ParsedPresentation,
    SkippedLine,
    add_link,
    classify_link,
    classify_url,
    clean_title,
    collapse_spaces,
    find_links,
    is_pointer,
    link_arxiv_ids,
    looks_like_venue,
    normalise_venue,
    parse_any_date,
    parse_authors,
    parse_venue_year,
    parse_year,
    remove_links,
    split_trailing_venue,
    strip_links,
    strip_markup,
)
from .items import _is_generic_label

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Header names in English, Korean, Chinese and Japanese.  "title" names the paper outright;
# "title?" (``Topic``, ``Name``, ``名称``) is the title only when no column says "paper".
_COLUMN_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "title",
        re.compile(
            r"^(papers?|titles?|paper ?titles?|paper ?names?|articles?|논문|논문 ?제목|논문명|제목|"
            r"论文|论文标题|论文名称?|论文题目|标题|题目|タイトル|論文|論文名|論文タイトル|表題)$"
        ),
    ),
    ("year", re.compile(r"^(year|yr|연도|년도|출판 ?연도|年份|年|年度|発表年|出版年)$")),
    (
        "venue",
        re.compile(
            r"^(from|venue|conf(erence)?|published|publication|journal|source|학회|학회명|"
            r"학술대회|저널|출처|게재처?|会议|会议/期刊|期刊|来源|发表|会議|学会|掲載)$"
        ),
    ),
    ("authors", re.compile(r"^(authors?|writers?|저자|作者|著者)$")),
    (
        "institutions",
        re.compile(
            r"^(institutions?|affiliations?|organi[sz]ations?|orgs?|labs?|소속|机构|单位|所属)$"
        ),
    ),
    (
        "date",
        re.compile(
            r"^(date|dates|presented|presented on|when|study date|session date|day|"
            r"날짜|일자|발표일|발표 ?날짜|일시|진행일|日期|时间|分享时间|日付|発表日|開催日)$"
        ),
    ),
    (
        "presenter",
        re.compile(
            r"^(presenters?|speakers?|reviewers?|by|who|host|발표자|발표|리뷰어|진행자|담당|"
            r"主讲人?|分享人|报告人|讲者|発表者|担当|担当者)$"
        ),
    ),
    (
        "summary",
        re.compile(
            r"^(summary|tl;?dr|description|one[- ]line summary|comments?|요약|설명|한줄 ?요약|"
            r"简介|摘要|概要|简述|一言)$"
        ),
    ),
    (
        "status",
        re.compile(
            r"^(status|reading status|state|read\??|reviewed\??|done\??|상태|완료|진행 ?상황|"
            r"状态|完成|状況|済)$"
        ),
    ),
    ("index", re.compile(r"^(#|no\.?|num(ber)?|idx|index|번호|순서|순번|序号|编号|番号|回)$")),
    ("title?", re.compile(r"^(topics?|names?|subjects?|model|주제|이름|名称|主题|テーマ|名前)$")),
)
_BRACKET_NICK = re.compile(r"^\[(?P<nick>[^\]]{1,30})\]\s+(?P<title>\S.*)$")
_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})")
_BR = re.compile(r"<br\s*/?>", re.I)
_STATUS_CELL = re.compile(r"^(✅|✔️?|✓|☑️?|❌|✗|☐|⬜|[oOxXvV]|yes|no|done|todo|read|y|n|-)?$", re.I)
_POINTER_LABEL = re.compile(
    r"^(here|this|more|older|previous|여기|이곳|这里|此处|这儿|こちら|ここ)$", re.I
)


@dataclass
class Row:
    """One table row: its 1-based line and its cells as Markdown-ish text."""

    line: int
    cells: list[str]


@dataclass
class Table:
    """A table found in the text: header names, body rows, and where it starts."""

    start: int  # 0-based line index of the header
    end: int  # 0-based line index just after the table
    headers: list[str]
    rows: list[Row]


# --------------------------------------------------------------------------------------------
# Finding tables
# --------------------------------------------------------------------------------------------


def split_cells(line: str) -> list[str]:
    """Split a pipe-table row on ``|`` outside ``[...]``, ``(...)``, code and ``\\|``."""
    cells, current, depth, in_code = [], [], 0, False
    previous = ""
    for char in line.strip():
        if char == "`":
            in_code = not in_code
        elif not in_code and char in "[(":
            depth += 1
        elif not in_code and char in "])" and depth:
            depth -= 1
        if char == "|" and depth == 0 and not in_code and previous != "\\":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        previous = char
    cells.append("".join(current))
    if line.strip().startswith("|"):
        cells = cells[1:]
    if line.strip().endswith("|") and cells:
        cells = cells[:-1]
    return [cell.replace("\\|", "|").strip() for cell in cells]


def find_pipe_tables(lines: list[str]) -> list[Table]:
    """Pipe tables: a header row, a ``---|---`` row, then rows up to a line with no ``|``."""
    tables = []
    index = 0
    while index + 1 < len(lines):
        header, separator = lines[index], lines[index + 1]
        if "|" in header and _SEPARATOR.match(separator) and "-" in separator:
            rows = []
            cursor = index + 2
            while cursor < len(lines) and "|" in lines[cursor] and lines[cursor].strip():
                rows.append(Row(cursor + 1, split_cells(lines[cursor])))
                cursor += 1
            tables.append(Table(index, cursor, split_cells(header), rows))
            index = cursor
        else:
            index += 1
    return tables


_TABLE_BLOCK = re.compile(r"<table\b.*?</table\s*>", re.I | re.S)
_TR = re.compile(r"<tr\b[^>]*>(?P<body>.*?)(?=<tr\b|</tr\s*>|</table)", re.I | re.S)
_CELL = re.compile(r"<t(?P<kind>[hd])\b[^>]*>(?P<body>.*?)(?=<t[hd]\b|</t[hd]\s*>|$)", re.I | re.S)
_ANCHOR = re.compile(r"""<a\s[^>]*?href\s*=\s*["']?([^"'\s>]+)[^>]*>(.*?)</a\s*>""", re.I | re.S)


def _html_cell_to_markdown(cell: str) -> str:
    cell = _ANCHOR.sub(lambda m: f"[{strip_markup(m.group(2))}]({m.group(1)})", cell)
    return strip_markup(cell)


def find_html_tables(lines: list[str]) -> list[Table]:
    """``<table>`` catalogs: the first row (``<th>`` or not) names the columns."""
    text = "\n".join(lines)
    tables = []
    for block in _TABLE_BLOCK.finditer(text):
        rows = []
        for tr in _TR.finditer(block.group(0)):
            cells = [
                _html_cell_to_markdown(c.group("body")) for c in _CELL.finditer(tr.group("body"))
            ]
            if cells:
                line = text.count("\n", 0, block.start() + tr.start()) + 1
                rows.append(Row(line, cells))
        if rows:
            start = text.count("\n", 0, block.start())
            end = text.count("\n", 0, block.end()) + 1
            tables.append(Table(start, end, rows[0].cells, rows[1:]))
    return tables


def header_key(header: str) -> str:
    """A header as the role patterns see it: no links, markup or emoji, lower case."""
    text = strip_markup(strip_links(header)).lower()
    return re.sub(r"^[^\w#]+|[^\w?)]+$", "", text).strip(" :")


def _roles_by_header(headers: list[str]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for position, header in enumerate(headers):
        key = header_key(header)
        for role, pattern in _COLUMN_ROLES:
            if pattern.match(key) and role not in roles.values():
                roles[position] = role
                break
    weak = [p for p, r in roles.items() if r == "title?"]
    if weak and "title" not in roles.values():
        roles[weak[0]] = "title"
    return {p: r for p, r in roles.items() if r != "title?"}


def _plain(cell: str) -> str:
    return collapse_spaces(strip_markup(strip_links(cell)))


def _looks_like_person_cell(text: str) -> bool:
    """``김민수``, ``张伟``, ``佐藤``, ``Alice Chen``, ``김민수, 이서연``: short names, not a title."""
    names = [n.strip() for n in re.split(r"[,/&、，]|\band\b", text) if n.strip()]
    if not names or len(names) > 4:
        return False
    for name in names:
        if re.fullmatch(r"[\uac00-\ud7a3]{2,4}|[\u4e00-\u9fff\u3040-\u30ff]{1,4}", name):
            continue
        words = name.split()
        if 1 <= len(words) <= 3 and all(re.fullmatch(r"[A-Z][a-z]+\.?|[A-Z]\.", w) for w in words):
            continue
        if re.fullmatch(r"@?[A-Za-z][\w-]{1,20}", name) and not looks_like_venue(name):
            continue  # a GitHub handle
        return False
    return True


def _content_role(cells: list[str]) -> str:
    """The role a column's cells suggest, "" when they suggest none."""
    texts = [_plain(c) for c in cells]
    filled = [t for t in texts if t]
    if not filled or sum(1 for c in cells if find_links(c)) * 2 > len(filled):
        return ""  # a column of links is a links column
    share = len(filled)

    def most(test) -> bool:
        return sum(1 for t in filled if test(t)) * 10 >= share * 7

    if most(lambda t: re.fullmatch(r"\d{1,3}\.?", t)):
        return "index"
    if most(lambda t: re.fullmatch(YEAR, t)):
        return "year"
    if most(lambda t: parse_any_date(t) is not None):
        return "date"
    if all(_STATUS_CELL.match(t) for t in texts) and any(texts):
        return "status"
    if most(lambda t: looks_like_venue(re.sub(YEAR, "", t)) or bool(parse_venue_year(t))):
        return "venue"
    if most(_looks_like_person_cell):
        return "presenter"
    return ""


def _title_score(cells: list[str]) -> float:
    """How much a column reads like paper titles: words per cell, titled links, few sentences."""
    total = 0.0
    for cell in cells:
        text = _plain(cell)
        words = len(text.split()) + len(re.findall(r"[\u4e00-\u9fff\uac00-\ud7a3]", text)) / 3
        if words >= 3:
            total += 1
        if find_links(cell) and find_links(cell)[0][0] and len(find_links(cell)[0][0].split()) >= 2:
            total += 1
        if re.search(r"[.!?。]$|(니다|세요|해요)\W*$", text):
            total -= 1
    return total / max(len(cells), 1)


def column_roles(
    headers: list[str], rows: list[Row] | None = None, overrides: dict[str, str] | None = None
) -> dict[int, str]:
    """Which column plays which role (``title``, ``year``, ``date``, ``presenter`` ...); other
    columns hold links.  Headers decide first (in English, Korean, Chinese or Japanese); a
    column whose header says nothing is judged by its cells (dates, years, venues, names,
    check marks); with no title header, the column that reads most like titles is the title.
    ``overrides`` (header text -> role, from a curator's mapping) win over both."""
    roles = _roles_by_header(headers)
    if rows:
        columns = [
            [r.cells[i] if i < len(r.cells) else "" for r in rows] for i in range(len(headers))
        ]
        for position, cells in enumerate(columns):
            if position in roles:
                continue
            role = _content_role(cells)
            if role and role not in roles.values():
                roles[position] = role
        if "title" not in roles.values():
            free = [p for p in range(len(headers)) if p not in roles]
            scored = sorted(((_title_score(columns[p]), -p) for p in free), reverse=True)
            if scored and scored[0][0] >= 0.5:
                roles[-scored[0][1]] = "title"
    for position, header in enumerate(headers):
        role = (overrides or {}).get(header_key(header)) or (overrides or {}).get(header)
        if role:
            roles = {p: r for p, r in roles.items() if r != role or role == "links"}
            roles[position] = role
    return roles


# --------------------------------------------------------------------------------------------
# Reading rows
# --------------------------------------------------------------------------------------------


def _read_title_cell(entry: ParsedEntry, cell: str) -> None:
    """The title, and its link classified by URL alone (the label is the title itself); a
    venue and year after it (``[Title](url) (NeurIPS 2020)``) are read too."""
    cell = link_arxiv_ids(cell)
    links = find_links(cell)
    if links and not MD_LINK.match(cell.strip()) and all(_is_generic(label) for label, _ in links):
        # "Title [[paper]](u) [[code]](u)": the links labelled paper, code, notes are no title
        title = clean_title(remove_links(cell))
    else:
        title = clean_title(cell)
    entry.title, venue, year = split_trailing_venue(title)
    entry.venue, entry.year = entry.venue or venue, entry.year or year
    if nick := _BRACKET_NICK.match(entry.title):  # "**[GPT-2]** Language Models are ..."
        entry.short_name, entry.title = nick.group("nick").strip(), nick.group("title")
    for position, (label, url) in enumerate(find_links(cell)):
        if position == 0 and clean_title(label) == entry.title:
            add_link(entry, classify_url(url) or LinkKind.PAPER, url)
        else:
            add_link(entry, classify_link(url, label), url, label=label)


def _is_generic(label: str) -> bool:
    return _is_generic_label(label) or not strip_markup(label).strip("[] ")


def _read_link_cell(entry: ParsedEntry, cell: str, header: str) -> None:
    for label, url in find_links(cell):
        add_link(entry, classify_link(url, f"{label} {header}"), url, label=label)


def _apply_presentation_cells(entry: ParsedEntry, when: date | None, presenter: str) -> None:
    if when is None and not presenter:
        return
    if not entry.presentations:
        slides = entry.links.get(LinkKind.SLIDES, "")
        entry.presentations.append(ParsedPresentation(when, presenter, slides))
        return
    talk = entry.presentations[0]
    talk.presented_on = talk.presented_on or when
    talk.presenter = talk.presenter or presenter


_STATUS_WORDS = (
    (
        re.compile(r"\b(to[ -]?read|todo|unread|not yet|no)\b|[❌✗☐⬜]|^\s*(\[ \]|x|n)\s*$"),
        "to_read",
    ),
    (re.compile(r"\b(scheduled|planned|next|upcoming)\b|📅"), "scheduled"),
    (
        re.compile(r"\b(reviewed|done|read|presented|yes)\b|[✅✔✓☑]|^\s*(\[x\]|o|v|y)\s*$", re.I),
        "reviewed",
    ),
)


def _read_status_cell(entry: ParsedEntry, cell: str) -> None:
    """A Status column: "Reviewed" / "✅", "Scheduled", "To read" (as the exporter writes them)."""
    text = strip_markup(strip_links(cell)).lower()
    for pattern, status in _STATUS_WORDS:
        if pattern.search(text):
            entry.status = status
            entry.reviewed = status == "reviewed"
            return


def read_row(row: Row, headers: list[str], roles: dict[int, str]) -> ParsedEntry | str:
    """One table row as an entry, or the reason it is not one."""
    entry = ParsedEntry(line=row.line, title="")
    when, presenter = None, ""
    for position, cell in enumerate(row.cells):
        role = roles.get(position, "links")
        header = headers[position] if position < len(headers) else ""
        if role == "title":
            _read_title_cell(entry, cell)
        elif role == "year":
            entry.year = parse_year(cell) if re.search(YEAR, cell) else None
        elif role == "venue":
            _read_venue_cell(entry, cell)
        elif role in ("index", "ignore"):
            continue
        elif role == "authors":
            entry.authors, entry.authors_et_al = parse_authors(strip_links(cell))
        elif role == "institutions":
            entry.institutions = strip_markup(strip_links(cell))
        elif role == "date":
            when = parse_any_date(cell)
        elif role == "presenter":
            presenter = strip_markup(strip_links(cell)).strip(" -")
        elif role == "status":
            _read_status_cell(entry, cell)
        elif role == "summary" and not find_links(cell):
            entry.summary = strip_markup(cell).strip(" -")
        else:
            _read_link_cell(entry, cell, header)
    if not entry.title:
        return "table row has no paper title"
    _apply_presentation_cells(entry, when, presenter)
    return entry


def _read_venue_cell(entry: ParsedEntry, cell: str) -> None:
    """``CVPR``, ``NeurIPS 2017``, ``ICLR'21``: the venue, and the year when the cell has one."""
    text = strip_markup(strip_links(cell))
    parsed = parse_venue_year(text)
    if parsed and parsed[1]:
        entry.venue = parsed[0]
        entry.year = entry.year or parsed[1]
        return
    entry.venue = normalise_venue(text)


def _split_titles(cell: str) -> list[str]:
    """A title cell holding several papers separated by ``<br>``, one title each; a title that
    merely wraps (the next part starts in lower case or is one or two words) stays whole."""
    parts = [p.strip() for p in _BR.split(cell) if p.strip()]
    if len(parts) < 2:
        return [cell]
    for part in parts:
        text = clean_title(part)
        if len(text.split()) < 3 or not text[:1].isupper() and not find_links(part):
            return [cell]
    return parts


def _is_pointer_row(row: Row, roles: dict[int, str]) -> bool:
    """A row that only points elsewhere: "older papers: [here](old.md)", "[이전 목록은 여기](./OLD.md)"
    (a link to another list, no paper-shaped title, no date, presenter, year or venue)."""
    filled = [
        i for i, c in enumerate(row.cells) if c.strip(" -") and roles.get(i) not in ("index",)
    ]
    title_pos = next((p for p, r in roles.items() if r == "title"), None)
    if title_pos is None or title_pos >= len(row.cells):
        return False
    cell = row.cells[title_pos]
    links = find_links(cell)
    if any(_POINTER_LABEL.match(strip_markup(label).strip()) for label, _ in links):
        return True
    other_data = any(
        roles.get(i) in ("date", "presenter", "year", "venue", "authors")
        for i, c in enumerate(row.cells)
        if c.strip(" -")
    )
    if is_pointer(cell, other_data=other_data):
        return True
    text = _plain(cell)
    sentence = bool(
        re.search(r"(니다|세요|해요|하세요|참고|请见|参见|を参照|see |older|previous)", text, re.I)
    )
    return len(filled) <= 1 and sentence


def read_table(
    table: Table, topic: tuple[str, ...], overrides: dict[str, str] | None = None
) -> tuple[list[ParsedEntry], list[SkippedLine]]:
    """Entries from one catalog table, all under ``topic``; rows with no title are skipped,
    a cell with several papers gives one entry each, a row that points elsewhere is skipped."""
    entries: list[ParsedEntry] = []
    skipped: list[SkippedLine] = []
    roles = column_roles(table.headers, table.rows, overrides)
    title_pos = next((p for p, r in roles.items() if r == "title"), None)
    for row in table.rows:
        if not any(cell.strip(" -") for cell in row.cells):
            continue
        if _is_pointer_row(row, roles):
            skipped.append(
                SkippedLine(
                    row.line, " | ".join(row.cells), "a note pointing elsewhere, not a paper"
                )
            )
            continue
        cells_list = [row.cells]
        if title_pos is not None and title_pos < len(row.cells):
            titles = _split_titles(row.cells[title_pos])
            cells_list = [
                row.cells[:title_pos] + [title] + row.cells[title_pos + 1 :] for title in titles
            ]
        for cells in cells_list:
            result = read_row(Row(row.line, cells), table.headers, roles)
            if isinstance(result, str):
                skipped.append(SkippedLine(row.line, " | ".join(row.cells), result))
                continue
            result.topic = topic
            entries.append(result)
    return entries, skipped
