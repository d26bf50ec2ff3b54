"""The catalog: topics, venues, papers, presenters, reviews, collections and the reading queue."""

import hashlib
import re
import unicodedata
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Lower
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from .slides import slides_storage

URL_MAX_LENGTH = 500


def normalize_key(text: str) -> str:
    """Lower-case letters and digits only: "Arxiv", "arXiv" and "ArXiv " give "arxiv"."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "", text)


def fallback_slug(text: str, prefix: str) -> str:
    """A slug for a name that ``slugify`` empties ("?", ">", "🤖"): ``prefix`` and a token
    derived from the name, so the same name always gets the same slug ("tag-3f1c9a0e")."""
    return f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def slug_for(text: str, *, prefix: str = "item", max_length: int = 80) -> str:
    """``slugify(text)``, never empty: URLs are reversed with it."""
    return slugify(text, allow_unicode=True)[:max_length].strip("-") or fallback_slug(text, prefix)


def unique_slug(
    instance: models.Model, text: str, *, max_length: int = 80, prefix: str = "item"
) -> str:
    """A slug for ``text`` not yet used by another row of the instance's model."""
    base = slug_for(text, prefix=prefix, max_length=max_length)
    manager = type(instance)._default_manager
    slug, n = base, 2
    while manager.filter(slug=slug).exclude(pk=instance.pk).exists():
        suffix = f"-{n}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return slug


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


# --- Topics -------------------------------------------------------------------------------------


def subquery_count(queryset: models.QuerySet, field: str = "pk", *, distinct: bool = False):
    """How many rows (or distinct values of ``field``) ``queryset`` holds, as an expression for
    an outer query (``queryset`` refers to it with ``OuterRef``); 0 rather than NULL.

    A correlated ``COUNT`` without the ``GROUP BY`` that ``Count`` would add to the outer query.
    """
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    counted = queryset.order_by().annotate(
        _n=models.Func(field, function="COUNT", template=template)
    )
    return Coalesce(models.Subquery(counted.values("_n")[:1]), 0)


class CategoryQuerySet(models.QuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)

    def with_paper_counts(self):
        """Annotate ``paper_count`` and ``reviewed_count``: the papers in the topic or in one of
        its subtopics (each paper once), and how many of them visitors see as reviewed."""
        links = Paper.topics.through.objects.filter(
            Q(category=OuterRef("pk")) | Q(category__parent=OuterRef("pk"))
        )
        return self.annotate(
            paper_count=subquery_count(links, "paper_id", distinct=True),
            reviewed_count=subquery_count(
                links.filter(paper__public_status=Paper.Status.REVIEWED), "paper_id", distinct=True
            ),
        )


