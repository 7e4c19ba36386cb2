"""Numbers people type are bounded in length before they are converted: a 5,000-digit number (over Python's
4,300-digit int() limit) or an id past the database's integer columns is refused, never raised on.
Also the callback data's bounds: an id or index outside them does not unpack."""

from __future__ import annotations

import pytest

from campaigns import followup, payroll
from campaigns.broadcasts.schedules import parse_when
from campaigns.callbacks import (
    AssignmentButton,
    AudienceButton,
    BroadcastReplyButton,
    CampaignButton,
    ComposerButton,
    EnergyButton,
    ManagerMenuButton,
    MyPledgeButton,
    NavButton,
    PledgeAnswerButton,
    PledgeConfirmButton,
    PledgeStartButton,
    RegionButton,
    StatsButton,
    StopMessagesButton,
    VolunteerButton,
)
from campaigns.jalali import parse_jalali_date
from campaigns.kinds import PledgeRules
from campaigns.numerals import MAX_DIGITS, MAX_ID, digits_value, is_long_number, parse_int
from campaigns.pledges import AmountError, check_amount, parse_tomans
from campaigns.regions import load_regions
from campaigns.volunteers import pick_many
from campaigns.words import pick_one

HUGE = "9" * 5000  # past Python's 4,300-digit limit: int() would raise ValueError
LONG = "1" * (MAX_DIGITS + 1)


def test_eighteen_digits_is_the_longest_number_read() -> None:
    assert parse_int("9" * MAX_DIGITS) == 10**MAX_DIGITS - 1
    assert parse_int("۹" * MAX_DIGITS) == 10**MAX_DIGITS - 1
    assert parse_int("999,999,999,999,999,999") == 10**18 - 1
    assert parse_int(LONG) is None
    assert parse_int(HUGE) is None
    assert parse_int("۹" * 5000) is None and parse_int("٩" * 5000) is None
    assert parse_int("1," * 3000) is None


@pytest.mark.parametrize("text", ["²", "1²", "-5", "+5", "1.5", "", " ", "١٢x", "1e3", "Ⅻ", "१२"])
def test_what_is_not_a_plain_whole_number_is_none(text: str) -> None:
    assert parse_int(text) is None
    assert digits_value(text) is None


def test_digits_in_every_script_and_separators_still_read() -> None:
    assert parse_int(" ۱۲٬۳۴۵ ") == 12_345
    assert parse_int("١٢٣") == 123
    assert parse_int("1 000") == 1000
    assert digits_value("007") == 7


def test_a_long_number_is_told_from_words() -> None:
    assert is_long_number(HUGE) and is_long_number("۱" * 19) and is_long_number("1,000,000,000,000,000,000")
    assert not is_long_number("9" * MAX_DIGITS)
    assert not is_long_number("پانصد") and not is_long_number("x" * 5000) and not is_long_number("")


RULES = PledgeRules(min_tomans=50_000, max_tomans=1_000_000)


@pytest.mark.parametrize("text", [HUGE, "۹" * 5000, LONG, f"{HUGE} thousand", f"{HUGE} million", "1" * 40 + " tomans"])
def test_a_huge_amount_is_too_large_not_an_error(text: str) -> None:
    assert check_amount(text, RULES) is AmountError.TOO_LARGE
    assert parse_tomans(text) is None


def test_amounts_still_read_and_words_are_not_numbers() -> None:
    assert check_amount("۲۵۰٬۰۰۰", RULES) == 250_000
    assert check_amount("500 thousand", RULES) == 500_000
    assert check_amount("x" * 5000, RULES) is AmountError.NOT_A_NUMBER
    assert check_amount("999999999999999999", RULES) is AmountError.TOO_LARGE


def test_typed_list_numbers_and_places_never_raise() -> None:
    regions = load_regions()
    for text in (HUGE, "۹" * 5000, "²", LONG, "x" * 5000):
        assert regions.match_province(text) is None
        assert regions.match_county(regions.provinces[0].code, text) is None
        assert pick_one(text, [["a"], ["b"]]) is None
        assert pick_many(text, [["a"], ["b"]]) is None
    assert regions.match_province("۴") == regions.provinces[3]
    assert pick_one("۲", [["a"], ["b"]]) == 1


def test_payslip_digits_bound_the_net_pay() -> None:
    assert payroll.payslip_digits(HUGE) is payroll.DigitsError.AMBIGUOUS
    assert payroll.payslip_digits("1" * 19) is payroll.DigitsError.AMBIGUOUS
    assert payroll.payslip_digits("۱۲۳٬۴۵۶٬۷۸۹") == 6789
    assert payroll.payslip_digits("۴۵۶۷") == 4567


