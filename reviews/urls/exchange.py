"""Adding papers, downloads of the catalog, and the read-only API under ``/api/``.

Included before the catalog's patterns, so ``papers/add/`` and ``papers/export/...`` win over
``papers/<slug>/``.
"""

from django.urls import include, path

from ..views import exchange

urlpatterns = [
    path("papers/add/", exchange.paper_add, name="paper-add"),
    path(
        "papers/export/<slug:fmt>/",
        exchange.paper_export,
        name="paper-export",
    ),
    path("papers/<slug_u:slug>/bibtex/", exchange.paper_bibtex, name="paper-bibtex"),
    path("api/", include("reviews.api.urls")),
]
