"""A bounded bit-flip campaign on copies of a small counter store (5 queued payments): 120
single-bit flips at seeded random offsets. Each copy runs status, lookup, sync status and
audit verify, then status, lookup and sync status again. Every command must either answer as
on the undamaged copy or refuse with a clear message (never a traceback), and once a check
has found damage every later command must refuse too. The counts are printed (-s) and kept
in docs/security.md."""

from __future__ import annotations

import contextlib
import io
import random
import re
import shutil

from counter_app.cli import main

FLIPS = 120
COMMANDS = (("status",), ("lookup", "{account}"), ("sync", "status", "--json"))


def _run(data_dir, *args) -> tuple[int | str, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--data-dir", str(data_dir), *args])
        except SystemExit as exc:
            code = exc.code
        except Exception as exc:  # noqa: BLE001 - an unhandled error is what we count
            return "crash", "", f"{type(exc).__name__}: {exc}"
    return code, out.getvalue(), err.getvalue()


def _session(data_dir, account: str) -> list[tuple[str, int | str, str, str]]:
    cmds = [*COMMANDS, ("audit", "verify"), *COMMANDS]
    runs = []
    for cmd in cmds:
        args = [a.format(account=account) for a in cmd]
        code, out, err = _run(data_dir, *args)
        runs.append((" ".join(cmd), code, re.sub(r"\"store\": \"[^\"]*\"", "", out), err))
    return runs


def test_bit_flips_are_answered_correctly_or_refused(counter, tmp_path):
    counter.pay_many(5)
    account = counter.accounts()[3]
    counter.store.close()
    base_dir = counter.path.parent
    baseline = _session(base_dir, account)
    assert all(code == 0 for _, code, _, _ in baseline), baseline
    image = counter.path.read_bytes()
    rng = random.Random(20261128)
    tally = {"unchanged": 0, "refused": 0, "changed_answer": 0}
    crashes, inconsistent, changed = [], [], []
    for n in range(FLIPS):
        work = tmp_path / f"flip{n}"
        work.mkdir()
        data = bytearray(image)
        offset = rng.randrange(len(data))
        data[offset] ^= 1 << rng.randrange(8)
        (work / counter.path.name).write_bytes(bytes(data))
        runs = _session(work, account)
        shutil.rmtree(work)
        refused_at = next((i for i, (_, code, _, _) in enumerate(runs) if code != 0), None)
        crashes += [(offset, cmd, err) for cmd, code, _, err in runs
                    if code == "crash" or "Traceback" in err]
        if refused_at is not None:
            tally["refused"] += 1
            later = runs[max(refused_at + 1, len(COMMANDS) + 1):]
            if any(code == 0 for _, code, _, _ in later):
                inconsistent.append((offset, [(c, code) for c, code, _, _ in runs]))
            for cmd, code, _, err in runs:
                if code not in (0,) and not err.strip():
                    crashes.append((offset, cmd, "refused without a message"))
        elif [(c, o) for c, _, o, _ in runs] == [(c, o) for c, _, o, _ in baseline]:
            tally["unchanged"] += 1
        else:
            tally["changed_answer"] += 1
            changed.append(offset)
    print(f"\nbit flips: {FLIPS}; {tally}; changed-answer offsets {changed[:20]}")
    assert sum(tally.values()) == FLIPS
    assert crashes == []
    assert inconsistent == []  # once a check found damage, every later command refused
