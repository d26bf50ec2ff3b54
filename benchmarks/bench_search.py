"""Catalog search benchmark: prints how long searches take on a large synthetic catalog.

Run against PostgreSQL (SQLite works too, with the simple fallback):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/papershelf DJANGO_SECRET_KEY=x \
        .venv/bin/python benchmarks/bench_search.py --papers 20000

It creates a throwaway test database (``test_<name>``), fills it, times each query a number of
times and prints the median and worst time and the result count; then drops the database.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

WORDS = [
    "deep",
    "residual",
    "network",
    "learning",
    "image",
    "recognition",
    "convolutional",
    "attention",
    "transformer",
    "object",
    "detection",
    "segmentation",
    "semantic",
    "knowledge",
    "distillation",
    "self",
    "supervised",
    "contrastive",
    "representation",
    "graph",
    "neural",
    "efficient",
    "mobile",
    "scaling",
    "vision",
    "language",
    "model",
    "training",
    "adversarial",
    "robust",
    "generative",
    "diffusion",
]
KOREAN = ["지식 증류를 적용했다", "객체 검출 성능을 높였다", "표현 학습을 개선했다", "경량화 모델"]
QUERIES = [
    "network",  # matches most of the catalog
    "deep residual learning",
    "residul learning",  # a typo
    "증류",
    "지식 증류",
    "zzzz nothing",
]


def build_catalog(count: int) -> None:
    from reviews.models import Paper, Review, Venue
    from reviews.search import refresh_search_index

    rng = random.Random(7)
    venues = [Venue.objects.create(short_name=name) for name in ("CVPR", "NeurIPS", "ICLR")]
    papers = [
        Paper(
            title=" ".join(rng.sample(WORDS, 6)).capitalize() + f" {n}",
            slug=f"paper-{n}",
            title_key=f"paper{n}",
            authors="A. Author\nB. Author",
            year=rng.randint(2012, 2025),
            venue=rng.choice(venues),
            abstract=" ".join(rng.choices(WORDS, k=60)),
        )
        for n in range(count)
    ]
    for paper in papers:
        paper.search_text = f"{paper.title} a. author b. author".lower()
    Paper.objects.bulk_create(papers, batch_size=2000)
    ids = list(Paper.objects.values_list("pk", flat=True))
    Review.objects.bulk_create(
        Review(paper_id=pk, body=rng.choice(KOREAN), status="published", visibility="public")
        for pk in ids[: count // 10]
    )
    refresh_search_index(ids)


def time_query(query: str, repeat: int) -> tuple[float, float, int]:
    from reviews.models import Paper
    from reviews.search import search_papers

    timings, found = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        page = list(
            search_papers(Paper.objects.all(), query).order_by("-search_rank", "title")[:25]
        )
        found = search_papers(Paper.objects.all(), query).count()
        timings.append((time.perf_counter() - start) * 1000)
        assert len(page) <= 25
    return statistics.median(timings), max(timings), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        build_catalog(args.papers)
        print(
            f"{connection.vendor}: {args.papers} papers indexed in {time.perf_counter() - start:.1f} s"
        )
        print(f"{'query':<28}{'median ms':>10}{'worst ms':>10}{'matches':>9}")
        for query in QUERIES:
            median, worst, found = time_query(query, args.repeat)
            print(f"{query:<28}{median:>10.1f}{worst:>10.1f}{found:>9}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
