"""The one CSV parser of customers and bills (counter and ledger importers both use it)."""

from __future__ import annotations

from datetime import date

from hall_domain.accounts import UserType
from hall_domain.csv_import import BillRow, Problem, decode, parse_bills, parse_customers


def customers(text: str):
    problems: list[Problem] = []
    rows = parse_customers(text, account_length=10, problems=problems)
    return rows, [(p.line, p.reason) for p in problems]


def bills(text: str, **kw):
    problems: list[Problem] = []
    rows = parse_bills(text, problems=problems, **kw)
    return rows, [(p.line, p.reason) for p in problems]


def test_customers_in_any_column_order_with_chinese_user_types():
    rows, problems = customers("area,user_type,phone,address,name,account_no\n"
                               "东1,居民,138 0000 0001,人民路1号,张三,3301000001\n"
                               "\n"
                               "东2,非居民,0571-8888123,人民路2号,李四,3301000002\n")
    assert problems == []
    assert [(line, c.account_no, c.user_type, c.phone) for line, c in rows] == [
        (2, "3301000001", UserType.RESIDENTIAL, "13800000001"),
        (4, "3301000002", UserType.OTHER, "0571-8888123")]  # a landline is kept as typed


def test_every_problem_is_reported_by_line_and_column():
    rows, problems = customers("account_no,name,address,phone,user_type,area\n"
                               "33010000,,人民路1号,,residential,东1\n"
                               "3301000003,王五,人民路3号,,company,东1\n"
                               "3301000003,王五,人民路3号,,other,东1\n"
                               "3301000004,赵六\n")
    assert rows == []
    lines = [line for line, _ in problems]
    assert lines == [2, 2, 3, 4, 5]  # line 5 has too few fields
    assert problems[0][1].startswith("account_no: ") and problems[1][1] == "name: is empty"
    assert problems[2][1].startswith("user_type: 'company' is not one of residential, other")
    # A bad row still claims its account: the fixed copy on line 4 is a repeat to look at.
    assert problems[3][1] == "account_no: 3301000003 appears twice (first on line 3)"
    assert problems[4][1] == "row: expected 6 fields, found 2"


def test_a_repeated_account_names_its_first_line():
    _, problems = customers("account_no,name,address,phone,user_type,area\n"
                            "3301000001,张三,a,,residential,\n"
                            "3301000001,张三,a,,residential,\n")
    assert problems == [(3, "account_no: 3301000001 appears twice (first on line 2)")]


def test_a_bad_header_is_one_problem_on_line_one():
    rows, problems = customers("account,name\n1,2\n")
    assert rows == [] and len(problems) == 1 and problems[0][0] == 1
    assert "missing column(s) account_no" in problems[0][1]
    assert customers("")[1] == [(1, "header: the file is empty; expected "
                                    "account_no,name,address,phone,user_type,area")]


def test_bills_with_and_without_the_account_check_and_their_own_limit():
    text = ("account_no,period,kwh,amount,due_date\n"
            "3301000001,2026-02,100,50.00,2026-03-15\n"
            "123,2026-03,7,1.5,2026-04-15\n")
    rows, problems = bills(text)
    assert problems == []
    assert rows[0] == (2, BillRow("3301000001", "2026-02", 100, 5000, date(2026, 3, 15)))
    _, problems = bills(text, account_length=10)
    assert [line for line, _ in problems] == [3]
    big = "account_no,period,kwh,amount,due_date\n3301000001,2026-02,1,200000000.00,2026-03-15\n"
    assert bills(big)[1][0][1].startswith("amount: ")
    assert bills(big, max_fen=10**11)[1] == []


def test_bill_fields_are_checked_one_by_one():
    _, problems = bills("account_no,period,kwh,amount,due_date\n"
                        ",2026-13,1.5,1e3,2026-02-30\n")
    reasons = [r.split(":")[0] for _, r in problems]
    assert reasons == ["account_no", "period", "kwh", "amount", "due_date"]


def test_decode_drops_the_byte_order_mark_and_finds_the_bad_line():
    assert decode("\ufeffa,b\n".encode()) == ("a,b\n", None)
    text, problem = decode(b"a,b\n1,2\n\xff,3\n")
    assert text is None and problem.line == 3 and "0xff" in problem.reason
