"""Notices (催费通知单, 停电通知书) with their numbers and delivery records, a hall's notice
settings, stop-supply requests and reconnection tasks (#14, notices).

Revision ID: 0005_notices_stop_supply
Revises: 0004_dunning
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_notices_stop_supply"
down_revision = "0004_dunning"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "notice_settings",
        sa.Column("hall_id", sa.String(32), primary_key=True),
        sa.Column("province", sa.String(32), nullable=False),
        sa.Column("legal_version", sa.String(16), nullable=True),
        sa.Column("notice_window_min_days", sa.Integer, nullable=True),
        sa.Column("notice_window_max_days", sa.Integer, nullable=True),
        sa.Column("reconnect_hours", sa.Integer, nullable=True),
        sa.Column("reminder_days", sa.Integer, nullable=False),
        sa.Column("stop_warning_days", sa.Integer, nullable=False),
        sa.Column("hall_name", sa.String(100), nullable=False),
        sa.Column("hall_phone", sa.String(32), nullable=False),
        sa.Column("pay_ways_json", sa.Text, nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(32), nullable=False),
    )
    op.create_table(
        "notice_sequences",
        sa.Column("hall_id", sa.String(32), primary_key=True),
        sa.Column("prefix", sa.String(8), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "notices",
        sa.Column("notice_id", BigId, primary_key=True, autoincrement=True),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("notice_no", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("account_no", sa.String(32), nullable=False),
        sa.Column("area", sa.String(100), nullable=False),
        sa.Column("address", sa.String(400), nullable=False),
        sa.Column("issued_on", sa.Date, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("principal_fen", sa.BigInteger, nullable=False),
        sa.Column("late_fee_fen", sa.BigInteger, nullable=False),
        sa.Column("late_fee_deadline_fen", sa.BigInteger, nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("delivered_at", sa.DateTime, nullable=True),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.Column("payload_json", sa.Text, nullable=False),
        sa.UniqueConstraint("hall_id", "notice_no", name="uq_notices_hall_no"),
    )
    op.create_index("ix_notices_hall_account", "notices",
                    ["hall_id", "account_no", "kind", "status"])
    op.create_index("ix_notices_hall_status", "notices", ["hall_id", "kind", "status", "area"])
    op.create_table(
        "notice_deliveries",
        sa.Column("delivery_id", BigId, primary_key=True, autoincrement=True),
        sa.Column("notice_id", BigId, sa.ForeignKey("notices.notice_id"), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("signed_by", sa.String(100), nullable=True),
        sa.Column("delivered_at", sa.DateTime, nullable=False),
        sa.Column("delivered_by", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_notice_deliveries_notice", "notice_deliveries", ["notice_id"])
    op.create_table(
        "stop_supply_requests",
        sa.Column("request_id", BigId, primary_key=True, autoincrement=True),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("account_no", sa.String(32), nullable=False),
        sa.Column("customer_class", sa.String(16), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("planned_at", sa.DateTime, nullable=False),
        sa.Column("notice_no", sa.String(40), nullable=True),
        sa.Column("requested_by", sa.String(32), nullable=False),
        sa.Column("requested_at", sa.DateTime, nullable=False),
        sa.Column("approved_by", sa.String(32), nullable=True),
        sa.Column("approved_at", sa.DateTime, nullable=True),
        sa.Column("regulator_notified_by", sa.String(32), nullable=True),
        sa.Column("regulator_notified_at", sa.DateTime, nullable=True),
        sa.Column("renotified_by", sa.String(32), nullable=True),
        sa.Column("renotified_at", sa.DateTime, nullable=True),
        sa.Column("stopped_by", sa.String(32), nullable=True),
        sa.Column("stopped_at", sa.DateTime, nullable=True),
        sa.Column("cancelled_by", sa.String(32), nullable=True),
        sa.Column("cancelled_at", sa.DateTime, nullable=True),
        sa.Column("cancel_reason", sa.String(200), nullable=True),
        sa.Column("gates_json", sa.Text, nullable=False),
    )
    op.create_index("ix_stop_supply_hall_account", "stop_supply_requests",
                    ["hall_id", "account_no", "status"])
    op.create_index("ix_stop_supply_hall_status", "stop_supply_requests", ["hall_id", "status"])
    op.create_table(
        "reconnection_tasks",
        sa.Column("task_id", BigId, primary_key=True, autoincrement=True),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("account_no", sa.String(32), nullable=False),
        sa.Column("request_id", BigId, sa.ForeignKey("stop_supply_requests.request_id"),
                  nullable=False),
        sa.Column("opened_at", sa.DateTime, nullable=False),
        sa.Column("due_at", sa.DateTime, nullable=False),
        sa.Column("cause", sa.String(64), nullable=False),
        sa.Column("closed_at", sa.DateTime, nullable=True),
        sa.Column("closed_by", sa.String(32), nullable=True),
    )
    op.create_index("ix_reconnection_hall_open", "reconnection_tasks", ["hall_id", "closed_at"])


def downgrade() -> None:
    op.drop_index("ix_reconnection_hall_open", table_name="reconnection_tasks")
    op.drop_table("reconnection_tasks")
    op.drop_index("ix_stop_supply_hall_status", table_name="stop_supply_requests")
    op.drop_index("ix_stop_supply_hall_account", table_name="stop_supply_requests")
    op.drop_table("stop_supply_requests")
    op.drop_index("ix_notice_deliveries_notice", table_name="notice_deliveries")
    op.drop_table("notice_deliveries")
    op.drop_index("ix_notices_hall_status", table_name="notices")
    op.drop_index("ix_notices_hall_account", table_name="notices")
    op.drop_table("notices")
    op.drop_table("notice_sequences")
    op.drop_table("notice_settings")
