"""The first-page thumbnail of PDF slides, rendered in a separate, limited process.

A PDF is a program for a renderer: a tiny file can declare a page 14,400 points tall, or content
that takes minutes to draw. So the bitmap is bounded in width, height and pixel count, and the
rendering runs in a child Python process with an address-space limit and a deadline; a child
that fails, runs out of memory or out of time means "no thumbnail", never a failed upload.

``render_thumbnail_png(data)`` is a plain function of bytes to PNG bytes (or ``None``), so a
background task can call it as well as the upload path. This module imports nothing from Django:
the child process runs it as a script.
"""

import io
import logging
import resource
import subprocess
import sys

logger = logging.getLogger(__name__)

#: The bitmap is at most this wide and this tall, and has at most this many pixels.
MAX_WIDTH = 480
MAX_HEIGHT = 960
MAX_PIXELS = MAX_WIDTH * MAX_HEIGHT
#: The rendering child's limits: seconds until it is killed, and its address space in bytes.
TIME_LIMIT = 20
MEMORY_LIMIT = 512 * 1024 * 1024


def bitmap_scale(width: float, height: float) -> float:
    """The scale that fits a ``width`` x ``height`` point page in the bitmap bounds."""
    width, height = max(width, 1.0), max(height, 1.0)
    scale = min(MAX_WIDTH / width, MAX_HEIGHT / height)
    return min(scale, (MAX_PIXELS / (width * height)) ** 0.5)


def render_png(data: bytes) -> bytes:
    """The first page of the PDF ``data`` as PNG bytes, within the bitmap bounds. Raises on a
    PDF that cannot be rendered; run it through :func:`render_thumbnail_png` for the limits."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        width, height = page.get_size()
        scale = bitmap_scale(width, height)
        if round(width * scale) < 1 or round(height * scale) < 1:
            raise ValueError(f"a {width} x {height} page has no thumbnail")
        image = page.render(scale=scale, may_draw_forms=False).to_pil()
    finally:
        document.close()
    if image.width > MAX_WIDTH or image.height > MAX_HEIGHT:  # never trust the arithmetic alone
        raise ValueError(f"rendered {image.width} x {image.height}, over the bounds")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def render_thumbnail_png(
    data: bytes, *, time_limit: float | None = None, memory_limit: int | None = None
) -> bytes | None:
    """PNG bytes of the first page of the PDF ``data``, rendered by a child process limited to
    ``time_limit`` seconds and ``memory_limit`` bytes of address space; ``None`` when the child
    fails or is stopped (a thumbnail is a nicety: the caller goes on without one)."""
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    memory_limit = MEMORY_LIMIT if memory_limit is None else memory_limit
    try:
        child = subprocess.run(
            [sys.executable, "-I", __file__, str(memory_limit), str(max(1, int(time_limit)))],
            input=data,
            capture_output=True,
            timeout=time_limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        logger.warning("Thumbnail rendering stopped after %s s", time_limit)
        return None
    except OSError:
        logger.exception("Could not start the thumbnail renderer")
        return None
    if child.returncode != 0 or not child.stdout.startswith(b"\x89PNG\r\n\x1a\n"):
        logger.warning(
            "No thumbnail: the renderer exited with %s: %s",
            child.returncode,
            child.stderr.decode(errors="replace")[-500:],
        )
        return None
    return child.stdout


def _child(memory_limit: int, cpu_seconds: int) -> int:
    """Render stdin to stdout under the limits, set before the PDF library is even loaded."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    data = sys.stdin.buffer.read()
    try:
        png = render_png(data)
    except MemoryError:
        print("out of memory", file=sys.stderr)
        return 3
    except Exception as error:  # noqa: BLE001 - reported to the parent, which logs it
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(png)
    return 0


if __name__ == "__main__":
    sys.exit(_child(int(sys.argv[1]), int(sys.argv[2])))
