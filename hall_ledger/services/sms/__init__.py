"""SMS payment reminders (短信缴费提醒) at the ledger: templates with four-eyes approval, the
queue and its dispatch through a gateway (simulator, Aliyun, Tencent), receipts, replies and
opt-outs. See docs/collections-sms.md.

Hooks for the other collections areas:
- `queue_reminder(conn, hall_id, account_no, source, as_of)`: the dunning sink's SMS action
  (`dunning_sms(conn, hall_id, account_no, run_id, level, as_of)` has the sink's signature);
- `cancel_queued(conn, hall_id, "dunning:<run>:", actor=, reason=)`: a reversed run's unsent
  reminders withdrawn;
- `sms_delivered(conn, hall_id, account_no, since) -> bool`: the stop-supply gate 经催交;
- `hooks.ON_VACANT`: called with (conn, hall_id, account_no, phone, at) on a vacant number."""

from .messages import cancel_queued, dunning_sms, queue_reminder, sms_delivered

__all__ = ["cancel_queued", "dunning_sms", "queue_reminder", "sms_delivered"]
