"""Lay out DOT source with Graphviz ``dot``, with a time limit and a cache.

Results are cached in Django's default cache under the sha256 of the format
and the DOT source. The source contains everything that changes the picture,
so an unchanged diagram is laid out once per format while it stays cached.
"""

from __future__ import annotations

import hashlib
import logging
import subprocess

import graphviz
from django.conf import settings
from django.core.cache import cache
from graphviz.backend.execute import run_check

logger = logging.getLogger(__name__)

MEDIA_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "dot": "text/vnd.graphviz; charset=utf-8",
}
# Pixels per inch for PNG: dot's default of 96 leaves 11-point text blurry.
PNG_DPI = 144
DEFAULT_TIMEOUT_SECONDS = 10
DEFAULT_CACHE_SECONDS = 7 * 24 * 3600


class DiagramError(Exception):
    """Raised when a diagram cannot be rendered; the message is for the user."""


class DiagramTimeout(DiagramError):
    """Raised when ``dot`` takes longer than ``DIAGRAM_TIMEOUT_SECONDS``."""


class RendererUnavailable(DiagramError):
    """Raised when ``dot`` is missing or fails: a server fault, not the user's."""


def render(source: str, fmt: str) -> bytes:
    """Return the diagram in ``fmt`` (svg, png, pdf or dot), from the cache if there.

    Raises:
        DiagramTimeout: dot ran out of time; the message suggests a smaller view.
        RendererUnavailable: dot is not installed or exited with an error.
    """
    if fmt not in MEDIA_TYPES:
        raise ValueError(f"Invalid diagram format {fmt!r}: use svg, png, pdf or dot.")
    if fmt == "dot":
        return source.encode()
    key = cache_key(source, fmt)
    cached = cache.get(key)
    if cached is not None:
        return cached
    output = run_dot(source, fmt)
    cache.set(
        key, output, timeout=_setting("DIAGRAM_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)
    )
    return output


def cache_key(source: str, fmt: str) -> str:
    digest = hashlib.sha256(f"{fmt}\n{source}".encode()).hexdigest()
    return f"diagram:{digest}"


def run_dot(source: str, fmt: str) -> bytes:
    """Run ``dot`` on ``source`` once, bounded by ``DIAGRAM_TIMEOUT_SECONDS``."""
    command = ["dot", f"-T{fmt}"]
    if fmt == "png":
        command.append(f"-Gdpi={PNG_DPI}")
    timeout = _setting("DIAGRAM_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS)
    try:
        # graphviz.pipe() takes no time limit; run_check() is the same call
        # underneath and hands extra keywords to subprocess.run, which kills
        # dot when the limit passes.
        process = run_check(
            command,
            input=source.encode(),
            capture_output=True,
            quiet=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        logger.warning(
            "dot -T%s timed out after %s s (%d bytes)", fmt, timeout, len(source)
        )
        raise DiagramTimeout(
            f"Laying out this diagram took longer than {timeout:g} seconds. "
            "Show a smaller part of the schema: focus on one table or pick a group."
        ) from None
    except graphviz.ExecutableNotFound:
        logger.warning("Graphviz dot was not found on PATH")
        raise RendererUnavailable(
            "Diagrams are unavailable: Graphviz `dot` is not installed on the server."
        ) from None
    except graphviz.CalledProcessError as error:
        stderr = error.stderr.decode(errors="replace").strip()
        logger.warning(
            "dot -T%s failed with exit status %s: %s", fmt, error.returncode, stderr
        )
        first_line = stderr.splitlines()[0] if stderr else "no message"
        raise RendererUnavailable(
            f"Graphviz `dot` failed (exit status {error.returncode}): {first_line}"
        ) from None
    if process.stderr:
        logger.warning(
            "dot -T%s warned: %s", fmt, process.stderr.decode(errors="replace")
        )
    return process.stdout


def inline_svg(svg: bytes) -> str:
    """Return SVG output without its XML prolog and doctype, ready to embed in HTML."""
    text = svg.decode()
    return text[text.index("<svg") :]


def _setting(name: str, default: float) -> float:
    return getattr(settings, name, default)
