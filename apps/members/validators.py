"""Validators for the identifiers the association keeps: USCC, licence numbers, ID numbers.

Each validator normalises nothing and raises ValidationError with a Chinese message; the
`normalise_*` helpers strip spaces and upper-case so forms and imports can clean input first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from apps.core.pii import mask_id_number, mask_phone

# Province-level division codes (GB/T 2260), the first two digits of every regional code.
# fmt: off
PROVINCE_CODES: frozenset[str] = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82",
})
# fmt: on
SHANGHAI_PROVINCE_CODE = "31"

# The first year lawyers were licensed again after the profession was restored (1979).
FIRST_LICENCE_YEAR = 1979

# USCC for a law-practice institution: registering authority 3 (司法行政), entity type 1
# (律师执业机构), per GB 32100-2015. A company's USCC (91…) is not a law firm's.
LAW_FIRM_USCC_PREFIX = "31"

_DIGITS17 = re.compile(r"^\d{17}$")


def normalise_code(value: str) -> str:
    """Strip whitespace and separators, upper-case: how every identifier is stored."""
    return re.sub(r"[\s\-]", "", value or "").upper()


# --- Unified social credit code --------------------------------------------------------


def validate_law_firm_uscc(value: str) -> None:
    """A valid USCC (length, alphabet, check digit) that belongs to a law-practice institution."""
    try:
        uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("统一社会信用代码无效（应为 18 位，且校验位正确）。"), code="invalid_uscc"
        ) from exc
    if value != uscc.compact(value):
        raise ValidationError(_("统一社会信用代码不应包含空格或小写字母。"), code="invalid_uscc")
    if not value.startswith(LAW_FIRM_USCC_PREFIX):
        raise ValidationError(
            _("这不是律师事务所的统一社会信用代码（律师事务所的代码以 31 开头）。"),
            code="not_law_firm_uscc",
        )


def organisation_code_check_digit(base8: str) -> str:
    """GB 11714 check character for an 8-character organisation code (digits/letters)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(_gb11714_value(c) * w for c, w in zip(base8, weights, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _gb11714_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def law_firm_uscc_build(*, region: str, organisation_base: str) -> str:
    """Compose a law firm's USCC: 31 + 6-digit region + organisation code + check digit."""
    org = organisation_base + organisation_code_check_digit(organisation_base)
    body = f"{LAW_FIRM_USCC_PREFIX}{region}{org}"
    return body + uscc.calc_check_digit(body)


# --- Lawyer licence number -------------------------------------------------------------


class LicenceCategory:
    """Digit 10 of a lawyer's licence number: the kind of practice (执业类别)."""

    FULL_TIME = "1"  # 专职律师
    PART_TIME = "2"  # 兼职律师
    HONG_KONG = "3"  # 香港居民律师
    MACAO = "4"  # 澳门居民律师
    TAIWAN = "5"  # 台湾居民律师
    PUBLIC = "6"  # 公职律师
    CORPORATE = "7"  # 公司律师
    LEGAL_AID = "8"  # 法律援助律师
    MILITARY = "9"  # 军队律师


LICENCE_GENDER_MALE = "0"
LICENCE_GENDER_FEMALE = "1"


@dataclass(frozen=True)
class LicenceNumber:
    """The parts of a 17-digit lawyer licence number (律师执业证号).

    The Ministry of Justice numbering scheme, position by position (1-based):

    ====== ======= ==========================================================
    1      1       document type: 1 = lawyer's practising certificate (律师执业证)
    2-3    31      province of the practising institution (GB/T 2260; 31 = Shanghai)
    4-5    01      city (prefecture) code, or district of a municipality
    6-9    2010    year first licensed (首次执业年度)
    10     1       category: 1 full-time, 2 part-time, 3 Hong Kong, 4 Macao, 5 Taiwan,
                   6 public-sector, 7 corporate, 8 legal aid, 9 military
    11     0       gender: 0 male, 1 female
    12-17  123456  serial number
    ====== ======= ==========================================================

    e.g. ``13101201010123456`` is a Shanghai full-time lawyer, male, first licensed 2010.
    There is no check digit, so validation is structural.
    """

    document_type: str
    province: str
    city: str
    year: int
    category: str
    gender: str
    serial: str

    @classmethod
    def parse(cls, value: str) -> LicenceNumber:
        return cls(
            document_type=value[0],
            province=value[1:3],
            city=value[3:5],
            year=int(value[5:9]),
            category=value[9],
            gender=value[10],
            serial=value[11:],
        )

    def __str__(self) -> str:
        return (
            f"{self.document_type}{self.province}{self.city}{self.year:04d}"
            f"{self.category}{self.gender}{self.serial}"
        )


def validate_licence_no(value: str) -> None:
    """Structural check of a lawyer licence number; see LicenceNumber for the layout."""
    if not _DIGITS17.match(value or ""):
        raise ValidationError(_("执业证号应为 17 位数字。"), code="licence_format")
    parts = LicenceNumber.parse(value)
    if parts.document_type != "1":
        raise ValidationError(
            _("执业证号第 1 位应为 1（律师执业证）。"), code="licence_document_type"
        )
    if parts.province not in PROVINCE_CODES:
        raise ValidationError(
            _("执业证号第 2–3 位不是有效的省级行政区划代码。"), code="licence_province"
        )
    this_year = timezone.localdate().year
    if not FIRST_LICENCE_YEAR <= parts.year <= this_year:
        raise ValidationError(
            _("执业证号第 6–9 位（首次执业年度）应在 %(first)s 至 %(last)s 之间。"),
            code="licence_year",
            params={"first": FIRST_LICENCE_YEAR, "last": this_year},
        )
    if parts.category == "0":
        raise ValidationError(_("执业证号第 10 位（执业类别）无效。"), code="licence_category")
    if parts.gender not in (LICENCE_GENDER_MALE, LICENCE_GENDER_FEMALE):
        raise ValidationError(
            _("执业证号第 11 位（性别）应为 0（男）或 1（女）。"), code="licence_gender"
        )
    if parts.serial == "000000":
        raise ValidationError(_("执业证号的顺序号不能为全零。"), code="licence_serial")


def licence_no_build(
    *, province: str, city: str, year: int, category: str, gender: str, serial: int
) -> str:
    value = f"1{province}{city}{year:04d}{category}{gender}{serial:06d}"
    validate_licence_no(value)
    return value


# --- Law firm practice licence number --------------------------------------------------


def validate_firm_licence_no(value: str) -> None:
    """A law firm's practice licence number (律师事务所执业许可证号): 17 digits.

    Same frame as the lawyer's: digit 1 is the document type (2 for a firm's licence),
    digits 2-3 a province code, 4-5 the city, 6-9 the year the firm was approved.
    The remaining digits (organisation form, serial) are not checked.
    """
    if not _DIGITS17.match(value or ""):
        raise ValidationError(_("执业许可证号应为 17 位数字。"), code="firm_licence_format")
    if value[1:3] not in PROVINCE_CODES:
        raise ValidationError(
            _("执业许可证号第 2–3 位不是有效的省级行政区划代码。"), code="firm_licence_province"
        )
    year = int(value[5:9])
    if not FIRST_LICENCE_YEAR <= year <= timezone.localdate().year:
        raise ValidationError(
            _("执业许可证号第 6–9 位（批准设立年度）无效。"), code="firm_licence_year"
        )


# --- Resident identity card number ----------------------------------------------------


def validate_id_number(value: str) -> None:
    """A PRC resident identity card number (GB 11643): check digit, birth date and place."""
    try:
        ric.validate(value)
    except StdnumError as exc:
        raise ValidationError(_("身份证号码无效。"), code="invalid_id_number") from exc
    if value != ric.compact(value):
        raise ValidationError(
            _("身份证号码不应包含空格，末位 X 请大写。"), code="invalid_id_number"
        )


def id_number_is_male(value: str) -> bool:
    """Digit 17 of an ID number is odd for men, even for women."""
    return int(value[16]) % 2 == 1


def id_number_birth_date(value: str) -> dt.date:
    return ric.get_birth_date(value)


def id_number_mask(value: str) -> str:
    """Show the first 3 and last 4 characters only: 310***********123X."""
    return mask_id_number(value)


def mobile_mask(value: str) -> str:
    return mask_phone(value)


_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def validate_mobile(value: str) -> None:
    """A mainland mobile number: 11 digits starting 13–19."""
    if not _MOBILE.match(value or ""):
        raise ValidationError(_("请输入 11 位手机号码。"), code="invalid_mobile")
