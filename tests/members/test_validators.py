import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric, uscc

from apps.members.models import Gender, LawyerCategory
from apps.members.validators import (
    LicenceNumber,
    id_number_mask,
    law_firm_uscc_build,
    mobile_mask,
    organisation_code_check_digit,
    validate_firm_licence_no,
    validate_id_number,
    validate_law_firm_uscc,
    validate_licence_no,
    validate_mobile,
)
from tests.members.factories import LawyerFactory, id_number_for, uscc_for

# --- USCC ------------------------------------------------------------------------------


def test_built_law_firm_uscc_is_valid_for_stdnum_and_us():
    code = law_firm_uscc_build(region="310101", organisation_base="42500000")
    assert uscc.is_valid(code)
    assert code.startswith("31310101")
    validate_law_firm_uscc(code)


def test_organisation_code_check_digit_follows_gb11714():
    # 1×3 + 2×7 + 3×9 + 4×10 + 5×5 + 6×8 + 7×4 + 8×2 = 201; 11 − 201 mod 11 = 8
    assert organisation_code_check_digit("12345678") == "8"
    assert organisation_code_check_digit("00000000") == "0"  # 11 → "0"


def test_uscc_with_wrong_check_digit_is_rejected():
    code = uscc_for(1)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        validate_law_firm_uscc(wrong)
    assert exc.value.code == "invalid_uscc"


def test_company_uscc_is_not_a_law_firm():
    with pytest.raises(ValidationError) as exc:
        validate_law_firm_uscc("91110000600037341L")  # a valid business USCC
    assert exc.value.code == "not_law_firm_uscc"


@pytest.mark.parametrize(
    "value", ["", "3131010142500000", "31310101425000001X9", "3131010I4250000X"]
)
def test_malformed_uscc_is_rejected(value):
    with pytest.raises(ValidationError):
        validate_law_firm_uscc(value)


def test_lowercase_uscc_must_be_normalised_first():
    code = law_firm_uscc_build(region="310101", organisation_base="4250000A")
    if code.upper() == code.lower():
        pytest.fail("test needs a letter in the code")
    with pytest.raises(ValidationError):
        validate_law_firm_uscc(code.lower())


# --- Lawyer licence number -------------------------------------------------------------


def test_licence_number_parts():
    parts = LicenceNumber.parse("13101201010123456")
    assert (parts.province, parts.city, parts.year) == ("31", "01", 2010)
    assert (parts.category, parts.gender, parts.serial) == ("1", "0", "123456")
    assert str(parts) == "13101201010123456"


@pytest.mark.parametrize("value", ["13101201010123456", "14401199821000001", "11101197911123456"])
def test_valid_licence_numbers(value):
    validate_licence_no(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1310120101012345", "licence_format"),  # 16 digits
        ("131012010101234567", "licence_format"),  # 18 digits
        ("1310120101012345X", "licence_format"),
        ("23101201010123456", "licence_document_type"),
        ("19901201010123456", "licence_province"),  # 99 is no province
        ("13101197810123456", "licence_year"),  # before 1979
        ("13101299910123456", "licence_year"),  # in the future
        ("13101201000123456", "licence_category"),
        ("13101201012123456", "licence_gender"),
        ("13101201010000000", "licence_serial"),
    ],
)
def test_invalid_licence_numbers(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_licence_no(value)
    assert exc.value.code == code


@pytest.mark.parametrize("value", ["23101201011000001", "23101199410373344"])
def test_valid_firm_licence_numbers(value):
    validate_firm_licence_no(value)


@pytest.mark.parametrize("value", ["2310120101100000", "29901201011000001", "23101197011000001"])
def test_invalid_firm_licence_numbers(value):
    with pytest.raises(ValidationError):
        validate_firm_licence_no(value)


# --- ID number -------------------------------------------------------------------------


def test_generated_id_numbers_are_valid():
    for n in (0, 1, 399, 400, 5000):
        number = id_number_for(n)
        assert ric.is_valid(number)
        validate_id_number(number)


def test_id_number_with_wrong_check_digit_is_rejected():
    number = id_number_for(3)
    wrong = number[:-1] + ("1" if number[-1] != "1" else "2")
    with pytest.raises(ValidationError):
        validate_id_number(wrong)


def test_id_number_with_impossible_birth_date_is_rejected():
    body = "31010119850231123"  # 31 February
    with pytest.raises(ValidationError):
        validate_id_number(body + ric.calc_check_digit(body + "X"))


def test_id_number_mask_keeps_only_ends():
    assert id_number_mask("31010119850101123X") == "310***********123X"
    assert id_number_mask("") == ""
    assert mobile_mask("13912345678") == "139****5678"


@pytest.mark.parametrize("value", ["1391234567", "23912345678", "139123456789", "1391234567a"])
def test_invalid_mobile_numbers(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)


# --- Lawyer cross-checks ---------------------------------------------------------------


@pytest.mark.django_db
def test_lawyer_licence_must_agree_with_gender_year_and_category():
    lawyer = LawyerFactory.build(firm=None)
    lawyer.full_clean()  # consistent by construction
    lawyer.gender = Gender.FEMALE
    lawyer.first_licensed = dt.date(2016, 1, 1)
    lawyer.category = LawyerCategory.PART_TIME
    with pytest.raises(ValidationError) as exc:
        lawyer.full_clean()
    assert {"gender", "first_licensed", "category"} <= set(exc.value.error_dict)


@pytest.mark.django_db
def test_id_number_gender_must_match_lawyer_gender():
    lawyer = LawyerFactory.build(firm=None, gender=Gender.MALE)
    lawyer.id_number = id_number_for(7, male=False)
    with pytest.raises(ValidationError) as exc:
        lawyer.full_clean()
    assert "id_number" in exc.value.error_dict


@pytest.mark.django_db
def test_clean_lowercases_email_and_refuses_unnormalised_licence():
    lawyer = LawyerFactory.build(firm=None)
    lawyer.email = "Someone@Example.CN"
    lawyer.full_clean()
    assert lawyer.email == "someone@example.cn"
    lawyer.licence_no = f"{lawyer.licence_no[:5]} {lawyer.licence_no[5:]}"
    with pytest.raises(ValidationError) as exc:
        lawyer.full_clean()
    assert "licence_no" in exc.value.error_dict
