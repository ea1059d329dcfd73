"""The customer search index: kept in step by the repository, rebuilt after raw bulk inserts."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime

from counter_app.adapters.storage import open_store, rebuild_search_index
from counter_app.adapters.storage.search import META_KEY, fts_query, search_grams
from hall_domain.accounts import Customer, UserType

NOW = datetime(2026, 4, 4, 9, 30)


def names(found):
    return [c.name for c in found]


def test_grams_and_queries():
    assert search_grams("张伟明") == "张伟 伟明 张 伟 明"
    assert search_grams("Ａ-12·号") == "a1 12 2号 a 1 2 号"
    assert search_grams("") == "" and search_grams(None) == ""
    assert fts_query("伟") == '"伟"' and fts_query("张伟") == '"张伟"'
    assert fts_query("幸福路") == '"幸福 福路"' and fts_query(' "·" ') is None


def test_repository_keeps_the_index_in_step_on_insert_and_update(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        a = Customer("3100000001", "张伟", "幸福路1号", None, UserType.RESIDENTIAL, "A")
        with store.write() as tx:
            assert tx.customers.upsert_customers([a], now=NOW) == (1, 0)
        with store.write() as tx:
            assert tx.customers.upsert_customers([replace(a, name="张卫", address="和平路2号")],
                                                 now=NOW) == (0, 1)
            # An unchanged name and address are not re-indexed (no duplicate postings).
            assert tx.customers.upsert_customers([replace(a, name="张卫", address="和平路2号",
                                                          phone="13800138000")], now=NOW) == (0, 1)
        with store.read() as tx:
            assert tx.customers.customers_name_containing("张伟", limit=5) == []
            assert tx.customers.customers_address_containing("幸福", limit=5) == []
            assert names(tx.customers.customers_name_containing("卫", limit=5)) == ["张卫"]
            assert names(tx.customers.customers_address_containing("和平路2", limit=5)) == ["张卫"]
        con = sqlite3.connect(store.path)
        con.execute("INSERT INTO customer_name_fts(customer_name_fts) VALUES ('integrity-check')")
        con.close()


def test_rebuild_after_raw_bulk_inserts(tmp_path):
    path = tmp_path / "s.db"
    open_store(path).close()
    con = sqlite3.connect(path)  # a bulk loader writing rows directly
    con.executemany(
        "INSERT INTO customers (account_no, name, address, phone, user_type, area, credit_fen, "
        "updated_at) VALUES (?, ?, ?, NULL, 'residential', 'A', 0, ?)",
        [(f"31{i:08d}", f"王{i}", f"人民路{i}号", NOW.isoformat()) for i in range(500)],
    )
    con.commit()
    with open_store(path) as store, store.read() as tx:
        assert tx.customers.customers_address_containing("人民路", limit=5) == []  # not indexed yet
    assert rebuild_search_index(con) == 500
    con.commit()
    con.close()
    with open_store(path) as store, store.read() as tx:
        assert len(tx.customers.customers_address_containing("人民路", limit=1000)) == 500
        assert names(tx.customers.customers_name_containing("王12", limit=20)) == [
            "王12", *(f"王{i}" for i in range(120, 130))]


def test_a_changed_gram_version_rebuilds_the_index_on_open(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path) as store, store.write() as tx:
        tx.customers.upsert_customers([Customer("3100000001", "张伟", "幸福路1号", None,
                                                UserType.RESIDENTIAL, "A")], now=NOW)
    con = sqlite3.connect(path)
    con.execute("INSERT INTO customer_name_fts(customer_name_fts) VALUES ('delete-all')")
    con.execute("UPDATE meta SET value = 'old' WHERE key = ?", (META_KEY,))
    con.commit()
    con.close()
    with open_store(path) as store, store.read() as tx:
        assert names(tx.customers.customers_name_containing("伟", limit=5)) == ["张伟"]
        assert tx.meta.get_meta(META_KEY) != "old"
