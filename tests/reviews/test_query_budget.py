"""Every public page runs a bounded number of queries, whatever the size of the catalog."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reviews.models import Nomination, Paper, Review, TaggedPaper
from tests.factories import (
    CategoryFactory,
    CollectionEntryFactory,
    CollectionFactory,
    NominationFactory,
    PaperFactory,
    PresenterFactory,
    ReviewFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12

WORDS = [
    "deep",
    "residual",
    "attention",
    "vision",
    "transformer",
    "knowledge",
    "distillation",
    "contrastive",
    "learning",
    "diffusion",
    "segmentation",
    "detection",
    "graph",
    "network",
    "language",
    "model",
    "pruning",
    "quantization",
]


def build_catalog(papers: int, *, seed: int = 7, prefix: str = "") -> dict:
    """A catalog shaped like the demo: topics with subtopics, venues, tags, reviews, talks."""
    rng = random.Random(seed)
    roots = [
        CategoryFactory(name=prefix + name) for name in ("CNN", "Transformer", "Generative", "XAI")
    ]
    topics = roots + [
        CategoryFactory(name=f"{root.name} {sub}", parent=root)
        for root in roots
        for sub in ("Classification", "Detection")
    ]
    venues = [
        VenueFactory(short_name=prefix + name) for name in ("CVPR", "NeurIPS", "ICLR", "arXiv")
    ]
    presenters = [PresenterFactory(name=f"{prefix}발표자 {i}") for i in range(8)]
    tags = [f"tag-{i}" for i in range(20)]
    created = []
    for i in range(papers):
        title = " ".join(rng.sample(WORDS, 4)).title() + f" {i}"
        paper = PaperFactory(
            title=title,
            year=rng.randint(2012, 2024),
            venue=rng.choice(venues),
            abstract="We study " + " ".join(rng.sample(WORDS, 6)) + ".",
            code_url="https://github.com/example/code" if i % 3 == 0 else "",
            status=rng.choice(list(Paper.Status)),
        )
        paper.topics.add(*rng.sample(topics, 2))
        created.append(paper)
    TaggedPaper.objects.bulk_create(
        [
            TaggedPaper(content_object=paper, tag=tag)
            for paper in created
            for tag in _tags(rng.sample(tags, 2))
        ]
    )
    today = timezone.localdate()
    author = UserFactory(
        username=f"{prefix}catalog-author"
    )  # one account: hashing passwords is slow
    for i, paper in enumerate(created[: max(papers // 5, 3)]):
        ReviewFactory(
            paper=paper,
            presenter=presenters[i % len(presenters)],
            presented_on=today - datetime.timedelta(days=7 * i + 1),
            body="지식 증류를 적용했다. Residual connections help.",
            visibility=Review.Visibility.PUBLIC if i % 4 else Review.Visibility.MEMBERS,
            created_by=author,
        )
    for i, paper in enumerate(created[-5:]):
        NominationFactory(
            paper=paper,
            status=Nomination.Status.SCHEDULED,
            presenter=presenters[i],
            scheduled_for=today + datetime.timedelta(days=7 * (i + 1)),
            nominated_by=author,
        )
    collection = CollectionFactory(title=f"{prefix}Research trends")
    for paper in created[:10]:
        CollectionEntryFactory(collection=collection, paper=paper, note="Why it matters.")
    return {
        "topic": roots[0],
        "venue": venues[0],
        "tag": "tag-1",
        "presenter": presenters[0],
        "paper": created[0],
        "collection": collection,
    }


def _tags(names):
    from taggit.models import Tag

    return [Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in names]


def demo_catalog() -> dict:
    """The demo catalog (``load_demo``: the committed fixture), and what the pages look at."""
    from django.db.models import Count

    from reviews.models import Category, Collection, Presenter, Venue

    call_command("load_demo")
    paper = Paper.objects.filter(reviews__isnull=False).order_by("pk").first()
    paper.tags.add("residual")
    return {
        "topic": Category.objects.roots().filter(children__isnull=False).first(),
        "venue": Venue.objects.annotate(n=Count("papers")).order_by("-n").first(),
        "tag": "residual",
        "presenter": Presenter.objects.public().first(),
        "paper": paper,
        "collection": Collection.objects.first(),
    }


def public_urls(catalog) -> list[str]:
    topic = catalog["topic"]
    return [
        reverse("reviews:home"),
        reverse("reviews:paper-list"),
        reverse("reviews:paper-list") + "?page=2",
        reverse("reviews:paper-list") + f"?topic={topic.slug}&venue={catalog['venue'].slug}",
        reverse("reviews:paper-list")
        + f"?q=residual&year_min=2015&year_max=2022&has_code=1&tag={catalog['tag']}"
        + f"&presenter={catalog['presenter'].slug}&status=reviewed&sort=title",
        reverse("reviews:paper-list") + "?q=지식+증류",
        catalog["paper"].get_absolute_url(),
        topic.get_absolute_url(),
        catalog["venue"].get_absolute_url(),
        reverse("reviews:tag-detail", args=[catalog["tag"]]),
        catalog["presenter"].get_absolute_url(),
        catalog["collection"].get_absolute_url(),
        reverse("reviews:schedule"),
        reverse("reviews:stats"),
    ]


@pytest.mark.parametrize("scale", [1, 10], ids=["demo", "ten-times-larger"])
def test_every_public_page_runs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, scale
):
    catalog = demo_catalog()
    demo_size = Paper.objects.count()
    if scale > 1:  # nine times as many papers again, with topics, tags, reviews and talks
        build_catalog((scale - 1) * demo_size, prefix="Synthetic ")
    assert Paper.objects.count() == scale * demo_size
    for url in public_urls(catalog):
        with django_assert_max_num_queries(QUERY_BUDGET, info=url):
            response = client.get(url)
        assert response.status_code == 200, url


def test_htmx_catalog_update_stays_within_the_budget(client, django_assert_max_num_queries):
    build_catalog(60)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("reviews:paper-list") + "?q=deep", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
