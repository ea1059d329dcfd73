"""The SMS rules of hall_domain/sms.py: lengths and parts, wording, variables, window, caps,
opt-out replies, mobile numbers."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from hall_domain.sms import (
    SmsLength,
    SmsPolicy,
    SmsRuleError,
    cap_problem,
    check_policy,
    check_template,
    count_parts,
    in_window,
    is_opt_out_reply,
    mask_name,
    mobile_number,
    next_window_start,
    reminder_values,
    render,
)

POLICY = SmsPolicy()


@pytest.mark.parametrize(("chars", "parts"), [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3),
                                              (201, 3), (202, 4)])
def test_one_sms_holds_70_and_each_part_67(chars, parts):
    assert count_parts("电" * chars) == SmsLength(chars, parts)


def test_the_signature_counts_with_its_brackets():
    assert count_parts("电" * 62, "国网供电").chars == 62 + 6
    assert count_parts("电" * 65, "国网供电").parts == 2  # 65 + 【国网供电】 = 71
    assert count_parts("𠮷").chars == 2  # outside the BMP: two UCS-2 units


@pytest.mark.parametrize("text", ["请立即还款，否则催款", "催 款通知", "欠费催收", "将列入黑名单",
                                  "ＣＵＩ催款"])
def test_collection_wording_is_refused(text):
    with pytest.raises(SmsRuleError) as e:
        check_template(text, "国网供电")
    assert e.value.code == "sms.forbidden_wording"


def test_a_payment_reminder_is_accepted_and_counted():
    length = check_template("${name}您好，您的电费${amount}元未缴，请及时缴纳。缴费提醒", "国网供电")
    assert length.parts == 1


@pytest.mark.parametrize(("text", "code"), [
    ("${nme}您好", "sms.unknown_variable"), ("您好${", "sms.template_syntax"),
    ("【国网】您好", "sms.template_syntax"), ("", "sms.template_empty"),
    ("您好\x07", "sms.template_control"), ("电" * 500, "sms.too_many_parts")])
def test_bad_templates_are_refused(text, code):
    with pytest.raises(SmsRuleError) as e:
        check_template(text, "国网供电")
    assert e.value.code == code


@pytest.mark.parametrize("sig", ["国", "【国网】", "国网 供电", "一二三四五六七八九十一二三"])
def test_bad_signatures_are_refused(sig):
    with pytest.raises(SmsRuleError):
        check_template("您好", sig)


def test_render_fills_every_variable_and_nothing_else():
    values = reminder_values(name="欧阳小明", account_no="3301000001", amount_fen=12345, months=2,
                             oldest_period="2026-01", due_date=date(2026, 2, 15), hall="H001")
    assert values["name"] == "欧**明" and values["account_no"] == "****0001"
    assert values["amount"] == "123.45"
    assert render("${name}：${amount}元（${months}期）", values) == "欧**明：123.45元（2期）"
    with pytest.raises(SmsRuleError):
        render("${name}${due_date}", {"name": "张*"})
    with pytest.raises(SmsRuleError):
        render("${name}", {"name": "${amount}"})


def test_names_are_masked():
    assert [mask_name(n) for n in ("张", "张三", "张小三")] == ["张", "张*", "张*三"]


@pytest.mark.parametrize(("t", "inside"), [(time(7, 59, 59), False), (time(8, 0), True),
                                           (time(19, 59, 59), True), (time(20, 0), False)])
def test_window_edges(t, inside):
    assert in_window(datetime.combine(date(2026, 4, 20), t), POLICY) is inside


def test_next_window_start():
    assert next_window_start(datetime(2026, 4, 20, 21, 0), POLICY) == datetime(2026, 4, 21, 8, 0)
    assert next_window_start(datetime(2026, 4, 20, 6, 0), POLICY) == datetime(2026, 4, 20, 8, 0)
    night = SmsPolicy(window_start=time(22, 0), window_end=time(6, 0))
    assert in_window(datetime(2026, 4, 20, 23, 0), night)
    assert not in_window(datetime(2026, 4, 20, 12, 0), night)


def test_day_cap_counts_the_local_date():
    sent = [datetime(2026, 4, 20, 9, 0)]
    assert cap_problem(datetime(2026, 4, 20, 19, 0), sent, POLICY) == (
        "day", datetime(2026, 4, 21, 0, 0))
    assert cap_problem(datetime(2026, 4, 21, 8, 0), sent, POLICY) is None


def test_thirty_day_cap_is_rolling():
    sent = [datetime(2026, 4, d, 9, 0) for d in (1, 8, 15, 22)]
    problem = cap_problem(datetime(2026, 4, 29, 9, 0), sent, POLICY)
    assert problem == ("month", datetime(2026, 5, 1, 9, 0))  # 04-01 drops out 30 days later
    assert cap_problem(datetime(2026, 5, 1, 9, 0), sent, POLICY) is None


def test_policy_checks():
    with pytest.raises(SmsRuleError):
        check_policy(SmsPolicy(window_start=time(8), window_end=time(8)))
    with pytest.raises(SmsRuleError):
        check_policy(SmsPolicy(day_cap=5, month_cap=4))


@pytest.mark.parametrize(("reply", "out"), [("TD", True), ("td", True), (" Ｔ Ｄ ", True),
                                            ("R", True), ("退订", True), ("退订。", True),
                                            ("已缴费", False), ("TDX", False), ("", False)])
def test_opt_out_replies(reply, out):
    assert is_opt_out_reply(reply) is out


@pytest.mark.parametrize(("phone", "mobile"), [
    ("13912340000", "13912340000"), ("+86 139-1234-0000", "13912340000"),
    ("008613912340000", "13912340000"), ("１３９１２３４００００", "13912340000"),
    ("0571-88880000", None), ("12912340000", None), ("1391234000", None), (None, None)])
def test_mobile_numbers(phone, mobile):
    assert mobile_number(phone) == mobile
