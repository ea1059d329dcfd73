"""audit: the SHA-256 hash chain finds an edited, deleted or reordered entry at the right index."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hall_domain.audit import (
    GENESIS_HASH,
    AuditEntry,
    canonical_bytes,
    entry_hash,
    first_broken,
    seal,
)

FAST = settings(max_examples=100, deadline=None)
START = datetime(2026, 4, 4, 9, 0, 0)


def chain(n: int, first_seq: int = 1) -> list[AuditEntry]:
    """n sealed entries, each linked to the one before."""
    out: list[AuditEntry] = []
    prev = GENESIS_HASH
    for i in range(n):
        e = seal(
            AuditEntry(
                seq=first_seq + i,
                at=START + timedelta(minutes=i),
                terminal_id="T01",
                user_id=None if i % 3 == 2 else f"u{i % 2}",
                action=["payment.take", "shift.open", "payment.void", "login"][i % 4],
                target=f"payment:{1000 + i}",
                outcome="ok" if i % 5 else "denied",
                detail=f'{{"amount_fen": {100 * i}, "note": "柜台"}}',
                prev_hash=prev,
            )
        )
        out.append(e)
        prev = e.hash
    return out


def test_intact_chain() -> None:
    entries = chain(6)
    assert first_broken(entries) is None
    assert entries[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:], strict=False))


def test_empty_chain_holds() -> None:
    assert first_broken([]) is None


def test_seal_fills_a_sha256_hash_deterministically() -> None:
    e = chain(1)[0]
    assert len(e.hash) == 64 and int(e.hash, 16) >= 0
    assert seal(replace(e, hash="")).hash == e.hash == entry_hash(e)


def test_canonical_bytes_leave_out_the_hash_and_keep_chinese_text() -> None:
    e = chain(1)[0]
    assert canonical_bytes(e) == canonical_bytes(replace(e, hash="x" * 64))
    assert "柜台" in canonical_bytes(e).decode("utf-8")


def test_none_user_differs_from_the_text_none() -> None:
    e = chain(3)[2]
    assert e.user_id is None
    assert entry_hash(replace(e, user_id="None")) != entry_hash(e)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("action", "payment.refund"),
        ("target", "payment:9999"),
        ("outcome", "denied!"),
        ("detail", '{"amount_fen": 1}'),
        ("user_id", "someone"),
        ("terminal_id", "T02"),
        ("at", START + timedelta(days=1)),
    ],
)
def test_edited_field_is_found(field: str, value: object) -> None:
    entries = chain(5)
    entries[2] = replace(entries[2], **{field: value})
    assert first_broken(entries) == 2


def test_edited_and_resealed_entry_breaks_the_next_link() -> None:
    entries = chain(5)
    entries[2] = seal(replace(entries[2], outcome="forged"))
    assert first_broken(entries) == 3


def test_deleted_entry_is_found() -> None:
    entries = chain(5)
    del entries[2]
    assert first_broken(entries) == 2


def test_deleted_first_entry_is_found() -> None:
    assert first_broken(chain(5)[1:]) == 0


def test_reordered_entries_are_found() -> None:
    entries = chain(5)
    entries[1], entries[3] = entries[3], entries[1]
    assert first_broken(entries) == 1


def test_correctly_linked_chain_with_a_sequence_gap_is_broken_at_the_gap() -> None:
    entries = chain(3)
    skipped = seal(replace(chain(4)[3], seq=5, prev_hash=entries[-1].hash))  # seq 4 is missing
    assert skipped.prev_hash == entries[2].hash and skipped.hash == entry_hash(skipped)
    assert first_broken([*entries, skipped]) == 3


def test_a_chain_may_start_at_any_sequence_number() -> None:
    assert first_broken(chain(4, first_seq=100)) is None


# --- properties -----------------------------------------------------------------------------

sizes = st.integers(min_value=1, max_value=10)


@FAST
@given(sizes, st.data())
def test_any_edit_is_found_at_its_index(n: int, data: st.DataObject) -> None:
    entries = chain(n)
    i = data.draw(st.integers(0, n - 1))
    field = data.draw(st.sampled_from(["action", "target", "outcome", "detail", "terminal_id"]))
    new = data.draw(st.text(min_size=1, max_size=10))
    if getattr(entries[i], field) == new:
        return
    entries[i] = replace(entries[i], **{field: new})
    assert first_broken(entries) == i


@FAST
@given(st.integers(min_value=2, max_value=10), st.data())
def test_any_deletion_but_the_last_is_found_at_its_index(n: int, data: st.DataObject) -> None:
    entries = chain(n)
    i = data.draw(st.integers(0, n - 1))
    del entries[i]
    # dropping the newest entries leaves a valid shorter chain: that needs an outside anchor
    assert first_broken(entries) == (None if i == n - 1 else i)


@FAST
@given(st.integers(min_value=2, max_value=10), st.data())
def test_any_reordering_is_found_at_the_first_moved_index(n: int, data: st.DataObject) -> None:
    entries = chain(n)
    order = data.draw(st.permutations(range(n)))
    moved = [i for i, j in enumerate(order) if i != j]
    shuffled = [entries[j] for j in order]
    assert first_broken(shuffled) == (moved[0] if moved else None)
