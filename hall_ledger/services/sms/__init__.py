"""SMS payment reminders (短信缴费提醒) at the ledger: templates with four-eyes approval, the
queue and its dispatch through a gateway (simulator, Aliyun, Tencent), receipts, replies and
opt-outs. See docs/collections-sms.md.

Hooks for the other collections areas:
- `queue_reminder(conn, hall_id, account_no, source, as_of)`: the dunning sink's SMS action;
- `sms_delivered(conn, hall_id, account_no, since) -> bool`: the stop-supply gate 经催交;
- `hooks.ON_VACANT`: called with (conn, hall_id, account_no, phone, at) on a vacant number."""

from .messages import queue_reminder, sms_delivered

__all__ = ["queue_reminder", "sms_delivered"]
