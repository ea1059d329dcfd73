"""Realistic, deterministic demo customers and bills for a Chinese power-supply business hall.

Customers come in neighbourhood blocks (one 台区, one street and 小区 each), as account
numbers do in a real hall. Everything is drawn from one `random.Random(seed)`, so the same
seed and reference date give the same data, and the first n customers do not depend on how
many are asked for. Per-row work is kept to table look-ups and string concatenation: the
generator must feed a million customers into a store in well under three minutes.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from hall_domain.accounts import BillStatus, Customer, UserType

from . import sample_population_tables as T

# Demo data does not depend on today: bills run up to February 2026, so arrears that began in
# November cross the year boundary. The CLI passes today's date when asked to.
DEFAULT_REFERENCE_DATE = date(2026, 3, 20)
BILL_MONTHS = 6
ACCOUNT_BASE = 3_101_000_000  # 10-digit account numbers starting 31… (one supply bureau)

RESIDENTIAL_SHARE = 0.85
# Residential tiered tariff (阶梯电价), monthly tiers: first 230 kWh at ¥0.5283, up to 400 at
# +¥0.05, above 400 at +¥0.30. Prices in 1/100 fen per kWh.
RESIDENTIAL_TIERS = ((230, 5283), (400, 5783), (None, 8283))
OTHER_PRICE = 7858  # general commercial and industrial (一般工商业), 1/100 fen per kWh
# Monthly consumption factor by calendar month: heating in winter, air conditioning in summer.
SEASON = (1.35, 1.25, 1.0, 0.9, 0.95, 1.1, 1.45, 1.5, 1.15, 0.9, 0.95, 1.25)
DUE_DAYS = (15, 20, 25, 10)
DUE_DAY_CUM = (75, 88, 96, 100)
PHONE_VALID, PHONE_MISSING, PHONE_TEN_DIGITS = 0.85, 0.93, 0.965  # cumulative; rest landline
RARE_NAME_SHARE = 0.005
# Bill histories (cumulative): latest bill open / all paid / all paid with credit / arrears
# over several months / a partly paid older bill.
P_CURRENT, P_ALL_PAID, P_CREDIT, P_ARREARS = 0.70, 0.80, 0.86, 0.98
ARREARS_MONTHS = (2, 3, 4, 5, 6)
ARREARS_CUM = (30, 55, 80, 90, 100)
CREDIT_AMOUNTS_FEN = (1000, 2000, 3000, 5000, 5000, 10000, 10000, 20000, 30000, 50000, 1288, 6650)

PAID, OPEN, PARTIAL = BillStatus.PAID.value, BillStatus.OPEN.value, BillStatus.PARTIAL.value
RESIDENTIAL, OTHER = UserType.RESIDENTIAL.value, UserType.OTHER.value


@dataclass(frozen=True, slots=True)
class DemoBill:
    period: str  # YYYY-MM
    kwh: int
    amount_fen: int
    due_date: date
    paid_fen: int  # principal already paid
    status: BillStatus

    @property
    def is_open(self) -> bool:
        return self.status != BillStatus.PAID


@dataclass(frozen=True, slots=True)
class DemoCustomer:
    account_no: str
    name: str
    address: str
    phone: str | None
    user_type: UserType
    area: str
    credit_fen: int
    bills: tuple[DemoBill, ...]

    @property
    def open_bills(self) -> tuple[DemoBill, ...]:
        return tuple(b for b in self.bills if b.is_open)

    def to_customer(self) -> Customer:
        return Customer(
            account_no=self.account_no,
            name=self.name,
            address=self.address,
            phone=self.phone,
            user_type=self.user_type,
            area=self.area,
            credit_fen=self.credit_fen,
        )


# (account_no, name, address, phone, user_type, area, credit_fen)
CustomerRow = tuple[str, str, str, str | None, str, str, int]
# (period, kwh, amount_fen, due_date ISO, principal paid fen, status)
BillRow = tuple[str, int, int, str, int, str]


def billing_periods(reference_date: date, months: int = BILL_MONTHS) -> list[tuple[int, int]]:
    """(year, month) of the `months` periods ending with the month before `reference_date`."""
    y, m = reference_date.year, reference_date.month
    out = []
    for _ in range(months):
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        out.append((y, m))
    return out[::-1]


def residential_amount_fen(kwh: int) -> int:
    """Tiered residential bill for one month's kWh, rounded half up to the fen."""
    (t1, p1), (t2, p2), (_, p3) = RESIDENTIAL_TIERS
    hundredths = (
        min(kwh, t1) * p1 + min(max(kwh - t1, 0), t2 - t1) * p2 + max(kwh - t2, 0) * p3
    )
    return (hundredths + 50) // 100


