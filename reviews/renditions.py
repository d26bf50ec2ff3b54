"""PDF renditions of PPTX and PPT slides, made by LibreOffice in headless mode.

Each conversion runs ``soffice --headless --convert-to pdf`` in a throwaway folder with its own
user profile (two conversions at once would otherwise fight over one profile's lock), under a
time limit and CPU and file-size limits, with nothing of ours in its environment but a home.
The result is checked like an uploaded PDF before anything stores it.
"""

import os
import resource
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

#: The largest PDF a conversion may write, in bytes.
MAX_RENDITION_SIZE = 200 * 1024 * 1024


class ConversionUnavailable(Exception):
    """LibreOffice is not installed where this runs."""


class ConversionFailed(Exception):
    """LibreOffice ran but made no usable PDF (broken file, time limit...)."""


def libreoffice_command() -> str | None:
    """The LibreOffice program to run, or None when it is not installed."""
    return shutil.which(settings.LIBREOFFICE_COMMAND)


def _limit_child():  # pragma: no cover - runs in the child between fork and exec
    os.setsid()
    cpu = settings.SLIDES_CONVERSION_TIMEOUT
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_RENDITION_SIZE, MAX_RENDITION_SIZE))
    memory = settings.SLIDES_CONVERSION_MEMORY
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def convert_to_pdf(data: bytes, *, extension: str) -> bytes:
    """The PDF LibreOffice makes of a presentation given as bytes (``extension``: ".pptx" or
    ".ppt"). Raises ConversionUnavailable without LibreOffice, ConversionFailed otherwise."""
    program = libreoffice_command()
    if program is None:
        raise ConversionUnavailable(
            f"LibreOffice ({settings.LIBREOFFICE_COMMAND}) is not installed on this machine."
        )
    timeout = settings.SLIDES_CONVERSION_TIMEOUT
    with tempfile.TemporaryDirectory(prefix="papershelf-convert-") as folder:
        work = Path(folder)
        source = work / f"slides{extension}"
        source.write_bytes(data)
        (work / "out").mkdir()
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        environment = {"HOME": str(work), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        process = subprocess.Popen(
            command,
            cwd=work,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=_limit_child,  # noqa: PLW1509 (no threads start LibreOffice)
        )
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionFailed(f"LibreOffice took longer than {timeout} s.") from None
        result = work / "out" / "slides.pdf"
        if process.returncode != 0 or not result.exists():
            message = output.decode(errors="replace").strip()[-300:]
            raise ConversionFailed(
                f"LibreOffice could not convert the slides (exit {process.returncode}): {message}"
            )
        pdf = result.read_bytes()
    if not pdf.startswith(b"%PDF-"):
        raise ConversionFailed("LibreOffice wrote something that is not a PDF.")
    return pdf
