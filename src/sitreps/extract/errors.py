"""Errors of the extract stage.

``ReadError`` is a value, not an exception: :func:`sitreps.extract.iter_documents` yields it for a
file or record it cannot read and goes on with the rest of the batch. ``ExtractError`` is raised by
:func:`sitreps.extract.to_article` for input that gives no usable article.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadError:
    """A source (file, record, stdin) that could not be read; the batch goes on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class ExtractError(ValueError):
    """Input that gives no usable article (empty, binary, not English, no body left...)."""

    def __init__(self, reason: str, source: str | None = None):
        self.reason = reason
        self.source = source
        super().__init__(f"{source}: {reason}" if source else reason)
