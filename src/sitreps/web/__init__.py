"""The web dashboard served by ``sitreps serve`` at ``/`` (see ``routes``)."""

from sitreps.web.routes import router

__all__ = ["router"]
