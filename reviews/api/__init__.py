"""The read-only JSON API under ``/api/``: public catalog data only, described at ``/api/schema/``.

Papers are filtered with the catalog's own ``PaperFilter`` (same GET names), so the catalog page
and the API cannot drift apart. Only published, public reviews ever appear.
"""
