from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from .forms.reviews import ReviewAdminForm
from .models import (
    Category,
    Collection,
    CollectionEntry,
    Nomination,
    Paper,
    Presenter,
    Review,
    TaggedPaper,
    Venue,
    Vote,
)
from .search import schedule_search_refresh
from .services import curation
from .services import queue as queue_services
from .services import reviews as review_services


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=None, widget=forms.RadioSelect, label=_("Keep"), empty_label=None
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = queryset


def merge_action(modeladmin, request, queryset, *, merge, what):
    """An admin action that asks which of the selected rows to keep, then merges the others."""
    if queryset.count() < 2:
        modeladmin.message_user(
            request, _("Select at least two %(what)s to merge.") % {"what": what}, messages.WARNING
        )
        return None
    form = MergeForm(
        request.POST if "apply" in request.POST else None,
        queryset=queryset,
        # The row the curated alias table keeps (reviews/aliases.py), when it names these.
        initial={"keep": curation.suggested_keep(queryset, queryset.model)},
    )
    if form.is_valid():
        keep = form.cleaned_data["keep"]
        merged = merge(keep=keep, merge=queryset.exclude(pk=keep.pk))
        modeladmin.message_user(
            request,
            _("Merged %(count)d %(what)s into “%(keep)s”.")
            % {"count": merged, "what": model_ngettext(queryset, merged), "keep": keep},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Merge %(what)s") % {"what": what},
        "form": form,
        "queryset": queryset,
        "opts": modeladmin.model._meta,
        "action": request.POST["action"],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "what": what,
    }
    return TemplateResponse(request, "admin/reviews/merge_confirmation.html", context)


def merge_known_duplicates(modeladmin, request):
    """Apply the curated alias table (reviews/aliases.py) to the whole catalog, whatever rows
    are selected: the topics and papers it names twice are merged, misplaced links moved."""
    report = curation.apply_aliases()
    modeladmin.message_user(
        request,
        _(
            "Known duplicates merged: %(topics)d topics, %(papers)d papers; "
            "%(links)d misplaced links moved."
        )
        % {
            "topics": report.topics_merged,
            "papers": report.papers_merged,
            "links": report.links_moved,
        },
        messages.SUCCESS,
    )


class ChildCategoryInline(admin.TabularInline):
    model = Category
    fk_name = "parent"
    fields = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
    extra = 0
    verbose_name = _("subtopic")
    verbose_name_plural = _("subtopics")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position", "paper_count"]
    list_editable = ["position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "description", "parent__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [ChildCategoryInline]
    actions = ["merge_categories", "merge_known_duplicates"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_paper_count=Count("papers"))

    @admin.display(description=_("papers"), ordering="_paper_count")
    def paper_count(self, obj):
        return obj._paper_count

    @admin.action(description=_("Merge selected topics"))
    def merge_categories(self, request, queryset):
        return merge_action(
            self, request, queryset, merge=curation.merge_categories, what=_("topics")
        )

    @admin.action(description=_("Merge the known duplicates (the alias table)"))
    def merge_known_duplicates(self, request, queryset):
        return merge_known_duplicates(self, request)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["short_name", "full_name", "kind", "aliases", "paper_count"]
    list_filter = ["kind"]
    search_fields = ["short_name", "full_name", "aliases"]
    prepopulated_fields = {"slug": ["short_name"]}
    actions = ["merge_venues"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_paper_count=Count("papers"))

    @admin.display(description=_("papers"), ordering="_paper_count")
    def paper_count(self, obj):
        return obj._paper_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"short_name", "full_name"} & set(form.changed_data):
            schedule_search_refresh(obj.papers.values_list("pk", flat=True))

    @admin.action(description=_("Merge selected venues"))
    def merge_venues(self, request, queryset):
        return merge_action(self, request, queryset, merge=curation.merge_venues, what=_("venues"))