class Category(models.Model):
    """A topic of the catalog, at most one level deep ("CNN › Classification")."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent topic"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(Lower("name"), "parent", name="category_unique_name_in_parent"),
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(parent__isnull=True),
                name="category_unique_root_name",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="category_not_own_parent"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="category_slug_not_empty"),
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, prefix="topic")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reviews:topic-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A topic cannot be its own parent.")})
            if self.parent.parent_id:
                raise ValidationError(
                    {"parent": _("Topics nest one level only: choose a top-level topic.")}
                )
            if self.pk and self.children.exists():
                raise ValidationError(
                    {"parent": _("This topic has subtopics, so it cannot have a parent.")}
                )


# --- Venues -------------------------------------------------------------------------------------


class VenueQuerySet(models.QuerySet):
    def resolve(self, name: str):
        """The venue that ``name`` denotes, by short name or alias, whatever its case; or None."""
        key = Venue.canonical_key(name)
        if not key:
            return None
        venue = self.filter(key=key).first()
        if venue is None:
            for candidate in self.exclude(aliases=""):
                if key in candidate.alias_keys():
                    return candidate
        return venue


class Venue(models.Model):
    """Where a paper appeared. One row per real venue: "Arxiv", "arXiv" and "ArXiv" are one."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        JOURNAL = "journal", _("Journal")
        WORKSHOP = "workshop", _("Workshop")
        PREPRINT = "preprint", _("Preprint")
        OTHER = "other", _("Other")

    # Spellings that name the same venue; the key on the right is the canonical one.
    KNOWN_ALIASES = {
        "nips": "neurips",
        "neuralips": "neurips",
        "arxivpreprint": "arxiv",
        "corr": "arxiv",
        "techreportarxiv": "arxiv",
        "techreportarxivv2": "arxiv",
    }
    # Canonical spelling, full name and kind of venues study groups meet every week.
    KNOWN_VENUES = {
        "arxiv": ("arXiv", "arXiv preprint", Kind.PREPRINT),
        "neurips": (
            "NeurIPS",
            "Conference on Neural Information Processing Systems",
            Kind.CONFERENCE,
        ),
        "cvpr": (
            "CVPR",
            "IEEE/CVF Conference on Computer Vision and Pattern Recognition",
            Kind.CONFERENCE,
        ),
        "iccv": ("ICCV", "IEEE/CVF International Conference on Computer Vision", Kind.CONFERENCE),
        "eccv": ("ECCV", "European Conference on Computer Vision", Kind.CONFERENCE),
        "iclr": ("ICLR", "International Conference on Learning Representations", Kind.CONFERENCE),
        "icml": ("ICML", "International Conference on Machine Learning", Kind.CONFERENCE),
        "aaai": ("AAAI", "AAAI Conference on Artificial Intelligence", Kind.CONFERENCE),
        "miccai": (
            "MICCAI",
            "Medical Image Computing and Computer Assisted Intervention",
            Kind.CONFERENCE,
        ),
        "bmvc": ("BMVC", "British Machine Vision Conference", Kind.CONFERENCE),
        "wacv": (
            "WACV",
            "IEEE/CVF Winter Conference on Applications of Computer Vision",
            Kind.CONFERENCE,
        ),
        "acl": (
            "ACL",
            "Annual Meeting of the Association for Computational Linguistics",
            Kind.CONFERENCE,
        ),
        "emnlp": (
            "EMNLP",
            "Conference on Empirical Methods in Natural Language Processing",
            Kind.CONFERENCE,
        ),
        "naacl": ("NAACL", "North American Chapter of the ACL", Kind.CONFERENCE),
        "kdd": (
            "KDD",
            "ACM SIGKDD Conference on Knowledge Discovery and Data Mining",
            Kind.CONFERENCE,
        ),
        "tpami": (
            "TPAMI",
            "IEEE Transactions on Pattern Analysis and Machine Intelligence",
            Kind.JOURNAL,
        ),
        "jmlr": ("JMLR", "Journal of Machine Learning Research", Kind.JOURNAL),
        "nature": ("Nature", "Nature", Kind.JOURNAL),
        "ieeeaccess": ("IEEE Access", "IEEE Access", Kind.JOURNAL),
        "distill": ("Distill", "Distill", Kind.JOURNAL),
    }

    short_name = models.CharField(_("short name"), max_length=60)
    key = models.CharField(_("key"), max_length=60, unique=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CONFERENCE)
    aliases = models.CharField(
        _("aliases"),
        max_length=300,
        blank=True,
        help_text=_("Other spellings of this venue, separated by commas (e.g. NIPS)."),
    )
    url = models.URLField(_("website"), max_length=URL_MAX_LENGTH, blank=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="venue_slug_not_empty"),
        ]

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        self.key = self.canonical_key(self.short_name)
        if not self.slug:
            self.slug = unique_slug(self, self.short_name, prefix="venue")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reviews:venue-detail", kwargs={"slug": self.slug})

    @classmethod
    def canonical_key(cls, name: str) -> str:
        key = normalize_key(name)
        return cls.KNOWN_ALIASES.get(key, key)

    @classmethod
    def defaults_for(cls, name: str) -> dict:
        """Field values for a new venue called ``name``: known venues get their canonical form."""
        known = cls.KNOWN_VENUES.get(cls.canonical_key(name))
        if known:
            short_name, full_name, kind = known
            return {"short_name": short_name, "full_name": full_name, "kind": kind}
        return {"short_name": name.strip()}

    def alias_keys(self) -> set[str]:
        return {self.canonical_key(alias) for alias in self.aliases.split(",") if alias.strip()}

    def clean(self):
        super().clean()
        key = self.canonical_key(self.short_name)
        if not key:
            raise ValidationError({"short_name": _("Give the venue a name with letters.")})
        clash = Venue.objects.exclude(pk=self.pk).filter(key=key).first()
        if clash:
            raise ValidationError(
                {"short_name": _("%(venue)s is already this venue.") % {"venue": clash}}
            )


