"""scope: what a mention reports (incident, aggregate, statement), and its event's

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 00:40:00

Plain ``ADD COLUMN`` with a constant default on both backends: SQLite keeps the ``events`` table
(and so its rowids and the R*Tree triggers of 0002). Rows stored before this revision read as
"incident", what every mention was taken to be until the coder marked summaries and statements.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("events", "mentions"):
        op.add_column(table, sa.Column("scope", sa.String(16), nullable=False, server_default="incident"))


def downgrade() -> None:
    for table in ("mentions", "events"):
        op.drop_column(table, "scope")  # native DROP COLUMN (SQLite >= 3.35): rowids stay