def other_amount_fen(kwh: int) -> int:
    return (kwh * OTHER_PRICE + 50) // 100


class _Tables:
    """Strings and cumulative weights built once per generator run."""

    def __init__(self, reference_date: date) -> None:
        self.surnames, cum = T.split_weights(T.SURNAMES)
        self.surname_cum, self.surname_total = cum, cum[-1]
        self.given = T.GIVEN_CHARS
        self.rare, self.rare_cum = T.split_weights(T.RARE_CHARS)
        self.street_suffixes, self.street_suffix_cum = T.split_weights(T.STREET_SUFFIXES)
        self.community_suffixes, self.community_suffix_cum = T.split_weights(T.COMMUNITY_SUFFIXES)
        self.trades, self.trade_cum = T.split_weights(T.COMPANY_TRADES)
        self.forms, self.form_cum = T.split_weights(T.COMPANY_FORMS)
        self.districts = [
            (prov + city + dist, city.removesuffix("市"), short)
            for prov, city, dists in T.PLACES
            for dist, short in dists
        ]
        self.buildings = [f"{i}栋" for i in range(0, 41)]
        self.units = [f"{i}单元" for i in range(0, 7)]
        self.rooms = [[f"{floor}{r:02d}室" for r in range(0, 5)] for floor in range(0, 34)]
        self.house_numbers = [f"{i}号" for i in range(0, 400)]
        self.groups = [f"{i}组" for i in range(0, 13)]
        periods = billing_periods(reference_date)
        self.periods = [f"{y:04d}-{m:02d}" for y, m in periods]
        self.season = [SEASON[m - 1] for _, m in periods]
        # due_iso[day index][period index]: the due day in the month after the period.
        self.due_iso = [
            [
                (date(y + 1, 1, d) if m == 12 else date(y, m + 1, d)).isoformat()
                for y, m in periods
            ]
            for d in DUE_DAYS
        ]
        self.res_amount = [residential_amount_fen(k) for k in range(0, 4001)]


