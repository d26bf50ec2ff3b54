"""The public URL map, one module per area; every name lives in the ``reviews`` namespace."""

from . import catalog

app_name = "reviews"

urlpatterns = [
    *catalog.urlpatterns,
]
