"""The REST API (FastAPI): ``/events``, ``/events/{id}``, ``/articles/{id}``, ``/stats``,
``POST /articles``. See :func:`sitreps.api.app.create_app`."""