def _block(rng: random.Random, t: _Tables, block_no: int) -> tuple:
    """One neighbourhood: 台区, address prefixes and how many customers it holds."""
    rnd = rng.random
    place, city_short, dist_short = t.districts[int(rnd() * len(t.districts))]
    stem = T.STREET_STEMS[int(rnd() * len(T.STREET_STEMS))]
    street = stem + t.street_suffixes[bisect(t.street_suffix_cum, rnd() * t.street_suffix_cum[-1])]
    direction = T.AREA_DIRECTIONS[int(rnd() * len(T.AREA_DIRECTIONS))]
    area = f"TQ-{block_no * 3 + 1 + int(rnd() * 3):04d} {direction}{1 + int(rnd() * 12)}号台区"
    size = 80 + int(rnd() * 520)
    street_prefix = place + street
    if rnd() < 0.12:  # a village: 镇 / 村 / 组 / 号
        town = T.TOWN_STEMS[int(rnd() * len(T.TOWN_STEMS))] + "镇"
        village = T.VILLAGE_STEMS[int(rnd() * len(T.VILLAGE_STEMS))] + "村"
        return (size, area, city_short, street_prefix, place + town + village, True, 0, 0, 0)
    community = T.COMMUNITY_STEMS[int(rnd() * len(T.COMMUNITY_STEMS))] + t.community_suffixes[
        bisect(t.community_suffix_cum, rnd() * t.community_suffix_cum[-1])
    ]
    prefix = street_prefix + t.house_numbers[1 + int(rnd() * 398)]
    if rnd() < 0.15:  # long addresses: 街道 and 社区, a developer brand and a phase
        brand = T.COMMUNITY_BRANDS[int(rnd() * len(T.COMMUNITY_BRANDS))]
        prefix = (
            place + stem + "街道" + T.COMMUNITY_STEMS[int(rnd() * len(T.COMMUNITY_STEMS))] + "社区"
            + street + t.house_numbers[1 + int(rnd() * 398)] + brand + community
            + ("一期", "二期", "三期", "东区", "西区")[int(rnd() * 5)]
        )
    else:
        prefix += community
    buildings = 4 + int(rnd() * 36)
    units = 1 + int(rnd() * 6)
    floors = 6 if rnd() < 0.4 else 11 + int(rnd() * 23)
    return (size, area, city_short, street_prefix, prefix, False, buildings, units, floors)


