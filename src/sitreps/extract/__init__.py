"""The extract stage: sources -> RawDocument -> clean Article.

- :func:`iter_documents` reads files, directories, stdin and JSON / JSON-lines records into
  :class:`~sitreps.model.RawDocument` values, yielding :class:`ReadError` for what it cannot read;
- :func:`to_article` turns one RawDocument into an :class:`~sitreps.model.Article` (HTML with
  trafilatura; markdown and text exports with header and boilerplate rules from
  ``data/boilerplate.yaml``), raising :class:`ExtractError` for unusable input;
- :func:`article_from_text` does the same for a string.
"""

from .article import article_from_text, build_article, to_article
from .errors import ExtractError, ReadError
from .sources import iter_documents

__all__ = ["ExtractError", "ReadError", "article_from_text", "build_article", "iter_documents", "to_article"]
