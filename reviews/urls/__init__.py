"""The public URL map, one module per area; every name lives in the ``reviews`` namespace.

``catalog``: what visitors browse (home, papers, topics, venues, tags, presenters, collections,
schedule, stats). ``members``: reviews, slides, the reading queue and the feeds. ``exchange``:
adding papers from metadata, exports and the read-only API.
"""

from . import catalog, exchange, members

app_name = "reviews"

urlpatterns = [
    *exchange.urlpatterns,
    *members.urlpatterns,
    *catalog.urlpatterns,
]
