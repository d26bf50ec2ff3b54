"""Benchmark the public pages on a large synthetic catalog: p50, p95 and queries per request.

    python manage.py bench --papers 100000          # PostgreSQL: DATABASE_URL=postgres://...
    python manage.py bench --papers 5000 --repeat 20  # a quick run
    python manage.py bench --papers 100000 --keepdb   # keep (and reuse) the built catalog
    python manage.py bench --papers 100000 --http http://127.0.0.1:8000  # against `make serve`
    python manage.py bench --papers 100000 --explain  # also print the plans of the queries

The catalog is built in a throwaway database (``test_<name>``, as the test runner names it),
never in the configured one: 300 topics in two levels, 400 venues, 40 years, 3,000 tags,
``--reviews`` reviews (a tenth for members only), Korean and English text. It is written with
bulk inserts, then ``reindex`` derives what the rows feed (search vectors, visitor status).

Each request of the table is measured ``--repeat`` times through the full stack (middleware,
views, templates) in this process, or over HTTP with ``--http``; the first row is the floor:
a trivial view through the same middleware, measured in the same run.
"""

import random
import statistics
import time
from datetime import date, timedelta
from functools import partial

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.test import Client
from django.test.utils import setup_test_environment
from django.utils import timezone

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
AUTHORS = ["Kaiming He", "Ashish Vaswani", "Geoffrey Hinton", "김철수", "이영희", "Yann LeCun"]


def record(queries: list, execute, sql, params, many, context):
    """An execute wrapper that notes each query's SQL (with its parameters) and duration."""
    start = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        queries.append((sql, params, time.perf_counter() - start))


def requests_to_measure(catalog: dict) -> list[tuple[str, str]]:
    """(label, path) of each request of the table, the floor first."""
    return [
        ("a trivial view (the floor)", "/favicon.ico"),
        ("/ (home)", "/"),
        ("/papers/", "/papers/"),
        ("/papers/?page=last", f"/papers/?page={catalog['last_page']}"),
        ("/papers/?topic=…&venue=…&year=…", catalog["filtered"]),
        ("/papers/?q=transformer", "/papers/?q=transformer"),
        ("/papers/?q=residul+learning (typo)", "/papers/?q=residul+learning"),
        ("/papers/?q=증류", "/papers/?q=%EC%A6%9D%EB%A5%98"),
        ("a paper page", catalog["paper"]),
        ("/api/papers/?q=network", "/api/papers/?q=network"),
        ("/stats/", "/stats/"),
    ]


