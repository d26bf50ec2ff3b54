"""Path converters of the catalog's URLs."""


class UnicodeSlugConverter:
    """A slug as ``SlugField(allow_unicode=True)`` stores it: letters (any script), digits,
    hyphens and underscores. Anything else in that part of the path, a NUL byte (which
    PostgreSQL refuses in a query) or a dot, is a 404 before a view or the database sees it."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
