"""What a visitor browses: the home page, the catalog and the paper pages."""

from django.views.generic import DetailView, ListView, TemplateView

from ..models import Category, Paper, Review


class HomeView(TemplateView):
    template_name = "reviews/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topics"] = Category.objects.roots().with_paper_counts()
        context["latest_reviews"] = (
            Review.objects.public().for_listing().order_by("-published_at")[:5]
        )
        context["paper_count"] = Paper.objects.count()
        return context


class PaperListView(ListView):
    model = Paper
    paginate_by = 25
    context_object_name = "papers"

    def get_queryset(self):
        return Paper.objects.for_catalog().order_by("-created_at", "title")


class PaperDetailView(DetailView):
    model = Paper
    context_object_name = "paper"

    def get_queryset(self):
        return Paper.objects.for_catalog()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reviews"] = self.object.reviews.visible_to(self.request.user).select_related(
            "presenter"
        )
        return context
