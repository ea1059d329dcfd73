"""Pinyin search keys for customer names: 张三 is found by `zs` (initials) or `zhangsan`.

The readings come from pypinyin (its character and phrase dictionaries), never from a table
of ours. Each name gets a few keys, stored in `customer_pinyin` (key, customer_id) when the
customer is imported or arrives in a reference snapshot or change set, so a look-up is one
index range scan:

* the name read as pypinyin reads it in context (phrases first): full pinyin without tones
  (`zhangsan`, ü as `v`: 吕 → `lv`) and the initials (`zs`);
* heteronyms: in a name of up to 4 characters (a person's), a character with more than one
  reading gives one more variant per other reading, the rest of the name read as above; in
  a longer name only the first character is varied (曾国藩 → `cengguofan`/`cgf` and
  `zengguofan`/`zgf`; 单 → dan, chan, shan). Surnames read differently are the common case;
  one change at a time keeps the number of keys linear in the name (at most `MAX_VARIANTS`
  readings per name), not a product over every character;
* letters and digits in a name are kept as they are (`A区张三` → `aquzhangsan`, `aqzs`);
  other characters are left out. A name without a Chinese character has no pinyin keys
  (its letters are found by the name index already).

`PINYIN_VERSION` (with pypinyin's version) is stored in `meta`: when either changes, the
keys are rebuilt when the store is opened, as the gram index is.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import pypinyin
from pypinyin import Style, pinyin
from pypinyin.constants import PHRASES_DICT
from pypinyin.contrib.tone_convert import to_normal

PINYIN_TABLE = "customer_pinyin"
PINYIN_META_KEY = "pinyin_keys_version"
PINYIN_VERSION = f"1/pypinyin-{pypinyin.__version__}"
MAX_VARIANTS = 8  # readings of one name (the default one included)
MAX_KEY_CHARS = 48  # long company names: a prefix of this length is searchable
MIN_QUERY_CHARS = 2
PERSONAL_NAME_CHARS = 4
MAX_PHRASE_CHARS = 8  # longer dictionary phrases are rare; checking them costs more


@lru_cache(maxsize=8192)
def _readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of one character, pypinyin's most common first; () for a
    character pypinyin has no reading for (not a Chinese character)."""
    if ch.isascii():
        return ()
    out = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore", v_to_u=False)
    return tuple(dict.fromkeys(r for r in (out[0] if out else []) if r.isascii() and r.isalpha()))


def _syllables(name: str) -> list[tuple[str, tuple[str, ...]]]:
    """Per kept character (ASCII letters and digits, Chinese characters): its reading in
    context and its other readings; [] when the name has no Chinese character."""
    s = unicodedata.normalize("NFKC", name or "").lower()
    kept = [(ch, _readings(ch)) for ch in s if ch.isalnum()]
    kept = [(ch, r) for ch, r in kept if r or ch.isascii()]
    if not any(r for _, r in kept):
        return []
    by_char = [r[0] if r else ch for ch, r in kept]
    context = by_char
    text = "".join(ch for ch, _ in kept)
    if _has_phrase(text):
        # In context: pypinyin's phrase dictionary, longest phrase first from the left
        # (重庆 → chong qing), each character's common reading elsewhere.
        context = _in_context(text, by_char)
    return [(said, tuple(x for x in r if x != said)) for (_, r), said in zip(kept, context,
                                                                             strict=True)]


@lru_cache(maxsize=16384)
def _phrase_reading(phrase: str) -> tuple[str, ...] | None:
    """The toneless reading of a phrase in pypinyin's phrase dictionary, or None."""
    said = PHRASES_DICT.get(phrase)
    if said is None or len(said) != len(phrase):
        return None
    out = tuple(to_normal(r[0], v_to_u=False) for r in said)
    return out if all(r.isascii() and r.isalpha() for r in out) else None


