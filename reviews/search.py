"""Searching the catalog: PostgreSQL full text with Korean bigrams and trigrams, or a simple match.

``search_papers(queryset, query)`` filters a paper queryset to the papers that match ``query`` and
annotates each with ``search_rank`` (higher is better); both backends share that interface.

On PostgreSQL three indexed columns of ``Paper`` serve a query:

- ``search_vector``: an ``english`` tsvector weighted A (title, short name), B (authors, venue,
  tags), C (abstract, institutions, published public reviews);
- ``search_bigrams``: every Hangul run cut into character bigrams (plus its last syllable), in a
  ``simple`` tsvector with the same weights. Korean attaches particles to words ("증류를"), so
  whole words rarely match; bigrams do, and a GIN index serves them where trigrams cannot serve
  two-syllable words;
- ``search_text``: title, short name and authors in lower case, with a trigram GIN index, so that
  typos ("residul learning") still find their paper.

A search gives a bounded candidate set (up to ``CANDIDATE_LIMIT`` title matches and as many other
matches), which is ranked: a word that matches most of the catalog stays cheap.

The vectors hold tags and reviews, so whatever writes those must call
``schedule_search_refresh(paper_ids)`` (``Paper.save()`` does it for its own paper): the calls of
one transaction coalesce into one ``refresh_search_index`` on commit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramStrictWordSimilarity,
)
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)

HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
LATIN_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)
# Particles a Korean query word may carry ("모델을", "증류에서"): stripped from query words only.
PARTICLES = tuple(
    sorted(
        [
            "으로",
            "에서",
            "에게",
            "까지",
            "부터",
            "처럼",
            "보다",
            "이나",
            "이랑",
            "과의",
            "와의",
            "은",
            "는",
            "이",
            "가",
            "을",
            "를",
            "의",
            "에",
            "와",
            "과",
            "로",
            "도",
            "만",
        ],
        key=len,
        reverse=True,
    )
)
# How many matching papers a search gives at most, per tier (title matches, any match): at
# study-group size every match; at 100,000 papers, a word in most titles still gives a bounded set.
CANDIDATE_LIMIT = 500


# --- Text analysis ------------------------------------------------------------------------------


def hangul_bigrams(text: str) -> list[str]:
    """Character bigrams of every Hangul run, plus the run's last syllable.

    "지식 증류를" gives 지식, 식, 증류, 류를, 를: any syllable starts a token, so a one-syllable
    query matches as a prefix.
    """
    tokens = []
    for run in HANGUL_RUN.findall(text):
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        tokens.append(run[-1])
    return tokens


def strip_particle(word: str) -> str:
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


class ParsedQuery:
    """A query split into its Latin words and its Hangul words."""

    def __init__(self, query: str):
        self.raw = " ".join((query or "").split())[:200]
        self.hangul_words = [strip_particle(word) for word in HANGUL_RUN.findall(self.raw)]
        latin = HANGUL_RUN.sub(" ", self.raw)
        self.latin_words = LATIN_WORD.findall(latin)
        self.latin = " ".join(latin.split())

    def __bool__(self):
        return bool(self.hangul_words or self.latin_words)

    @property
    def words(self) -> list[str]:
        return [*self.latin_words, *self.hangul_words]


# --- PostgreSQL ---------------------------------------------------------------------------------


def _quote(token: str) -> str:
    return "'" + token.replace("'", "''").replace("\\", "") + "'"


class PostgresSearch:
    def match(self, query: ParsedQuery) -> tuple[Q, Q, dict]:
        """The condition a matching paper meets, the one a title match meets, and the
        expressions ranking uses."""
        parts = {}
        condition = Q()
        title_match = Q()
        if query.latin_words:
            text_query = SearchQuery(query.latin, search_type="websearch", config="english")
            # Each word is found as the start of a word (stemmed) or, misspelt, by trigrams.
            every_word = Q()
            for word in query.latin_words:
                word = word.lower()
                typo = Q(search_text__trigram_strict_word_similar=word)
                prefix = SearchQuery(f"{_quote(word)}:*", search_type="raw", config="english")
                every_word &= Q(search_vector=prefix) | typo
                title_word = SearchQuery(f"{_quote(word)}:A", search_type="raw", config="english")
                title_match &= Q(search_vector=title_word) | typo
            condition &= Q(search_vector=text_query) | every_word
            similarity = TrigramStrictWordSimilarity(Value(query.latin.lower()), "search_text")
            parts.update(text_query=text_query, similarity=similarity)
        if query.hangul_words:
            terms = []
            for word in query.hangul_words:
                if len(word) == 1:
                    terms.append(f"{_quote(word)}:*")
                else:
                    terms.extend(_quote(bigram) for bigram in hangul_bigrams(word)[:-1])
            korean_query = SearchQuery(" & ".join(terms), search_type="raw", config="simple")
            title_terms = " & ".join(
                f"{term}A" if term.endswith(":*") else f"{term}:A" for term in terms
            )
            condition &= Q(search_bigrams=korean_query)
            title_match &= Q(
                search_bigrams=SearchQuery(title_terms, search_type="raw", config="simple")
            )
            parts.update(korean_query=korean_query)
        return condition, title_match, parts

    def search(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        condition, title_match, parts = self.match(query)
        matches = queryset.filter(condition)
        strong = matches.filter(title_match).order_by().values("pk")[:CANDIDATE_LIMIT]
        anything = matches.order_by().values("pk")[:CANDIDATE_LIMIT]
        # One set of ids (a UNION): PostgreSQL joins it to the papers by their key rather than
        # testing every paper against two subqueries.
        candidate = Q(pk__in=strong.union(anything))

        # Only the candidates are results: a word that matches most of the catalog gives a
        # bounded set, which the facets count and the pages rank without reading every match.
        matches = queryset.filter(candidate)
        score = Value(0.0)
        if "text_query" in parts:
            score = (
                score + SearchRank(F("search_vector"), parts["text_query"]) + parts["similarity"]
            )
        if "korean_query" in parts:
            score = score + SearchRank(F("search_bigrams"), parts["korean_query"])
        is_title = ExpressionWrapper(title_match, output_field=BooleanField())
        return matches.annotate(
            search_rank=Case(
                When(is_title, then=score + 1.0), default=score, output_field=FloatField()
            )
        )

    def refresh(self, paper_ids: list[int] | None, using: str) -> int:
        """Recompute the vectors of these papers (every paper for None) in one set-based UPDATE:
        PostgreSQL gathers the texts (tags and public reviews included), cuts the Hangul bigrams
        and computes the vectors itself. Returns how many papers it updated."""
        from .models import Paper, Review, TaggedPaper, Venue

        ops = connections[using].ops
        paper, venue = ops.quote_name(Paper._meta.db_table), ops.quote_name(Venue._meta.db_table)
        tagged = ops.quote_name(TaggedPaper._meta.db_table)
        tag = ops.quote_name(TaggedPaper.tag.field.related_model._meta.db_table)
        review = ops.quote_name(Review._meta.db_table)
        weighted = " || ".join(
            f"setweight(to_tsvector('{{config}}'::regconfig, {{wrap}}(t.{weight.lower()})), "
            f"'{weight}')"
            for weight in "ABC"
        )
        where, params = "", [Review.Status.PUBLISHED, Review.Visibility.PUBLIC]
        if paper_ids is not None:
            where, params = "WHERE p.id = ANY(%s)", [*params, list(paper_ids)]
        sql = f"""
            UPDATE {paper} AS p SET
                search_vector = {weighted.format(config="english", wrap="")},
                search_bigrams = {weighted.format(config="simple", wrap="pg_temp.hangul_bigrams")}
            FROM (
                SELECT p.id,
                    concat_ws(' ', p.title, p.short_name) AS a,
                    concat_ws(' ', p.authors, v.short_name, v.full_name, (
                        SELECT string_agg(tag.name, ' ') FROM {tagged} AS tp
                        JOIN {tag} AS tag ON tag.id = tp.tag_id WHERE tp.content_object_id = p.id
                    )) AS b,
                    concat_ws(' ', p.abstract, p.institutions, (
                        SELECT string_agg(concat_ws(' ', r.summary, r.body), ' ')
                        FROM {review} AS r
                        WHERE r.paper_id = p.id AND r.status = %s AND r.visibility = %s
                    )) AS c
                FROM {paper} AS p LEFT JOIN {venue} AS v ON v.id = p.venue_id
                {where}
            ) AS t
            WHERE p.id = t.id
        """
        with connections[using].cursor() as cursor:
            cursor.execute(HANGUL_BIGRAMS_FUNCTION)
            cursor.execute(sql, params)
            return cursor.rowcount


# ``hangul_bigrams()`` in SQL: for a run of n syllables, substr(run, i, 2) for i = 1..n gives
# its n - 1 bigrams and, at i = n, its last syllable. A temporary function: nothing to migrate.
HANGUL_BIGRAMS_FUNCTION = """
    CREATE OR REPLACE FUNCTION pg_temp.hangul_bigrams(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(string_agg(substr(m[1], i, 2), ' '), '')
        FROM regexp_matches($1, '[\uac00-\ud7a3]+', 'g') AS m,
            generate_series(1, char_length(m[1])) AS i
    $$
"""


# --- Anything else (SQLite) ---------------------------------------------------------------------


class SimpleSearch:
    """Every word must appear (case-insensitively) in one of the searched texts."""

    def word_condition(self, word: str) -> Q:
        from .models import Review, TaggedPaper

        reviews = Review.objects.public().filter(
            Q(summary__icontains=word) | Q(body__icontains=word)
        )
        tagged = TaggedPaper.objects.filter(tag__name__icontains=word)
        return (
            Q(title__icontains=word)
            | Q(short_name__icontains=word)
            | Q(authors__icontains=word)
            | Q(abstract__icontains=word)
            | Q(venue__short_name__icontains=word)
            | Q(venue__full_name__icontains=word)
            | Q(pk__in=tagged.values("content_object_id"))
            | Q(pk__in=reviews.values("paper_id"))
        )

    def search(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        condition = Q()
        in_title = Q()
        in_authors = Q()
        for word in query.words:
            condition &= self.word_condition(word)
            in_title &= Q(title__icontains=word) | Q(short_name__icontains=word)
            in_authors &= Q(authors__icontains=word)
        return queryset.filter(condition).annotate(
            search_rank=Case(
                When(in_title, then=Value(2.0)),
                When(in_authors, then=Value(1.0)),
                default=Value(0.5),
                output_field=FloatField(),
            )
        )

    def refresh(self, paper_ids: list[int] | None, using: str) -> int:
        """Nothing to keep: the simple match reads the tables themselves."""
        return 0


# --- Interface ----------------------------------------------------------------------------------


def backend_for(using: str):
    return PostgresSearch() if connections[using].vendor == "postgresql" else SimpleSearch()


def search_papers(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` narrowed to the papers matching ``query``, annotated with ``search_rank``.

    An empty query (or one with no words) leaves the queryset as it is, with a rank of 0.
    """
    parsed = ParsedQuery(query)
    if not parsed:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    return backend_for(queryset.db).search(queryset, parsed)


def refresh_search_index(paper_ids: Iterable[int], *, using: str = "default") -> None:
    """Rebuild the search vectors of these papers from their fields, tags and public reviews.

    Call it after anything that changes what a paper's search finds: a review published,
    unpublished, edited or deleted; tags or venue changed; an import.
    """
    ids = sorted({pk for pk in paper_ids if pk is not None})
    for start in range(0, len(ids), 5000):
        backend_for(using).refresh(ids[start : start + 5000], using)


def rebuild_search_index(*, using: str = "default") -> int:
    """Rebuild the search data of every paper in one statement (``reindex``): how many papers
    it indexed (0 where the search keeps nothing)."""
    return backend_for(using).refresh(None, using) or 0


def schedule_search_refresh(paper_ids: Iterable[int], *, using: str = "default") -> None:
    """Refresh these papers' search data once the current transaction commits.

    Calls within one transaction coalesce: the ids are collected per connection, and the first
    of the on-commit callbacks runs one ``refresh_search_index`` for all of them (the later ones
    find nothing left to do). So a paper saved, tagged and reviewed in one transaction is indexed
    once. Outside a transaction it runs at once.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    ids = {pk for pk in paper_ids if pk is not None}
    if not ids:
        return
    if not connection.in_atomic_block:
        refresh_search_index(ids, using=using)
        return
    if not any(
        getattr(func, "func", None) is _refresh_pending for _, func, _ in connection.run_on_commit
    ):
        # No callback of ours waits: the ids left over come from a rolled-back transaction.
        connection.__dict__["_search_refresh_pending"] = {}
    pending = connection.__dict__.setdefault("_search_refresh_pending", {})
    pending.setdefault(using, set()).update(ids)
    transaction.on_commit(partial(_refresh_pending, using), using=using)


def _refresh_pending(using: str) -> None:
    """Refresh the papers scheduled on this connection, once; they stay scheduled if it fails."""
    pending = connections[using].__dict__.get("_search_refresh_pending") or {}
    ids = pending.get(using)
    if ids:
        refresh_search_index(set(ids), using=using)
        pending[using] = set()
