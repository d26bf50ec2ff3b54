"""The public URL map, one module per area; every name lives in the ``reviews`` namespace.

``catalog``: what visitors browse (home, papers, topics, venues, tags, presenters, collections,
schedule, stats). ``members``: reviews, slides, the reading queue and the feeds. ``exchange``:
adding papers from metadata, exports and the read-only API.
"""

from django.urls import register_converter

from .converters import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "slug_u")

from . import catalog, exchange, members  # noqa: E402  (they use the converter)

app_name = "reviews"

urlpatterns = [
    *exchange.urlpatterns,
    *members.urlpatterns,
    *catalog.urlpatterns,
]
