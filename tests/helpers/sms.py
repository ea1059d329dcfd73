"""SMS test data: customers whose phones' last digits pick the simulator's outcome, an approved
template, and a simulator pushing receipts to a running ledger."""

from __future__ import annotations

from datetime import date, datetime

from hall_ledger.services.imports import import_bills, import_customers
from hall_ledger.services.sms.templates import approve_template, draft_template

# last digit: 0 delivered, 1 vacant, 2 no receipt, 3 rate-limited, 4 late receipt
SMS_CUSTOMERS = """account_no,name,address,phone,user_type,area
3301000100,钱一,城东区人民路100号,13912340000,residential,东1
3301000101,孙二,城东区人民路101号,13912340001,residential,东1
3301000102,周三,城东区人民路102号,13912340002,residential,东1
3301000103,吴四,城东区人民路103号,13912340003,residential,东2
3301000104,郑五,城东区人民路104号,13912340004,residential,东2
3301000105,冯六,城东区人民路105号,13912340005,residential,东2
"""
SMS_BILLS = """account_no,period,kwh,amount,due_date
3301000100,2026-02,200,120.00,2026-03-15
3301000101,2026-02,100,50.00,2026-03-15
3301000102,2026-02,150,80.00,2026-03-15
3301000103,2026-02,150,80.00,2026-03-15
3301000104,2026-02,150,80.00,2026-03-15
3301000105,2026-01,150,66.60,2026-02-15
3301000105,2026-02,150,80.00,2026-03-15
"""
DELIVERED, VACANT, NO_RECEIPT, LIMITED, LATE = (
    "3301000100", "3301000101", "3301000102", "3301000103", "3301000104")
TEXT = "${name}您好，您的户号${account_no}截至${due_date}尚有电费${amount}元未缴，请及时缴纳。缴费提醒"
AS_OF = date(2026, 4, 20)
# 10:00 in Beijing (UTC+8) on 2026-04-20; the ledger's times are naive UTC
MORNING = datetime(2026, 4, 20, 2, 0)


def seed_sms(engine, hall_id: str = "H001") -> None:
    assert import_customers(engine, SMS_CUSTOMERS, hall_id=hall_id).ok
    assert import_bills(engine, SMS_BILLS, hall_id=hall_id).ok


def approved(engine, hall_id: str = "H001", text: str = TEXT, *, drafter: str = "3001",
             approver: str = "3002") -> int:
    with engine.begin() as conn:
        t = draft_template(conn, hall_id, name="缴费提醒", text=text, signature="国网城东供电",
                           actor=drafter, now=MORNING, provider_code="SMS_1001")
        approve_template(conn, hall_id, t["template_id"], actor=approver, now=MORNING)
    return t["template_id"]