# --- Papers -------------------------------------------------------------------------------------


class TaggedPaper(TaggedItemBase):
    content_object = models.ForeignKey("Paper", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("paper tag")
        verbose_name_plural = _("paper tags")


@receiver(pre_save, sender=Tag)
def tag_slug_never_empty(sender, instance, **kwargs):
    """taggit slugifies "?" or ">" to "", and a tag page cannot be linked with an empty slug.

    taggit's ``Tag.save()`` is not ours to override, so its derived slug is completed here.
    """
    if not instance.slug:
        instance.slug = fallback_slug(instance.name, "tag")


class PaperQuerySet(models.QuerySet):
    def for_catalog(self):
        """Everything a list of paper cards shows, without a query per card."""
        return self.select_related("venue").prefetch_related("topics__parent", "tags")

    def with_code(self):
        return self.exclude(code_url="", our_code_url="")

    def update(self, **kwargs):
        """Writing the reading status in bulk writes what visitors see of it too."""
        status = kwargs.get("status")
        if status is None or "public_status" in kwargs:
            return super().update(**kwargs)
        if isinstance(status, str):
            return super().update(**kwargs, public_status=Paper.public_status_for(status))
        ids = list(self.values_list("pk", flat=True))  # an expression: derive it once written
        count = super().update(**kwargs)
        Paper.objects.filter(pk__in=ids).refresh_public_status()
        return count

    def refresh_public_status(self) -> int:
        """Derive ``public_status`` again from the status, the reviews and the links (after a
        review is written or deleted, or for a ``reindex``)."""
        return self.update(
            public_status=models.Case(
                models.When(
                    status=Paper.Status.REVIEWED,
                    then=Paper.public_status_for(Paper.Status.REVIEWED),
                ),
                default=models.F("status"),
            )
        )

    def with_review_counts(self):
        """Annotate ``public_review_count``: the published public reviews of each paper."""
        return self.annotate(
            public_review_count=subquery_count(Review.objects.public().filter(paper=OuterRef("pk")))
        )

    def find_existing(self, *, arxiv_id: str = "", doi: str = "", title: str = ""):
        """The paper that is the same as the one described, or None.

        The same arXiv id, the same DOI, or the same title once normalised.
        """
        if arxiv_id:
            found = self.filter(arxiv_id=Paper.normalize_arxiv_id(arxiv_id)).first()
            if found:
                return found
        if doi:
            found = self.filter(doi=Paper.normalize_doi(doi)).first()
            if found:
                return found
        if title and (key := normalize_key(title)):
            return self.filter(title_key=key).first()
        return None


class Paper(TimeStampedModel):
    class Status(models.TextChoices):
        TO_READ = "to_read", _("To read")
        SCHEDULED = "scheduled", _("Scheduled")
        # Only what visitors see (public_status): the talk was given, nothing written to read.
        PRESENTED = "presented", _("Presented")
        REVIEWED = "reviewed", _("Reviewed")

    # The statuses the group sets (``status``); "presented" is derived for visitors.
    GROUP_STATUSES = [
        (s.value, s.label) for s in (Status.TO_READ, Status.SCHEDULED, Status.REVIEWED)
    ]

    # Link fields, in the order a paper page shows them, with their labels.
    LINK_FIELDS = (
        "url",
        "pdf_url",
        "code_url",
        "our_code_url",
        "summary_url",
        "slides_url",
        "review_url",
        "video_url",
    )
    # The paper's own links to the group's notes, slides or review (a README's evidence).
    GROUP_LINK_FIELDS = ("summary_url", "slides_url", "review_url")
    # Those of them that are written notes or a review, not only a talk's slides.
    WRITTEN_LINK_FIELDS = ("summary_url", "review_url")

    title = models.CharField(_("title"), max_length=400)
    title_key = models.CharField(max_length=400, editable=False, db_index=True)
    short_name = models.CharField(
        _("short name"),
        max_length=80,
        blank=True,
        help_text=_('What the group calls it: "ResNet".'),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    authors = models.TextField(
        _("authors"), blank=True, help_text=_("One author per line, in the paper's order.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers",
        verbose_name=_("venue"),
    )
    institutions = models.CharField(_("institutions"), max_length=400, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    arxiv_id = models.CharField(_("arXiv id"), max_length=40, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    topics = models.ManyToManyField(
        Category, blank=True, related_name="papers", verbose_name=_("topics")
    )
    tags = TaggableManager(through=TaggedPaper, blank=True, verbose_name=_("tags"))
    status = models.CharField(
        _("reading status"), max_length=20, choices=GROUP_STATUSES, default=Status.TO_READ
    )
    # What visitors see of ``status`` (see ``public_status_for``), kept by save(), by the
    # querysets' update() and by the reviews' save() and delete(). Members and staff see
    # ``status`` itself.
    public_status = models.CharField(
        _("reading status shown to visitors"),
        max_length=20,
        choices=Status,
        default=Status.TO_READ,
        editable=False,
    )

    url = models.URLField(_("paper page"), max_length=URL_MAX_LENGTH, blank=True)
    pdf_url = models.URLField(_("PDF"), max_length=URL_MAX_LENGTH, blank=True)
    code_url = models.URLField(_("official code"), max_length=URL_MAX_LENGTH, blank=True)
    our_code_url = models.URLField(_("our code"), max_length=URL_MAX_LENGTH, blank=True)
    summary_url = models.URLField(_("summary"), max_length=URL_MAX_LENGTH, blank=True)
    slides_url = models.URLField(_("slides"), max_length=URL_MAX_LENGTH, blank=True)
    review_url = models.URLField(_("review document"), max_length=URL_MAX_LENGTH, blank=True)
    video_url = models.URLField(_("video"), max_length=URL_MAX_LENGTH, blank=True)

    # Derived search data (reviews/search.py). ``search_text`` comes from the paper's own fields
    # and is filled by save(); the two vectors also hold venue, tags and public reviews and are
    # filled by ``reviews.search.refresh_search_index`` (PostgreSQL only).
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    search_bigrams = SearchVectorField(null=True, editable=False)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        constraints = [
            models.UniqueConstraint(
                fields=["arxiv_id"], condition=~Q(arxiv_id=""), name="paper_unique_arxiv_id"
            ),
            models.UniqueConstraint(fields=["doi"], condition=~Q(doi=""), name="paper_unique_doi"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="paper_year_plausible",
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["public_status"]),
            models.Index(fields=["year"]),
            models.Index(
                fields=["created_at", "id"], name="paper_created_id"
            ),  # the catalog's order
            # PostgreSQL only (migration 0002 skips them elsewhere): full text, Hangul bigrams
            # and trigrams for typos.
            GinIndex(fields=["search_vector"], name="paper_search_vector_gin"),
            GinIndex(fields=["search_bigrams"], name="paper_search_bigrams_gin"),
            GinIndex(
                fields=["search_text"], opclasses=["gin_trgm_ops"], name="paper_search_text_trgm"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.arxiv_id = self.normalize_arxiv_id(self.arxiv_id)
        self.doi = self.normalize_doi(self.doi)
        self.title_key = normalize_key(self.title)
        self.search_text = " ".join(
            part for part in (self.title, self.short_name, " ".join(self.author_list)) if part
        ).lower()
        if not self.slug:
            self.slug = unique_slug(self, self.short_name or self.title, max_length=90)
        self.public_status = self._derive_public_status()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "public_status"}
        super().save(*args, **kwargs)
        # The search vectors also hold tags and reviews, saved after the paper: refresh them
        # once the transaction that writes them commits.
        from .search import schedule_search_refresh

        schedule_search_refresh([self.pk], using=kwargs.get("using") or self._state.db)

    def get_absolute_url(self):
        return reverse("reviews:paper-detail", kwargs={"slug": self.slug})

    @classmethod
    def public_status_for(cls, status: str, *, group_links: bool | None = None):
        """What visitors see of a paper whose reading status is ``status``: an expression on
        the paper's row, for ``update()`` and ``annotate()``.

        Only "reviewed" can say more than visitors may read. They see it when a review they may
        read has something written (a summary, a body or a link to notes), when the paper links
        the group's notes or review, or when no review of the paper was ever published (a
        curator's word). They see "presented" when what they may see is only the talk: a public
        review with nothing written (an imported talk), or the paper's link to the slides. When
        it rests on reviews for members only (or on ones unpublished since), they see the talk as
        scheduled if one was, and the paper as to read otherwise. ``group_links`` says whether
        the paper has written links (summary, review: "reviewed" without a query) or only the
        slides' ("slides") when the caller knows it already (None: read the row's).
        """
        if status != cls.Status.REVIEWED or group_links is True:
            return models.Value(status)
        reviewed = models.Value(cls.Status.REVIEWED)
        presented = models.Value(cls.Status.PRESENTED)
        reviews = Review.objects.filter(paper=OuterRef("pk"))
        published_once = Q(status=Review.Status.PUBLISHED) | Q(published_at__isnull=False)
        talks = Nomination.objects.filter(
            paper=OuterRef("pk"),
            status__in=[Nomination.Status.SCHEDULED, Nomination.Status.DONE],
        )
        evidence = [models.When(Exists(reviews.public().written()), then=reviewed)]
        if group_links is None:
            written = Q()
            for name in cls.WRITTEN_LINK_FIELDS:
                written |= ~Q(**{name: ""})
            evidence.append(models.When(written, then=reviewed))
        evidence.append(models.When(Exists(reviews.public()), then=presented))
        if group_links is None:
            evidence.append(models.When(~Q(slides_url=""), then=presented))
        elif group_links == "slides":
            return models.Case(*evidence, default=presented)
        evidence.append(models.When(~Exists(reviews.filter(published_once)), then=reviewed))
        return models.Case(
            *evidence,
            models.When(Exists(talks), then=models.Value(cls.Status.SCHEDULED)),
            default=models.Value(cls.Status.TO_READ),
        )

    def _derive_public_status(self) -> str:
        """``public_status`` for the values about to be saved (a query only for a reviewed
        paper without the group's links, to look at its reviews)."""
        written = any(getattr(self, name) for name in self.WRITTEN_LINK_FIELDS)
        if self.status != self.Status.REVIEWED or written:
            return self.status
        if self._state.adding:  # no review yet: the curator's word, or the talk's slides
            return self.Status.PRESENTED if self.slides_url else self.status
        group_links = "slides" if self.slides_url else False
        expression = self.public_status_for(self.status, group_links=group_links)
        derived = Paper.objects.filter(pk=self.pk).values_list(expression, flat=True).first()
        return derived or self.status

    @staticmethod
    def normalize_arxiv_id(value: str) -> str:
        """ "arXiv:2012.12877v2" and "https://arxiv.org/abs/2012.12877" give "2012.12877"."""
        value = value.strip()
        value = re.sub(
            r"^(https?://)?(www\.)?(export\.)?arxiv\.org/(abs|pdf)/", "", value, flags=re.I
        )
        value = re.sub(r"^arxiv:", "", value, flags=re.I)
        value = re.sub(r"\.pdf$", "", value, flags=re.I)
        return re.sub(r"v\d+$", "", value)

    @staticmethod
    def normalize_doi(value: str) -> str:
        """DOIs are case-insensitive; store them bare and lower-case."""
        value = value.strip()
        value = re.sub(r"^(https?://)?(dx\.)?doi\.org/", "", value, flags=re.I)
        return re.sub(r"^doi:\s*", "", value, flags=re.I).lower()

    @property
    def author_list(self) -> list[str]:
        return [line.strip() for line in self.authors.splitlines() if line.strip()]

    @property
    def authors_display(self) -> str:
        names = self.author_list
        if len(names) > 3 and "et al" not in names[-1]:
            return f"{names[0]} et al."
        return ", ".join(names)

    @property
    def has_code(self) -> bool:
        return bool(self.code_url or self.our_code_url)

    def links(self) -> list[tuple[str, str, str]]:
        """(field name, label, url) for every link the paper has, in display order."""
        return [
            (name, self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.LINK_FIELDS
            if getattr(self, name)
        ]

    def clean(self):
        super().clean()
        self.arxiv_id = self.normalize_arxiv_id(self.arxiv_id)
        self.doi = self.normalize_doi(self.doi)
        if self.arxiv_id and not re.fullmatch(
            r"\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7}", self.arxiv_id
        ):
            raise ValidationError(
                {"arxiv_id": _("This is not an arXiv identifier (e.g. 1512.03385).")}
            )
        if self.doi and not self.doi.startswith("10."):
            raise ValidationError({"doi": _("A DOI starts with 10. (e.g. 10.1109/CVPR.2016.90).")})


# --- People and reviews -------------------------------------------------------------------------


class PresenterQuerySet(models.QuerySet):
    def public(self):
        """Presenters a visitor may know of: with a published public review or a scheduled talk.

        A member who has only saved a draft (or only members-only reviews) stays private.
        """
        return self.filter(
            Exists(Review.objects.public().filter(presenter=OuterRef("pk")))
            | Exists(
                Nomination.objects.filter(
                    status=Nomination.Status.SCHEDULED, presenter=OuterRef("pk")
                )
            )
        )

    def visible_to(self, user):
        """Visitors see public presenters; members also those of the reviews they may read and
        themselves; staff see everyone."""
        if user is None or not user.is_authenticated:
            return self.public()
        if user.is_staff:
            return self.all()
        return self.filter(
            Exists(Review.objects.visible_to(user).filter(presenter=OuterRef("pk")))
            | Exists(
                Nomination.objects.filter(
                    status=Nomination.Status.SCHEDULED, presenter=OuterRef("pk")
                )
            )
            | Q(user=user)
        )


class Presenter(models.Model):
    """Someone who presented papers to the group; past presenters may never have had an account."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, allow_unicode=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    bio = models.TextField(_("short bio"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presenter",
        verbose_name=_("account"),
    )

    objects = PresenterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("presenter")
        verbose_name_plural = _("presenters")
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="presenter_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, prefix="presenter")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reviews:presenter-detail", kwargs={"slug": self.slug})


def slides_upload_to(instance: "Review", filename: str) -> str:
    """Slides are stored under generated names; the original name is kept in ``slides_name``."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"slides/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def thumbnail_upload_to(instance: "Review", filename: str) -> str:
    return f"slides/thumbnails/{uuid.uuid4().hex}.png"


def rendition_upload_to(instance: "Review", filename: str) -> str:
    return f"slides/renditions/{uuid.uuid4().hex}.pdf"


class ReviewQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Review.Status.PUBLISHED)

    def public(self):
        """What a visitor may read: published and public."""
        return self.published().filter(visibility=Review.Visibility.PUBLIC)

    def visible_to(self, user):
        """Visitors see public reviews; members also see members-only ones and their own drafts;
        staff see everything."""
        if not user.is_authenticated:
            return self.public()
        if user.is_staff:
            return self.all()
        return self.filter(Q(status=Review.Status.PUBLISHED) | Q(created_by=user))

    def written(self):
        """Reviews with something written to read: a summary, a body or a link to notes (not
        only the record of a talk and its slides)."""
        return self.exclude(summary="", body="", summary_url="")

    def for_listing(self):
        return self.select_related("paper__venue", "presenter")

    # Fields that decide what visitors see of a paper's status (Paper.public_status_for).
    VISIBILITY_FIELDS = {
        "paper",
        "paper_id",
        "status",
        "visibility",
        "published_at",
        "summary",
        "body",
        "summary_url",
    }

    def update(self, **kwargs):
        """Bulk changes keep their papers' visitor status and search data too."""
        from .search import schedule_search_refresh

        if not (self.VISIBILITY_FIELDS | {"summary", "body"}) & kwargs.keys():
            return super().update(**kwargs)
        paper_ids = set(self.values_list("paper_id", flat=True))
        count = super().update(**kwargs)
        moved_to = kwargs.get("paper_id", kwargs.get("paper"))
        paper_ids.add(getattr(moved_to, "pk", moved_to))
        Paper.objects.filter(pk__in=paper_ids - {None}).refresh_public_status()
        schedule_search_refresh(paper_ids, using=self.db)
        return count

    def delete(self):
        from .search import schedule_search_refresh

        paper_ids = set(self.values_list("paper_id", flat=True))
        deleted = super().delete()
        Paper.objects.filter(pk__in=paper_ids).refresh_public_status()
        schedule_search_refresh(paper_ids, using=self.db)
        return deleted


class SlidesState(models.TextChoices):
    NONE = "", _("No slides")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    DOWNLOAD_ONLY = "download_only", _("Download only")
    FAILED = "failed", _("Failed")


class Review(TimeStampedModel):
    SlidesState = SlidesState

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("paper")
    )
    presenter = models.ForeignKey(
        Presenter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("presenter"),
    )
    summary = models.CharField(_("one-line summary"), max_length=300, blank=True)
    body = models.TextField(_("review"), blank=True, help_text=_("Markdown, with $math$."))
    presented_on = models.DateField(_("presented on"), null=True, blank=True)
    slides = models.FileField(
        _("slides file"), upload_to=slides_upload_to, storage=slides_storage, blank=True
    )
    slides_name = models.CharField(_("slides file name"), max_length=255, blank=True)
    slides_thumbnail = models.ImageField(
        _("slides thumbnail"),
        upload_to=thumbnail_upload_to,
        storage=slides_storage,
        blank=True,
        editable=False,
    )
    # PPTX and PPT slides get a PDF rendition for the inline viewer; made with the thumbnail by
    # the background task ``reviews.tasks.process_slides``.
    slides_pdf = models.FileField(
        _("slides as PDF"),
        upload_to=rendition_upload_to,
        storage=slides_storage,
        blank=True,
        editable=False,
    )
    slides_state = models.CharField(
        _("slides processing"),
        max_length=20,
        choices=SlidesState,
        default=SlidesState.NONE,
        blank=True,
        editable=False,
    )
    slides_error = models.TextField(_("slides processing error"), blank=True, editable=False)
    slides_url = models.URLField(_("slides link"), max_length=URL_MAX_LENGTH, blank=True)
    summary_url = models.URLField(_("summary link"), max_length=URL_MAX_LENGTH, blank=True)
    video_url = models.URLField(_("video link"), max_length=URL_MAX_LENGTH, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility, default=Visibility.PUBLIC
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("created by"),
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-presented_on", "-created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [models.Index(fields=["status", "visibility"])]

    def __str__(self):
        who = f" ({self.presenter})" if self.presenter_id else ""
        return f"{self.paper}{who}"

    def save(self, *args, **kwargs):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)
        # What visitors see of the paper's status depends on which reviews they may read.
        papers = {self.paper_id, self._stored_paper_id} - {None}
        Paper.objects.filter(pk__in=papers).refresh_public_status()
        self._stored_paper_id = self.paper_id
        # Public reviews are searchable text of their paper, whoever saves them.
        from .search import schedule_search_refresh

        schedule_search_refresh(papers, using=kwargs.get("using") or self._state.db)

    def get_absolute_url(self):
        return reverse("reviews:review-detail", kwargs={"pk": self.pk})

    # The paper the row had when loaded: a review moved to another paper changes both.
    _stored_paper_id = None

    @classmethod
    def from_db(cls, db, field_names, values):
        review = super().from_db(db, field_names, values)
        review._stored_paper_id = review.__dict__.get("paper_id")
        return review

    def delete(self, *args, **kwargs):
        from .search import schedule_search_refresh

        paper_id = self.paper_id
        deleted = super().delete(*args, **kwargs)
        Paper.objects.filter(pk=paper_id).refresh_public_status()
        schedule_search_refresh([paper_id], using=self._state.db)
        return deleted

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.is_published and self.visibility == self.Visibility.PUBLIC

    @property
    def is_written(self) -> bool:
        """Something to read (see ``ReviewQuerySet.written``); else the record of a talk."""
        return bool(self.summary or self.body or self.summary_url)


# --- Collections --------------------------------------------------------------------------------


class Collection(TimeStampedModel):
    """An ordered, annotated list of papers: a monthly research-trends digest or a reading list."""

    class Kind(models.TextChoices):
        TRENDS = "trends", _("Research trends")
        READING_LIST = "reading_list", _("Reading list")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.READING_LIST)
    month = models.DateField(
        _("month"),
        null=True,
        blank=True,
        help_text=_("For a monthly digest: any day of the month."),
    )
    description = models.TextField(_("description"), blank=True)
    papers = models.ManyToManyField(
        Paper, through="CollectionEntry", related_name="collections", verbose_name=_("papers")
    )

    class Meta:
        ordering = ["-month", "title"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.month:
            self.month = self.month.replace(day=1)
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reviews:collection-detail", kwargs={"slug": self.slug})


class CollectionEntry(models.Model):
    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="entries", verbose_name=_("collection")
    )
    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="collection_entries", verbose_name=_("paper")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("collection entry")
        verbose_name_plural = _("collection entries")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "paper"], name="collection_entry_unique_paper"
            )
        ]

    def __str__(self):
        return f"{self.collection}: {self.paper}"


# --- Reading queue ------------------------------------------------------------------------------


class NominationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Nomination.Status.OPEN)

    def ranked(self):
        """Most votes first, then the oldest nomination."""
        return self.annotate(vote_count=Count("votes")).order_by("-vote_count", "created_at")

    def with_user_vote(self, user):
        if not user.is_authenticated:
            return self.annotate(user_voted=models.Value(False))
        return self.annotate(
            user_voted=Exists(Vote.objects.filter(nomination=OuterRef("pk"), user=user))
        )

    def upcoming(self):
        return self.filter(
            status=Nomination.Status.SCHEDULED, scheduled_for__gte=timezone.localdate()
        ).order_by("scheduled_for")

    def update(self, **kwargs):
        """A talk scheduled, moved to another paper or called off in bulk changes what visitors
        see of its paper, as one saved alone does."""
        if not {"status", "paper", "paper_id"} & kwargs.keys():
            return super().update(**kwargs)
        paper_ids = set(self.values_list("paper_id", flat=True))
        count = super().update(**kwargs)
        paper_ids.add(kwargs.get("paper_id", getattr(kwargs.get("paper"), "pk", None)))
        Paper.objects.filter(pk__in=paper_ids - {None}).refresh_public_status()
        return count

    def delete(self):
        paper_ids = set(self.values_list("paper_id", flat=True))
        deleted = super().delete()
        Paper.objects.filter(pk__in=paper_ids).refresh_public_status()
        return deleted