def iter_rows(
    count: int, *, seed: int, reference_date: date | None = None
) -> Iterator[tuple[CustomerRow, tuple[BillRow, ...]]]:
    """The fast form: plain tuples, one customer row and its bills (oldest first) at a time."""
    if count < 0:
        raise ValueError("count must be ≥ 0")
    ref = reference_date or DEFAULT_REFERENCE_DATE
    t = _Tables(ref)
    rng = random.Random(seed)
    rnd = rng.random
    surnames, surname_cum, surname_total = t.surnames, t.surname_cum, t.surname_total
    given, n_given = t.given, len(t.given)
    periods, season, due_iso, res_amount = t.periods, t.season, t.due_iso, t.res_amount
    buildings_s, units_s, rooms_s, numbers_s = t.buildings, t.units, t.rooms, t.house_numbers
    prefixes, n_prefixes = T.MOBILE_PREFIXES, len(T.MOBILE_PREFIXES)
    n_months = len(periods)
    month_range = range(n_months)

    account = ACCOUNT_BASE + rng.randrange(1_000_000)
    block_no = 100 + rng.randrange(100)
    left = 0
    for _ in range(count):
        if left == 0:
            block_no += 1
            (left, area, city_short, street_prefix, prefix, rural,
             n_buildings, n_units, n_floors) = _block(rng, t, block_no)
        left -= 1
        account += 1 + int(rnd() * 4)

        # Name: surname by frequency, one or two given-name characters, now and then a rare one.
        surname = surnames[bisect(surname_cum, rnd() * surname_total)]
        if rnd() < 0.25:
            given_name = given[int(rnd() * n_given)]
        else:
            given_name = given[int(rnd() * n_given)] + given[int(rnd() * n_given)]
        if rnd() < RARE_NAME_SHARE:
            rare = t.rare[bisect(t.rare_cum, rnd() * t.rare_cum[-1])]
            if len(given_name) == 1:
                given_name = given_name + rare if rnd() < 0.5 else rare
            elif rnd() < 0.5:
                given_name = rare + given_name[1]
            else:
                given_name = given_name[0] + rare

        residential = rnd() < RESIDENTIAL_SHARE
        if residential:
            name = surname + given_name
            if rural:
                address = prefix + t.groups[1 + int(rnd() * 12)] + numbers_s[1 + int(rnd() * 120)]
            else:
                floor = 1 + int(rnd() * n_floors)
                address = (
                    prefix + buildings_s[1 + int(rnd() * n_buildings)]
                    + units_s[1 + int(rnd() * n_units)] + rooms_s[floor][1 + int(rnd() * 4)]
                )
            base = 40 + rnd() * rnd() * 520
        else:
            if rnd() < 0.75:
                name = (
                    city_short + T.COMPANY_STEMS[int(rnd() * len(T.COMPANY_STEMS))]
                    + t.trades[bisect(t.trade_cum, rnd() * t.trade_cum[-1])]
                    + t.forms[bisect(t.form_cum, rnd() * t.form_cum[-1])]
                )
            else:
                name = surname + T.SHOP_KINDS[int(rnd() * len(T.SHOP_KINDS))]
            address = street_prefix + numbers_s[1 + int(rnd() * 398)]
            base = 300 + rnd() * rnd() * rnd() * 40000

        r = rnd()
        if r < PHONE_VALID:
            phone = prefixes[int(rnd() * n_prefixes)] + str(100_000_000 + int(rnd() * 100_000_000))[1:]
        elif r < PHONE_MISSING:
            phone = None
        elif r < PHONE_TEN_DIGITS:  # a digit lost when it was typed in
            phone = prefixes[int(rnd() * n_prefixes)] + str(10_000_000 + int(rnd() * 10_000_000))[1:]
        else:  # a landline where a mobile belongs
            code = T.LANDLINE_CODES[int(rnd() * len(T.LANDLINE_CODES))]
            phone = code + "-" + str(20_000_000 + int(rnd() * 69_999_999))

        # Which bills are still open: from `first_open` on (n_months: none).
        r = rnd()
        credit = 0
        partial_at = -1
        if r < P_CURRENT:
            first_open = n_months - 1
        elif r < P_ALL_PAID:
            first_open = n_months
        elif r < P_CREDIT:
            first_open = n_months
            credit = CREDIT_AMOUNTS_FEN[int(rnd() * len(CREDIT_AMOUNTS_FEN))]
        elif r < P_ARREARS:
            first_open = n_months - ARREARS_MONTHS[bisect(ARREARS_CUM, rnd() * 100)]
        else:
            first_open = n_months - 2
            partial_at = first_open
        first_open = max(first_open, 0)

        day = bisect(DUE_DAY_CUM, rnd() * 100)
        dues = due_iso[day]
        bills = []
        for i in month_range:
            kwh = int(base * season[i] * (0.8 + 0.4 * rnd())) + 1
            if residential:
                amount = res_amount[kwh] if kwh <= 4000 else residential_amount_fen(kwh)
            else:
                amount = (kwh * OTHER_PRICE + 50) // 100
            if i < first_open:
                bills.append((periods[i], kwh, amount, dues[i], amount, PAID))
            elif i == partial_at:
                paid = 1 + int(rnd() * (amount - 1)) if amount > 1 else 0
                bills.append((periods[i], kwh, amount, dues[i], paid, PARTIAL if paid else OPEN))
            else:
                bills.append((periods[i], kwh, amount, dues[i], 0, OPEN))
        yield (
            (str(account), name, address, phone, RESIDENTIAL if residential else OTHER, area, credit),
            tuple(bills),
        )


def generate_customers(
    count: int, *, seed: int, reference_date: date | None = None
) -> Iterator[DemoCustomer]:
    """`count` demo customers, each with its six monthly bills, oldest first."""
    for (acc, name, address, phone, utype, area, credit), bills in iter_rows(
        count, seed=seed, reference_date=reference_date
    ):
        yield DemoCustomer(
            account_no=acc,
            name=name,
            address=address,
            phone=phone,
            user_type=UserType(utype),
            area=area,
            credit_fen=credit,
            bills=tuple(
                DemoBill(
                    period=p,
                    kwh=kwh,
                    amount_fen=amount,
                    due_date=date.fromisoformat(due),
                    paid_fen=paid,
                    status=BillStatus(status),
                )
                for p, kwh, amount, due, paid, status in bills
            ),
        )