def test_dates_with_huge_numbers_are_not_dates() -> None:
    assert parse_jalali_date(f"{HUGE}/01/01") is None
    assert parse_jalali_date(f"1405/{HUGE}/01") is None
    assert parse_when(f"{HUGE}/09/03 18:30") is None
    assert parse_when(f"1405/09/03 {HUGE}") is None


def test_payment_rows_with_ids_past_the_integer_column_are_bad_rows() -> None:
    report = followup.ImportReport()
    rows = followup.parse_csv(f"pledge_id,amount\n{MAX_ID},100\n{MAX_ID + 1},100\n{HUGE},100\n1,{HUGE}\n".encode(),
                              report)
    assert [row.pledge_id for row in rows] == [MAX_ID]
    assert report.bad == [(3, followup.RowProblem.BAD_ID), (4, followup.RowProblem.BAD_ID),
                          (5, followup.RowProblem.BAD_AMOUNT)]


# -- callback data: bounds checked while unpacking ----------------------------------------------------------

GOOD = [
    (CampaignButton, "cmp:open:1:0"), (CampaignButton, f"cmp:join:{MAX_ID}:0"), (CampaignButton, "cmp:list:0:3"),
    (PledgeStartButton, "pls:7:in_kind"), (PledgeAnswerButton, "pla:item:12"), (PledgeAnswerButton, "pla:rg:any"),
    (PledgeConfirmButton, "plc:7:0123456789ab"), (MyPledgeButton, "plm:month:3"), (EnergyButton, "eng:unit:2:rial"),
    (StopMessagesButton, "bcs:0"), (BroadcastReplyButton, "bcr:4:1"), (AssignmentButton, "asg:r:9"),
    (ManagerMenuButton, "mg:menu:0"), (ManagerMenuButton, "mg:audit:12"), (ComposerButton, "cp:join:5"),
    (AudienceButton, "au:cm:-1"), (AudienceButton, "au:ax:0"), (StatsButton, "st:fair:1"), (NavButton, "nav:page:2"),
    (RegionButton, "rg:c:0:0:0"), (RegionButton, "rg:pg:-1:-1:2"), (RegionButton, "rg:w:3:-1:0"),
    (RegionButton, "rg:b:-1:-1:0"), (VolunteerButton, "vol:dy:7"),
]
BAD = [
    (CampaignButton, f"cmp:open:{MAX_ID + 1}:0"), (CampaignButton, "cmp:open:0:0"), (CampaignButton, "cmp:list:0:-1"),
    (CampaignButton, f"cmp:join:{2**63}:0"), (PledgeStartButton, "pls:0:cash"), (PledgeStartButton, "pls:1:gold"),
    (PledgeAnswerButton, "pla:rec:yearly"), (PledgeAnswerButton, "pla:item:12345"), (PledgeAnswerButton, "pla:x:1"),
    (PledgeConfirmButton, "plc:1:XYZ"), (MyPledgeButton, "plm:cancel:-1"), (MyPledgeButton, f"plm:yes:{10**30}"),
    (EnergyButton, "eng:unit:2:"), (StopMessagesButton, "bcs:-1"), (StopMessagesButton, f"bcs:{MAX_ID + 1}"),
    (BroadcastReplyButton, "bcr:0:0"), (AssignmentButton, "asg:z:1"), (AssignmentButton, f"asg:a:{MAX_ID + 1}"),
    (ManagerMenuButton, "mg:revoke:0"), (ManagerMenuButton, "mg:drop:1"), (ComposerButton, "cp:progress:0"),
    (AudienceButton, "au:ax:5"), (AudienceButton, "au:mk:-1"), (AudienceButton, "au:cm:0"),
    (StatsButton, "st:export:4"), (NavButton, "nav:page:-1"), (RegionButton, "rg:p:31:-1:0"),
    (RegionButton, "rg:c:0:-1:0"), (RegionButton, "rg:p:-1:-1:0"), (RegionButton, "rg:pg:31:-1:0"),
    (RegionButton, "rg:x:0:-1:0"), (VolunteerButton, "vol:oc:2"), (VolunteerButton, "vol:ok:0"),
]


@pytest.mark.parametrize(("kind", "data"), GOOD)
def test_buttons_the_bot_makes_unpack(kind: type, data: str) -> None:
    assert kind.unpack(data).pack() == data  # type: ignore[attr-defined]


@pytest.mark.parametrize(("kind", "data"), BAD)
def test_out_of_range_or_unknown_data_does_not_unpack(kind: type, data: str) -> None:
    with pytest.raises(ValueError):
        kind.unpack(data)  # type: ignore[attr-defined]
