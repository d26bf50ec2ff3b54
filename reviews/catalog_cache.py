"""Aggregates of the catalog (facet counts, topic cards, charts) cached until the catalog changes.

On PostgreSQL a trigger on every table they read changes ``reviews_catalog_version.token`` in
the writing transaction (migration 0008), so a key holding the token is never stale beyond a
write's commit, whatever path wrote. Elsewhere (SQLite) ``cached`` computes every time.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import connections

TIMEOUT = 24 * 3600  # a key outlives its token only until then


def catalog_version(using: str = "default") -> str | None:
    """The catalog's current token, or None where the database keeps none."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM reviews_catalog_version WHERE id = 1")
        row = cursor.fetchone()
    return str(row[0]) if row else None


def cached(name: str, parts: tuple, compute: Callable, *, using: str = "default"):
    """``compute()``, from the cache while the catalog has not changed since it was stored."""
    version = catalog_version(using)
    if version is None:
        return compute()
    digest = hashlib.sha256(repr((name, parts)).encode()).hexdigest()[:32]
    key = f"catalog:{version}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
