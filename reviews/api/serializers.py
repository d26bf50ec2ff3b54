"""Serializers of the read-only API. Nothing here exposes drafts or members-only reviews."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..markdown import render_markdown
from ..models import Category, Collection, CollectionEntry, Paper, Presenter, Review, Venue


class AbsoluteUrlField(serializers.Field):
    """The object's page on the site, absolute when the request is known."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault("help_text", "The page on PaperShelf.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        url = value.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


extend_schema_field({"type": "string", "format": "uri"})(AbsoluteUrlField)


class VenueSerializer(serializers.ModelSerializer):
    page = AbsoluteUrlField()

    class Meta:
        model = Venue
        fields = ["id", "short_name", "slug", "full_name", "kind", "url", "page"]


class VenueListSerializer(VenueSerializer):
    paper_count = serializers.IntegerField(read_only=True)

    class Meta(VenueSerializer.Meta):
        fields = [*VenueSerializer.Meta.fields, "paper_count"]


class TopicSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    page = AbsoluteUrlField()

    class Meta:
        model = Category
        fields = ["id", "name", "slug", "parent", "description", "page"]


class TopicListSerializer(TopicSerializer):
    paper_count = serializers.IntegerField(read_only=True)

    class Meta(TopicSerializer.Meta):
        fields = [*TopicSerializer.Meta.fields, "paper_count"]


class PresenterSerializer(serializers.ModelSerializer):
    page = AbsoluteUrlField()

    class Meta:
        model = Presenter
        fields = ["id", "name", "slug", "affiliation", "page"]


class PresenterListSerializer(PresenterSerializer):
    bio = serializers.CharField(read_only=True)
    review_count = serializers.IntegerField(read_only=True, help_text="Public reviews.")

    class Meta(PresenterSerializer.Meta):
        fields = [*PresenterSerializer.Meta.fields, "bio", "review_count"]


class PaperBriefSerializer(serializers.ModelSerializer):
    page = AbsoluteUrlField()

    class Meta:
        model = Paper
        fields = ["id", "title", "slug", "year", "page"]


class PaperSerializer(serializers.ModelSerializer):
    authors = serializers.ListField(
        source="author_list", child=serializers.CharField(), read_only=True
    )
    venue = VenueSerializer(read_only=True, allow_null=True)
    topics = TopicSerializer(many=True, read_only=True)
    tags = serializers.SerializerMethodField()
    # What a visitor may know: a review for members only does not make a paper "reviewed".
    status = serializers.ChoiceField(
        source="public_status", choices=Paper.Status.choices, read_only=True
    )
    public_review_count = serializers.SerializerMethodField()
    page = AbsoluteUrlField()

    class Meta:
        model = Paper
        fields = [
            "id",
            "title",
            "short_name",
            "slug",
            "authors",
            "year",
            "venue",
            "institutions",
            "abstract",
            "arxiv_id",
            "doi",
            "topics",
            "tags",
            "status",
            *Paper.LINK_FIELDS,
            "public_review_count",
            "created_at",
            "page",
        ]

    def get_tags(self, paper) -> list[str]:
        return sorted(tag.name for tag in paper.tags.all())

    def get_public_review_count(self, paper) -> int:
        if hasattr(paper, "public_review_count"):
            return paper.public_review_count
        return paper.reviews.public().count()


class ReviewSerializer(serializers.ModelSerializer):
    paper = PaperBriefSerializer(read_only=True)
    presenter = PresenterSerializer(read_only=True, allow_null=True)
    body = serializers.CharField(read_only=True, help_text="The review in Markdown, with $math$.")
    body_html = serializers.SerializerMethodField(
        help_text="The review as the site shows it: sanitized HTML, math left for KaTeX."
    )
    has_slides_file = serializers.SerializerMethodField()
    page = AbsoluteUrlField()

    class Meta:
        model = Review
        fields = [
            "id",
            "paper",
            "presenter",
            "summary",
            "body",
            "body_html",
            "presented_on",
            "slides_url",
            "summary_url",
            "video_url",
            "has_slides_file",
            "published_at",
            "page",
        ]

    def get_body_html(self, review) -> str:
        return render_markdown(review.body)

    def get_has_slides_file(self, review) -> bool:
        return bool(review.slides)


class PaperDetailSerializer(PaperSerializer):
    reviews = serializers.SerializerMethodField()

    class Meta(PaperSerializer.Meta):
        fields = [*PaperSerializer.Meta.fields, "reviews"]

    @extend_schema_field(ReviewSerializer(many=True))
    def get_reviews(self, paper):
        reviews = paper.reviews.public().select_related("presenter").order_by("-presented_on")
        return ReviewSerializer(reviews, many=True, context=self.context).data


class CollectionEntrySerializer(serializers.ModelSerializer):
    paper = PaperBriefSerializer(read_only=True)

    class Meta:
        model = CollectionEntry
        fields = ["position", "note", "paper"]


class CollectionSerializer(serializers.ModelSerializer):
    entries = CollectionEntrySerializer(many=True, read_only=True)
    page = AbsoluteUrlField()

    class Meta:
        model = Collection
        fields = ["id", "title", "slug", "kind", "month", "description", "entries", "page"]
