#!/usr/bin/env python3
"""The CLDR oracle for money formatting: Babel (PyPI), which carries CLDR's data.

Reads {"locales": {"fr_FR": "EUR", ...}, "amounts": ["1234.56", ...]} on standard input and prints
{"fr_FR": {"decimal": ",", "group": "\u202f", "symbol": "€", "pattern": "#,##0.00\u00a0¤",
"formatted": {"1234.56": "1\u202f234,56\u00a0€", ...}}, ...} as JSON.
"""

import json
import sys
from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, get_decimal_symbol, get_group_symbol

request = json.load(sys.stdin)
answer = {}
for locale_name, currency in request["locales"].items():
    locale = Locale.parse(locale_name)
    answer[locale_name] = {
        "decimal": get_decimal_symbol(locale),
        "group": get_group_symbol(locale),
        "symbol": locale.currency_symbols.get(currency, currency),
        "pattern": locale.currency_formats["standard"].pattern,
        "formatted": {amount: format_currency(Decimal(amount), currency, locale=locale) for amount in request["amounts"]},
    }
json.dump(answer, sys.stdout, ensure_ascii=False)
