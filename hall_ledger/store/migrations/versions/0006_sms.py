"""SMS reminders (#14): hall settings, templates (four-eyes), messages (our UUID is the
provider's out-id), opt-outs, inbound replies, the gateway's tokens.

Revision ID: 0006_sms
Revises: 0005_notices_stop_supply
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_sms"
down_revision = "0005_notices_stop_supply"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "sms_settings",
        sa.Column("hall_id", sa.String(32), primary_key=True),
        sa.Column("window_start", sa.String(5), nullable=False),
        sa.Column("window_end", sa.String(5), nullable=False),
        sa.Column("day_cap", sa.Integer, nullable=False),
        sa.Column("month_cap", sa.Integer, nullable=False),
        sa.Column("tz", sa.String(40), nullable=False),
        sa.Column("signature", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(32), nullable=False),
    )
    op.create_table(
        "sms_templates",
        sa.Column("template_id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(16), nullable=False),
        sa.Column("provider_code", sa.String(40), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("chars", sa.Integer, nullable=False),
        sa.Column("parts", sa.Integer, nullable=False),
        sa.Column("drafted_by", sa.String(32), nullable=False),
        sa.Column("drafted_at", sa.DateTime, nullable=False),
        sa.Column("approved_by", sa.String(32), nullable=True),
        sa.Column("approved_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_sms_templates_hall_status", "sms_templates",
                    ["hall_id", "purpose", "status"])
    op.create_table(
        "sms_messages",
        sa.Column("message_id", sa.String(36), primary_key=True),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("account_no", sa.String(32), nullable=False),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("template_id", sa.BigInteger, nullable=False),
        sa.Column("variables", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("chars", sa.Integer, nullable=False),
        sa.Column("parts", sa.Integer, nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("not_before", sa.DateTime, nullable=True),
        sa.Column("queued_at", sa.DateTime, nullable=False),
        sa.Column("sending_at", sa.DateTime, nullable=True),
        sa.Column("sent_at", sa.DateTime, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("provider", sa.String(16), nullable=True),
        sa.Column("provider_ref", sa.String(64), nullable=True),
        sa.Column("receipt_code", sa.String(40), nullable=True),
        sa.Column("receipt_at", sa.DateTime, nullable=True),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.UniqueConstraint("hall_id", "account_no", "source", name="uq_sms_messages_source"),
    )
    op.create_index("ix_sms_messages_status", "sms_messages",
                    ["status", "hall_id", "queued_at", "not_before"])
    op.create_index("ix_sms_messages_account", "sms_messages",
                    ["hall_id", "account_no", "sending_at"])
    op.create_index("ix_sms_messages_hall_queued", "sms_messages", ["hall_id", "queued_at"])
    op.create_table(
        "sms_opt_outs",
        sa.Column("phone", sa.String(32), primary_key=True),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("source", sa.String(12), nullable=False),
        sa.Column("actor", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "sms_inbound",
        sa.Column("seq", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("text", sa.String(200), nullable=False),
        sa.Column("opt_out", sa.Boolean, nullable=False),
    )
    op.create_table(
        "sms_gateway_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("sms_gateway_tokens")
    op.drop_table("sms_inbound")
    op.drop_table("sms_opt_outs")
    op.drop_index("ix_sms_messages_hall_queued", table_name="sms_messages")
    op.drop_index("ix_sms_messages_account", table_name="sms_messages")
    op.drop_index("ix_sms_messages_status", table_name="sms_messages")
    op.drop_table("sms_messages")
    op.drop_index("ix_sms_templates_hall_status", table_name="sms_templates")
    op.drop_table("sms_templates")
    op.drop_table("sms_settings")
