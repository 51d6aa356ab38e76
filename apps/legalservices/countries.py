"""Countries and regions where member firms keep offices abroad: ISO 3166-1 alpha-2 code,
Chinese and English names, and the continent the directory filters by.

Only places a Shanghai firm plausibly has an office are listed; staff pick from these in
admin (a new country is a one-line addition here, no migration: the field stores the code).
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CONTINENTS: dict[str, str] = {
    "asia": _("亚洲"),
    "europe": _("欧洲"),
    "north_america": _("北美洲"),
    "south_america": _("南美洲"),
    "africa": _("非洲"),
    "oceania": _("大洋洲"),
}

# code: (Chinese, English, continent)
COUNTRIES: dict[str, tuple[str, str, str]] = {
    "SG": ("新加坡", "Singapore", "asia"),
    "JP": ("日本", "Japan", "asia"),
    "KR": ("韩国", "South Korea", "asia"),
    "HK": ("中国香港", "Hong Kong SAR, China", "asia"),
    "MO": ("中国澳门", "Macao SAR, China", "asia"),
    "TW": ("中国台湾", "Taiwan, China", "asia"),
    "MY": ("马来西亚", "Malaysia", "asia"),
    "TH": ("泰国", "Thailand", "asia"),
    "VN": ("越南", "Viet Nam", "asia"),
    "ID": ("印度尼西亚", "Indonesia", "asia"),
    "PH": ("菲律宾", "Philippines", "asia"),
    "KH": ("柬埔寨", "Cambodia", "asia"),
    "LA": ("老挝", "Laos", "asia"),
    "MM": ("缅甸", "Myanmar", "asia"),
    "IN": ("印度", "India", "asia"),
    "PK": ("巴基斯坦", "Pakistan", "asia"),
    "KZ": ("哈萨克斯坦", "Kazakhstan", "asia"),
    "UZ": ("乌兹别克斯坦", "Uzbekistan", "asia"),
    "AE": ("阿联酋", "United Arab Emirates", "asia"),
    "SA": ("沙特阿拉伯", "Saudi Arabia", "asia"),
    "QA": ("卡塔尔", "Qatar", "asia"),
    "IL": ("以色列", "Israel", "asia"),
    "TR": ("土耳其", "Türkiye", "asia"),
    "GB": ("英国", "United Kingdom", "europe"),
    "DE": ("德国", "Germany", "europe"),
    "FR": ("法国", "France", "europe"),
    "NL": ("荷兰", "Netherlands", "europe"),
    "BE": ("比利时", "Belgium", "europe"),
    "LU": ("卢森堡", "Luxembourg", "europe"),
    "CH": ("瑞士", "Switzerland", "europe"),
    "IT": ("意大利", "Italy", "europe"),
    "ES": ("西班牙", "Spain", "europe"),
    "PT": ("葡萄牙", "Portugal", "europe"),
    "PL": ("波兰", "Poland", "europe"),
    "HU": ("匈牙利", "Hungary", "europe"),
    "RS": ("塞尔维亚", "Serbia", "europe"),
    "RU": ("俄罗斯", "Russia", "europe"),
    "US": ("美国", "United States", "north_america"),
    "CA": ("加拿大", "Canada", "north_america"),
    "MX": ("墨西哥", "Mexico", "north_america"),
    "BR": ("巴西", "Brazil", "south_america"),
    "AR": ("阿根廷", "Argentina", "south_america"),
    "CL": ("智利", "Chile", "south_america"),
    "PE": ("秘鲁", "Peru", "south_america"),
    "ZA": ("南非", "South Africa", "africa"),
    "EG": ("埃及", "Egypt", "africa"),
    "KE": ("肯尼亚", "Kenya", "africa"),
    "NG": ("尼日利亚", "Nigeria", "africa"),
    "ET": ("埃塞俄比亚", "Ethiopia", "africa"),
    "AU": ("澳大利亚", "Australia", "oceania"),
    "NZ": ("新西兰", "New Zealand", "oceania"),
}


def country_name(code: str) -> str:
    entry = COUNTRIES.get(code)
    if entry is None:
        return code
    return entry[1] if (get_language() or "").startswith("en") else entry[0]


def country_choices() -> list[tuple[str, str]]:
    return [(code, f"{zh} {en}") for code, (zh, en, _c) in COUNTRIES.items()]


def countries_in(continent: str) -> list[str]:
    return [code for code, (_zh, _en, c) in COUNTRIES.items() if c == continent]


def continent_of(code: str) -> str:
    entry = COUNTRIES.get(code)
    return entry[2] if entry else ""
