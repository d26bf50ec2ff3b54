"""JSON that is safe wherever it ends up: no ``<``, ``>`` or ``&`` in the bytes sent."""

from rest_framework.renderers import JSONRenderer

from ..exporters.tabular import JSON_ESCAPES


class SafeJSONRenderer(JSONRenderer):
    """DRF's JSON, with the characters HTML reads as markup escaped (``\\u003c`` and so on).

    A client that puts a title into a page without escaping it, or a browser shown the response
    as HTML, meets text rather than markup; parsed, the data are the same.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        content = super().render(data, accepted_media_type, renderer_context)
        return content.decode().translate(JSON_ESCAPES).encode()