class ReviewInlineFormSet(BaseInlineFormSet):
    """Reviews inline on their paper are saved and deleted through the review services, so
    their slides are checked, named and thumbnailed, and deleted with them."""

    def save_new(self, form, commit=True):
        setattr(form.instance, self.fk.name, self.instance)
        return self.save_existing(form, form.instance, commit=commit)

    def save_existing(self, form, obj, commit=True):
        if not commit:
            return super().save_existing(form, obj, commit=False)
        return review_services.save_admin_review(
            review=form.instance,
            slides=form.new_slides,
            slides_kind=form.slides_kind,
            remove_slides=form.slides_cleared,
        )

    def delete_existing(self, obj, commit=True):
        if commit:
            review_services.delete_review(review=obj)


class ReviewInline(admin.StackedInline):
    model = Review
    form = ReviewAdminForm
    formset = ReviewInlineFormSet
    extra = 0
    fields = [
        ("presenter", "presented_on"),
        ("status", "visibility"),
        "summary",
        "body",
        ("slides", "slides_url"),
        ("summary_url", "video_url"),
    ]
    autocomplete_fields = ["presenter"]
    show_change_link = True


class CollectionEntryInline(admin.TabularInline):
    model = CollectionEntry
    extra = 0
    fields = ["position", "paper", "note"]
    autocomplete_fields = ["paper"]
    ordering = ["position"]


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    """Papers with their reviews inline; deleting a paper deletes its reviews' slide files."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            from .forms.papers import BoundedTagField

            kwargs["form_class"] = BoundedTagField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    list_display = [
        "title",
        "short_name",
        "year",
        "venue",
        "status",
        "public_status",
        "topic_list",
        "created_at",
    ]
    list_filter = ["status", "year", ("venue", admin.RelatedOnlyFieldListFilter), "topics"]
    list_select_related = ["venue"]
    search_fields = ["title", "short_name", "authors", "arxiv_id", "doi"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue", "topics"]
    date_hierarchy = "created_at"
    inlines = [ReviewInline]
    actions = ["mark_to_read", "mark_reviewed", "merge_papers", "merge_known_duplicates"]
    readonly_fields = ["public_status"]
    fieldsets = [
        (None, {"fields": ["title", "short_name", "slug", ("status", "public_status")]}),
        (_("Publication"), {"fields": ["authors", "year", "venue", "institutions", "abstract"]}),
        (_("Identifiers"), {"fields": ["arxiv_id", "doi"]}),
        (_("Topics and tags"), {"fields": ["topics", "tags"]}),
        (_("Links"), {"fields": list(Paper.LINK_FIELDS)}),
    ]

    change_list_template = "admin/reviews/paper/change_list.html"

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Review:
            for review in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
                review_services.after_admin_save(review=review)

    def get_urls(self):
        from django.urls import path

        from .admin_import import import_readme_job_view, import_readme_view

        def view(request):
            return import_readme_view(self, request)

        def job_view(request, result_id):
            return import_readme_job_view(self, request, result_id)

        custom = [
            path(
                "import-readme/",
                self.admin_site.admin_view(view),
                name="reviews_paper_import_readme",
            ),
            path(
                "import-readme/<uuid:result_id>/",
                self.admin_site.admin_view(job_view),
                name="reviews_paper_import_readme_job",
            ),
        ]
        return custom + super().get_urls()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description=_("topics"))
    def topic_list(self, obj):
        return ", ".join(topic.name for topic in obj.topics.all())

    def _mark(self, request, queryset, status):
        count = curation.set_reading_status(papers=queryset, status=status)
        self.message_user(
            request,
            ngettext(
                "%(count)d paper marked “%(status)s”.",
                "%(count)d papers marked “%(status)s”.",
                count,
            )
            % {"count": count, "status": Paper.Status(status).label},
            messages.SUCCESS,
        )

    def delete_model(self, request, obj):
        curation.delete_papers(papers=[obj])

    def delete_queryset(self, request, queryset):
        curation.delete_papers(papers=queryset)

    @admin.action(description=_("Mark selected papers as to read"))
    def mark_to_read(self, request, queryset):
        self._mark(request, queryset, Paper.Status.TO_READ)

    @admin.action(description=_("Mark selected papers as reviewed"))
    def mark_reviewed(self, request, queryset):
        self._mark(request, queryset, Paper.Status.REVIEWED)

    @admin.action(description=_("Merge selected papers (duplicates)"))
    def merge_papers(self, request, queryset):
        return merge_action(self, request, queryset, merge=curation.merge_papers, what=_("papers"))

    @admin.action(description=_("Merge the known duplicates (the alias table)"))
    def merge_known_duplicates(self, request, queryset):
        return merge_known_duplicates(self, request)


@admin.register(Presenter)
class PresenterAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "user", "review_count"]
    search_fields = ["name", "affiliation", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_review_count=Count("reviews"))

    @admin.display(description=_("reviews"), ordering="_review_count")
    def review_count(self, obj):
        return obj._review_count


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["paper", "presenter", "presented_on", "status", "visibility", "created_by"]
    list_filter = ["status", "visibility", ("presenter", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["paper", "presenter", "created_by"]
    search_fields = ["paper__title", "summary", "body", "presenter__name"]
    autocomplete_fields = ["paper", "presenter", "created_by"]
    date_hierarchy = "presented_on"
    readonly_fields = ["published_at", "created_at", "updated_at"]

    form = ReviewAdminForm

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        review_services.save_admin_review(
            review=obj,
            slides=form.new_slides,
            slides_kind=form.slides_kind,
            remove_slides=form.slides_cleared,
        )
        review_services.after_admin_save(review=obj)

    def delete_model(self, request, obj):
        review_services.delete_review(review=obj)

    def delete_queryset(self, request, queryset):
        for review in queryset:
            review_services.delete_review(review=review)


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "month", "entry_count"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CollectionEntryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_entry_count=Count("entries"))

    @admin.display(description=_("papers"), ordering="_entry_count")
    def entry_count(self, obj):
        return obj._entry_count


class VoteInline(admin.TabularInline):
    model = Vote
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["paper", "nominated_by", "status", "presenter", "scheduled_for", "vote_count"]
    list_filter = ["status"]
    list_editable = ["status", "scheduled_for"]
    list_select_related = ["paper", "nominated_by", "presenter"]
    search_fields = ["paper__title", "reason"]
    autocomplete_fields = ["paper", "presenter", "nominated_by"]
    inlines = [VoteInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_vote_count=Count("votes"))

    def save_model(self, request, obj, form, change):
        if obj.status == Nomination.Status.SCHEDULED:
            # Scheduling goes through the service so that the paper is scheduled too.
            queue_services.schedule(nomination=obj, presenter=obj.presenter, date=obj.scheduled_for)
        else:
            super().save_model(request, obj, form, change)

    @admin.display(description=_("votes"), ordering="_vote_count")
    def vote_count(self, obj):
        return obj._vote_count


# --- Tags ---------------------------------------------------------------------------------------

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    """taggit's tag admin, keeping the search of the tagged papers current: a paper is found by
    its tags' names, so renaming or deleting a tag re-indexes the papers that carry it."""

    inlines = []  # taggit's generic tagged items: papers are tagged through TaggedPaper
    actions = []  # taggit's "merge tags" moves generic tagged items only, not TaggedPaper rows

    @staticmethod
    def tagged_paper_ids(tags) -> list[int]:
        return list(
            TaggedPaper.objects.filter(tag__in=tags).values_list("content_object_id", flat=True)
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            schedule_search_refresh(self.tagged_paper_ids([obj.pk]))

    def delete_model(self, request, obj):
        paper_ids = self.tagged_paper_ids([obj.pk])
        super().delete_model(request, obj)
        schedule_search_refresh(paper_ids)

    def delete_queryset(self, request, queryset):
        paper_ids = self.tagged_paper_ids(queryset.values("pk"))
        super().delete_queryset(request, queryset)
        schedule_search_refresh(paper_ids)


from . import admin_tasks  # noqa: E402,F401 (registers the task list with its actions)
