"""Every store, print and network operation the window runs off the GUI thread, in one place
(Anki's aqt/operations is the model).

Each operation is a small function that takes its inputs (the parent widget first, then the
store or service and plain values) and returns a not-yet-started `worker.Op`; the caller adds
what happens on success and on failure and starts it:

    session.sign_in(window, store, user_id=..., pin=..., now=now, terminal_id=...) \\
        .success(on_signed_in).failure(show_error).run_in_background()

The Op runs the work on the store thread (or the pool given to `run_in_background`) and calls
back on the GUI thread, not at all when the parent was deleted or its session ended
(ui/worker.py, ui/session.py). No Qt widget is touched inside an operation's work.

| module | operations |
|---|---|
| `session` | `check_integrity`, `sign_in`, `current_shift`, `open_shift`, `list_users`, `save_settings` |
| `counter` | `search`, `open_account`, `commit_payment`, `save_phone` |
| `receipts` | `last_receipt`, `print_job`, `request_reprint`, `unprinted`, `open_drawer_for_payment`, `open_drawer_without_sale` |
| `devices` | `list_devices`, `printer_profiles`, `read_status`, `print_test_page`, `poll_status` |
| `ledger` | `ledger_status` |
"""
