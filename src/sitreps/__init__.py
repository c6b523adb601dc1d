"""sitreps: news about armed conflict and political violence in, structured event data out.

The Python API (``sitreps.code``, ``code_files``, ``load``, ``events``, ``acled_rows``) lives in
:mod:`sitreps.public`; it is imported on first use so that ``import sitreps`` stays instant.
"""

__version__ = "0.1.0"

_PUBLIC = ("acled_rows", "code", "code_files", "events", "load")
__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    if name in _PUBLIC:
        from sitreps import public

        return getattr(public, name)
    raise AttributeError(f"module 'sitreps' has no attribute {name!r}")
