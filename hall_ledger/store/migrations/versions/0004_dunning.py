"""Dunning (#14): procedures (versioned), runs and their lines, dunning events, locks, promises
to pay and instalment plans, collectors' areas and field visits.

Revision ID: 0004_dunning
Revises: 0003_collections_base
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_dunning"
down_revision = "0003_collections_base"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _id(name: str) -> sa.Column:
    return sa.Column(name, BigId, primary_key=True, autoincrement=True)


def _str(name: str, n: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(n), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "dunning_procedures",
        _id("procedure_id"), _str("hall_id", 32), _str("customer_class", 16),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("levels_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False), _str("created_by", 32),
        sa.UniqueConstraint("hall_id", "customer_class", "version",
                            name="uq_dunning_procedures_version"),
    )
    op.create_table(
        "dunning_runs",
        _id("run_id"), _str("hall_id", 32), sa.Column("as_of", sa.Date, nullable=False),
        _str("customer_class", 16), _str("status", 12),
        sa.Column("procedure_versions", sa.Text, nullable=False),
        _str("active_key", 80, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False), _str("created_by", 32),
        sa.Column("executed_at", sa.DateTime, nullable=True), _str("executed_by", 32, True),
        sa.Column("reversed_at", sa.DateTime, nullable=True), _str("reversed_by", 32, True),
        sa.Column("reverse_reason", sa.Text, nullable=True),
        sa.UniqueConstraint("active_key", name="uq_dunning_runs_active"),
    )
    op.create_index("ix_dunning_runs_hall_as_of", "dunning_runs", ["hall_id", "as_of"])
    op.create_table(
        "dunning_run_lines",
        sa.Column("run_id", BigId, sa.ForeignKey("dunning_runs.run_id"), primary_key=True),
        sa.Column("account_no", sa.String(32), primary_key=True),
        _str("name", 200), _str("area", 100), _str("customer_class", 16),
        sa.Column("overdue_days", sa.Integer, nullable=False),
        sa.Column("total_fen", sa.BigInteger, nullable=False),
        sa.Column("current_level", sa.Integer, nullable=False),
        sa.Column("proposed_level", sa.Integer, nullable=False),
        sa.Column("final_level", sa.Integer, nullable=False),
        _str("action", 16, nullable=True),
        sa.Column("blocked", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        _str("edited_by", 32, nullable=True),
    )
    op.create_table(
        "dunning_events",
        _id("event_id"), _str("hall_id", 32), _str("account_no", 32),
        sa.Column("run_id", BigId, sa.ForeignKey("dunning_runs.run_id"), nullable=False),
        sa.Column("level", sa.Integer, nullable=False), _str("action", 16),
        sa.Column("reached_on", sa.Date, nullable=False),
        sa.Column("total_fen", sa.BigInteger, nullable=False),
        _str("action_ref", 64, nullable=True),
        sa.Column("reversed", sa.Boolean, nullable=False),
    )
    op.create_index("ix_dunning_events_hall_account", "dunning_events",
                    ["hall_id", "account_no"])
    op.create_table(
        "dunning_locks",
        _id("lock_id"), _str("hall_id", 32), _str("account_no", 32), _str("reason", 16),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("until", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False), _str("created_by", 32),
        sa.Column("released_at", sa.DateTime, nullable=True), _str("released_by", 32, True),
    )
    op.create_index("ix_dunning_locks_hall_account", "dunning_locks", ["hall_id", "account_no"])
    op.create_table(
        "payment_promises",
        _id("promise_id"), _str("hall_id", 32), _str("account_no", 32), _str("kind", 8),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("tolerance_days", sa.Integer, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False), _str("created_by", 32),
        sa.Column("cancelled_at", sa.DateTime, nullable=True), _str("cancelled_by", 32, True),
    )
    op.create_index("ix_payment_promises_hall_account", "payment_promises",
                    ["hall_id", "account_no"])
    op.create_table(
        "promise_instalments",
        sa.Column("promise_id", BigId, sa.ForeignKey("payment_promises.promise_id"),
                  primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "collector_areas",
        sa.Column("hall_id", sa.String(32), primary_key=True),
        sa.Column("area", sa.String(100), primary_key=True),
        _str("collector", 32), sa.Column("assigned_at", sa.DateTime, nullable=False),
        _str("assigned_by", 32),
    )
    op.create_table(
        "field_visits",
        _id("visit_id"), _str("hall_id", 32), _str("account_no", 32), _str("collector", 32),
        sa.Column("visited_on", sa.Date, nullable=False), _str("outcome", 12),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False), _str("recorded_by", 32),
    )
    op.create_index("ix_field_visits_hall_account", "field_visits", ["hall_id", "account_no"])
    # an account's payments (any channel): promises kept or broken, paid since a proposal
    op.create_index("ix_payments_account_date", "payments", ["account_no", "business_date"])


def downgrade() -> None:
    op.drop_index("ix_payments_account_date", table_name="payments")
    op.drop_index("ix_field_visits_hall_account", table_name="field_visits")
    op.drop_table("field_visits")
    op.drop_table("collector_areas")
    op.drop_table("promise_instalments")
    op.drop_index("ix_payment_promises_hall_account", table_name="payment_promises")
    op.drop_table("payment_promises")
    op.drop_index("ix_dunning_locks_hall_account", table_name="dunning_locks")
    op.drop_table("dunning_locks")
    op.drop_index("ix_dunning_events_hall_account", table_name="dunning_events")
    op.drop_table("dunning_events")
    op.drop_table("dunning_run_lines")
    op.drop_index("ix_dunning_runs_hall_as_of", table_name="dunning_runs")
    op.drop_table("dunning_runs")
    op.drop_table("dunning_procedures")