def _in_context(text: str, by_char: list[str]) -> list[str]:
    """Forward maximum matching over the phrase dictionary, as pypinyin segments a text
    (`lazy_pinyin` gives the same readings; this skips its per-call cost, ~30 µs a name,
    which a snapshot of a million names would pay)."""
    out = list(by_char)
    i, n = 0, len(text)
    while i < n - 1:
        for j in range(min(n, i + MAX_PHRASE_CHARS), i + 1, -1):
            said = _phrase_reading(text[i:j])
            if said is not None:
                out[i:j] = said
                i = j
                break
        else:
            i += 1
    return out


def _has_phrase(text: str) -> bool:
    """Whether some part of `text` is in pypinyin's phrase dictionary (else its reading is
    each character's own most common reading, which is what lazy_pinyin would give)."""
    n = len(text)
    return any(text[i:j] in PHRASES_DICT
               for i in range(n - 1) for j in range(i + 2, min(n, i + MAX_PHRASE_CHARS) + 1))


def _keys_of(reading: list[str]) -> tuple[str, str]:
    full = "".join(reading)[:MAX_KEY_CHARS]
    initials = "".join(r[0] for r in reading if r)[:MAX_KEY_CHARS]
    return full, initials


@lru_cache(maxsize=16384)
def pinyin_keys(name: str | None) -> tuple[str, ...]:
    """The search keys of one name (full pinyin and initials per reading), deduplicated."""
    syllables = _syllables(name or "")
    if not syllables:
        return ()
    base = [said for said, _ in syllables]
    readings = [base]
    # A person's name (up to 4 characters): any character may be read otherwise. A longer
    # name (a company, a name with a note) is read in context, only its first character
    # (a surname, if it is one) otherwise.
    varied = syllables if len(syllables) <= PERSONAL_NAME_CHARS else syllables[:1]
    for i, (_, others) in enumerate(varied):
        for other in others:
            if len(readings) >= MAX_VARIANTS:
                break
            readings.append([*base[:i], other, *base[i + 1:]])
    keys: dict[str, None] = {}
    for reading in readings:
        for key in _keys_of(reading):
            if key.isascii() and key:
                keys[key] = None
    return tuple(keys)


def normalize_pinyin_query(text: str | None) -> str | None:
    """`Zhang San`, `zhang'san`, `ZS` → `zhangsan`, `zs`; None when it is not pinyin-like
    (anything but ASCII letters, spaces and apostrophes, or under two letters)."""
    s = unicodedata.normalize("NFKC", text or "").lower()
    s = "".join(ch for ch in s if ch not in " '’")
    if len(s) < MIN_QUERY_CHARS or not (s.isascii() and s.isalpha()):
        return None
    return s[:MAX_KEY_CHARS]


def index_pinyin(raw: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> None:
    """Add the keys of (customer id, name) rows (not indexed yet)."""
    raw.executemany(
        f"INSERT OR IGNORE INTO {PINYIN_TABLE}(key, customer_id) VALUES (?, ?)",
        [(key, cid) for cid, name in rows for key in pinyin_keys(name)],
    )


def unindex_pinyin(raw: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> None:
    """Remove the keys of (customer id, old name) rows: the keys are worked out again from
    the old name (deterministic for one PINYIN_VERSION), so no second index is needed."""
    raw.executemany(
        f"DELETE FROM {PINYIN_TABLE} WHERE key = ? AND customer_id = ?",
        [(key, cid) for cid, name in rows for key in pinyin_keys(name)],
    )


def rebuild_pinyin(raw: sqlite3.Connection, *, batch: int = 20_000) -> int:
    """Every customer's keys again (migration backfill, bulk loaders, a new pypinyin)."""
    raw.execute(f"DELETE FROM {PINYIN_TABLE}")
    last, count = 0, 0
    while True:
        rows = raw.execute("SELECT id, name FROM customers WHERE id > ? ORDER BY id LIMIT ?",
                           (last, batch)).fetchall()
        if not rows:
            break
        index_pinyin(raw, rows)
        last, count = rows[-1][0], count + len(rows)
    raw.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (PINYIN_META_KEY, PINYIN_VERSION),
    )
    return count
