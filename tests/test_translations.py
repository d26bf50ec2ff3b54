"""The Korean translation is complete, compiled, and what a Korean browser gets; English stays
English. The catalog is read with a small .po parser (no gettext tools needed)."""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from reviews.models import Paper
from tests.factories import PaperFactory, ReviewFactory

KO_DIR = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
HTML_TAG = re.compile(r"</?[a-z]+")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (obsolete ``#~`` entries are not compiled, so skipped)."""
    entries: list[Entry] = []
    entry, target = Entry(), None

    def finish():
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if isinstance(target, int):
                entry.msgstr[target] += text
            else:
                setattr(entry, target, getattr(entry, target) + text)
        else:
            keyword, _, rest = line.partition(" ")
            text = ast.literal_eval(rest)
            if keyword.startswith("msgstr["):
                target = int(keyword[7:-1])
                entry.msgstr[target] = text
            elif keyword == "msgstr":
                target = 0
                entry.msgstr[0] = text
            else:
                if keyword == "msgctxt" and target is not None:
                    finish()
                target = keyword
                setattr(entry, keyword, text)
    return [e for e in entries if e.msgid]  # the header has an empty msgid


@pytest.fixture(scope="module")
def ko_entries():
    return read_po(KO_DIR / "django.po")


def test_korean_catalog_has_every_message_translated_and_none_fuzzy(ko_entries):
    assert len(ko_entries) > 400
    untranslated = [e.msgid for e in ko_entries if not all(e.msgstr.values())]
    fuzzy = [e.msgid for e in ko_entries if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_korean_plurals_use_the_single_korean_form(ko_entries):
    header = (KO_DIR / "django.po").read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in header
    plurals = [e for e in ko_entries if e.msgid_plural]
    assert plurals
    assert all(list(e.msgstr) == [0] for e in plurals)


def test_korean_translations_keep_placeholders_and_markup(ko_entries):
    for entry in ko_entries:
        source = entry.msgid_plural or entry.msgid
        for text in entry.msgstr.values():
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                entry.msgid
            )
            assert sorted(HTML_TAG.findall(text)) == sorted(HTML_TAG.findall(source)), entry.msgid


def test_compiled_korean_catalog_matches_the_po(ko_entries):
    with open(KO_DIR / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = compiled._catalog
    assert len([key for key in catalog if key != ""]) == len(
        [e for e in ko_entries if not e.msgid_plural]
    ) + sum(len(e.msgstr) for e in ko_entries if e.msgid_plural)
    for entry in ko_entries:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            assert catalog[(key, 0)] == entry.msgstr[0], entry.msgid
        else:
            assert catalog[key] == entry.msgstr[0], entry.msgid


def test_django_serves_the_korean_catalog():
    with translation.override("ko"):
        assert translation.gettext("Reading queue") == "읽을 목록"
        assert translation.pgettext("verb: set a date for a talk", "Schedule") == "일정 잡기"
        assert translation.ngettext("%(counter)s paper", "%(counter)s papers", 3) == (
            "논문 %(counter)s편"
        )
    with translation.override("en"):
        assert translation.gettext("Reading queue") == "Reading queue"


# Each page: (name, how to get its URL, Korean strings, English strings).
PAGES = [
    (
        "home",
        lambda paper: reverse("reviews:home"),
        ["우리 스터디 그룹이 읽는 논문", "최신 리뷰", "다음 발표", "논문 검색"],
        ["What our study group reads", "Latest reviews", "Next presentations"],
    ),
    (
        "catalog",
        lambda paper: reverse("reviews:paper-list"),
        ["필터", "모든 학회·저널", "읽을 예정", "논문 1편", "정렬"],
        ["Filters", "All venues", "To read", "1 paper", "Sort by"],
    ),
    (
        "paper",
        lambda paper: paper.get_absolute_url(),
        ["인용", "BibTeX 복사", "리뷰 읽기", "리뷰를 쓰거나 이 논문을 추천하려면"],
        ["Cite", "Copy BibTeX", "Read the review", "to write a review or nominate this paper"],
    ),
    (
        "login",
        lambda paper: reverse("login"),
        ["<h1>로그인</h1>", "비밀번호를 잊으셨나요?", "사용자 이름"],
        ["<h1>Log in</h1>", "Forgot your password?", "Username"],
    ),
]


@pytest.fixture
def page_paper(db):
    paper = PaperFactory(status=Paper.Status.TO_READ)
    ReviewFactory(paper=paper, summary="")
    return paper


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url", "korean", "english"), PAGES, ids=[p[0] for p in PAGES])
def test_page_speaks_korean_to_a_korean_browser(client, page_paper, name, url, korean, english):
    content = client.get(url(page_paper), HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9").content.decode()
    assert '<html lang="ko">' in content
    for text in korean:
        assert text in content
    for text in english:
        assert text not in content


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url", "korean", "english"), PAGES, ids=[p[0] for p in PAGES])
def test_page_stays_english_for_an_english_browser(client, page_paper, name, url, korean, english):
    content = client.get(url(page_paper), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="en">' in content
    for text in english:
        assert text in content
    # The language switch names Korean in Korean; nothing else on the page is Korean.
    assert HANGUL.findall(content.replace("한국어", "")) == []


@pytest.mark.django_db
def test_korean_member_starts_a_review_from_a_korean_outline(member_client, paper):
    url = reverse("reviews:review-create", args=[paper.slug])
    content = member_client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "## 문제" in content
    assert "## Problem" not in content