class Nomination(TimeStampedModel):
    """A member's proposal to read a paper next; staff schedule it with a presenter and date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SCHEDULED = "scheduled", _("Scheduled")
        DONE = "done", _("Presented")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("paper")
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="nominations",
        verbose_name=_("nominated by"),
    )
    reason = models.TextField(_("why read it"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    presenter = models.ForeignKey(
        Presenter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scheduled_talks",
        verbose_name=_("presenter"),
    )
    scheduled_for = models.DateField(_("scheduled for"), null=True, blank=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["paper"],
                condition=Q(status__in=["open", "scheduled"]),
                name="nomination_one_active_per_paper",
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(scheduled_for__isnull=False),
                name="nomination_scheduled_has_date",
            ),
        ]

    def __str__(self):
        return str(self.paper)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Visitors may see a paper whose review is for members only as scheduled for a talk.
        papers = {self.paper_id, self._stored_paper_id} - {None}
        Paper.objects.filter(pk__in=papers).refresh_public_status()
        self._stored_paper_id = self.paper_id

    def delete(self, *args, **kwargs):
        paper_id = self.paper_id
        deleted = super().delete(*args, **kwargs)
        Paper.objects.filter(pk=paper_id).refresh_public_status()
        return deleted

    # The paper the row had when loaded: a nomination moved to another paper changes both.
    _stored_paper_id = None

    @classmethod
    def from_db(cls, db, field_names, values):
        nomination = super().from_db(db, field_names, values)
        nomination._stored_paper_id = nomination.__dict__.get("paper_id")
        return nomination


class Vote(models.Model):
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="votes", verbose_name=_("nomination")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "user"], name="vote_one_per_member")
        ]

    def __str__(self):
        return f"{self.user} → {self.nomination}"
