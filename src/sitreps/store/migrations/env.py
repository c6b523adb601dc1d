"""Alembic environment: runs migrations on the connection sitreps hands over (``migrate.py``),
or on ``SITREPS_DB`` when called from the ``alembic`` command line."""

from __future__ import annotations

from alembic import context

from sitreps.store.engine import make_engine, resolve_url
from sitreps.store.schema import Base
from sitreps.store.spatial import include_name

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(resolve_url(None), write=True)
    with engine.connect() as conn:
        context.configure(
            connection=conn, target_metadata=target_metadata, render_as_batch=True, include_name=include_name
        )
        with context.begin_transaction():
            context.run_migrations()
        conn.commit()


if context.is_offline_mode():
    context.configure(url=resolve_url(None), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