def build_catalog(papers: int, reviews: int, *, seed: int = 7, out=None) -> None:
    """The synthetic catalog, written with bulk inserts (rows for the link tables as tuples)."""
    from taggit.models import Tag

    from accounts.models import User
    from reviews.models import Category, Paper, Presenter, Review, TaggedPaper, Venue

    rng = random.Random(seed)
    roots = Category.objects.bulk_create(
        Category(name=f"Topic {i}", slug=f"topic-{i}", position=i) for i in range(30)
    )
    children = Category.objects.bulk_create(
        Category(name=f"Topic {root.position}.{j}", slug=f"topic-{root.position}-{j}", parent=root)
        for root in roots
        for j in range(9)
    )
    topics = [topic.pk for topic in [*roots, *children]]
    venues = Venue.objects.bulk_create(
        Venue(short_name=f"Venue {i}", key=f"venue{i}", slug=f"venue-{i}") for i in range(400)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"tag {i}", slug=f"tag-{i}") for i in range(3000))
    presenters = Presenter.objects.bulk_create(
        Presenter(name=f"발표자 {i}", slug=f"presenter-{i}") for i in range(60)
    )
    author = User.objects.create(username="bench-author")
    now = timezone.now()
    batch = []
    for n in range(papers):
        title = " ".join(rng.sample(WORDS, 6)).capitalize() + f" {n}"
        text = " ".join(rng.choices(WORDS, k=40))
        if n % 5 == 0:
            text += " " + rng.choice(KOREAN)
        names = rng.sample(AUTHORS, 3)
        batch.append(
            Paper(
                title=title,
                title_key=f"paper{n}",
                slug=f"paper-{n}",
                authors="\n".join(names),
                year=1986 + n % 40,
                venue_id=venues[rng.randrange(400)].pk,
                abstract=text,
                code_url="https://github.com/example/code" if n % 3 == 0 else "",
                search_text=f"{title} {' '.join(names)}".lower(),
                created_at=now - timedelta(minutes=n),
                updated_at=now,
            )
        )
        if len(batch) == 5000:
            Paper.objects.bulk_create(batch)
            batch = []
    Paper.objects.bulk_create(batch)
    ids = list(Paper.objects.order_by("pk").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        through = Paper.topics.through._meta.db_table
        cursor.executemany(
            f"INSERT INTO {through} (paper_id, category_id) VALUES (%s, %s)",
            [(pk, topic) for pk in ids for topic in rng.sample(topics, 2)],
        )
        cursor.executemany(
            f"INSERT INTO {TaggedPaper._meta.db_table} (content_object_id, tag_id) VALUES (%s, %s)",
            [(pk, tags[t].pk) for pk in ids for t in rng.sample(range(3000), 3)],
        )
    reviewed = rng.sample(ids, min(reviews, len(ids)))
    start = date.today()
    Review.objects.bulk_create(
        (
            Review(
                paper_id=pk,
                presenter=presenters[i % 60],
                summary=rng.choice(KOREAN),
                body=" ".join(rng.choices(WORDS, k=30)) + " " + rng.choice(KOREAN),
                presented_on=start - timedelta(days=i % 3000),
                status=Review.Status.PUBLISHED,
                visibility=Review.Visibility.MEMBERS if i % 10 == 0 else Review.Visibility.PUBLIC,
                published_at=now - timedelta(days=i % 3000),
                created_by=author,
            )
            for i, pk in enumerate(reviewed)
        ),
        batch_size=5000,
    )
    Paper.objects.filter(pk__in=reviewed).update(status=Paper.Status.REVIEWED)


class Command(BaseCommand):
    help = "Benchmark the public pages on a synthetic catalog: p50, p95, queries per request."

    def add_arguments(self, parser):
        parser.add_argument("--papers", type=int, default=10000)
        parser.add_argument("--reviews", type=int, help="default: a fifth of --papers")
        parser.add_argument("--repeat", type=int, default=30, help="timings per request")
        parser.add_argument("--http", metavar="URL", help="measure over HTTP against this site")
        parser.add_argument(
            "--keepdb", action="store_true", help="keep the catalog's database (and reuse it)"
        )
        parser.add_argument(
            "--explain", action="store_true", help="print the plan of each request's slowest query"
        )

    def handle(self, *args, papers, reviews, repeat, http, keepdb, explain, **options):
        from reviews.models import Paper

        if reviews is None:
            reviews = papers // 5
        setup_test_environment()
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keepdb)
        try:
            count = Paper.objects.count()
            if count not in (0, papers):
                raise CommandError(
                    f"The kept database holds {count} papers, not {papers}: run without --keepdb."
                )
            if not count:
                start = time.perf_counter()
                build_catalog(papers, reviews)
                built = time.perf_counter() - start
                start = time.perf_counter()
                call_command("reindex", stdout=self.stdout)
                self.stdout.write(
                    f"{connection.vendor}: {papers} papers, {reviews} reviews: rows written in "
                    f"{built:.1f} s, reindexed in {time.perf_counter() - start:.1f} s"
                )
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("ANALYZE")
            self.measure(self.catalog(), repeat=repeat, http=http, explain=explain)
        finally:
            for alias in connections:
                connections[alias].close()
            if not keepdb:
                connection.creation.destroy_test_db(old_name, verbosity=0)

    def catalog(self) -> dict:
        from reviews.models import Category, Paper, Venue
        from reviews.views.catalog import PAGE_SIZE

        paper = Paper.objects.filter(reviews__isnull=False).order_by("pk").first()
        topic = Category.objects.roots().order_by("pk").first()
        venue = Venue.objects.order_by("pk")[7]
        return {
            "last_page": max(1, -(-Paper.objects.count() // PAGE_SIZE)),
            "filtered": f"/papers/?topic={topic.slug}&venue={venue.slug}&year=2010",
            "paper": paper.get_absolute_url(),
        }

    def measure(self, catalog, *, repeat, http, explain):
        client = Client()
        self.stdout.write(f"{'request':<40}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'status':>8}")
        for label, path in requests_to_measure(catalog):
            queries = []
            with connection.execute_wrapper(partial(record, queries)):
                status = client.get(path).status_code  # warms caches; counts the queries
            timings = []
            for _ in range(repeat):
                start = time.perf_counter()
                if http:
                    status = self.fetch(http.rstrip("/") + path)
                else:
                    status = client.get(path).status_code
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            self.stdout.write(
                f"{label:<40}{statistics.median(timings):>9.1f}{p95:>9.1f}"
                f"{len(queries):>9}{status:>8}"
            )
            self.stdout.flush()
            if explain:
                self.explain(queries)

    def fetch(self, url: str) -> int:
        from urllib.error import HTTPError
        from urllib.request import urlopen

        try:
            with urlopen(url) as response:
                response.read()
                return response.status
        except HTTPError as error:
            return error.code

    def explain(self, queries):
        """The plan of the request's slowest query (PostgreSQL: EXPLAIN ANALYZE)."""
        if connection.vendor != "postgresql" or not queries:
            return
        sql, params, seconds = max(queries, key=lambda query: query[2])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
            plan = "\n".join(f"    {row[0]}" for row in cursor.fetchall())
        self.stdout.write(f"  slowest query ({seconds * 1000:.1f} ms):\n{plan}")
