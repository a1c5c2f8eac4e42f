"""`jdcheck template TYPE`: an empty submission spreadsheet generated from the type's rule file.

Everything comes from the RuleSet — the header in order, each column's kind, choices, default,
the ranges S006 enforces and the SKU digits S007 accepts — so the template and the checker
cannot drift: a template filled in with valid rows passes `jdcheck` unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from jdcheck.messages.errors import Failure
from jdcheck.messages.fixing import TEXTS, say
from jdcheck.rulefile import Column, RuleSet, SkuOptions
from jdcheck.sheets import sheet_title

# Data validation and cell formats cover this many rows, not the whole 1,048,576-row grid, which
# makes every reader (and WPS in particular) slow on open.
DEFAULT_ROWS = 200
TITLE_ROW, VERSION_ROW, HEADER_ROW = 1, 2, 3
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# Excel date validation works on serial numbers: 2000-01-01 .. 2099-12-31.
_FIRST_DATE, _LAST_DATE = dt.datetime(2000, 1, 1), dt.datetime(2099, 12, 31, 23, 59)
_WIDTHS = {"sku": 18, "datetime": 18, "product_link": 40, "shop_link": 40, "url": 40, "text": 24}


class TemplateError(Failure):
    """The type has no spreadsheet to make a template of."""


def write_template(rules: RuleSet, out: Path, *, lang: str = "zh", rows: int = DEFAULT_ROWS) -> Path:
    """Write the template of `rules` to `out` (.xlsx) and return `out`."""
    if rules.spreadsheet is None:
        raise TemplateError("no_spreadsheet", type=rules.type)
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns = rules.spreadsheet.columns
    last_row = HEADER_ROW + rows
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_title(f"{rules.name['zh']}提报")

    ws.cell(TITLE_ROW, 1, say("title", lang, name=rules.name.get(lang) or rules.name["zh"])).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=len(columns))
    if rules.template_version:
        ws.cell(VERSION_ROW, 1, f"模板版本: {rules.template_version}")

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(HEADER_ROW, index, column.name + ("*" if column.required else ""))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        note = column_note(rules, column, lang)
        comment = Comment(note, "jdcheck")
        comment.width, comment.height = 260, 40 + 18 * (len(note) // 28)
        cell.comment = comment
        ws.column_dimensions[letter].width = max(_WIDTHS.get(column.kind, 12), 2 * len(column.name) + 4)
        number_format = _number_format(column)
        if number_format:
            # The column's own style formats what is typed in any row (Excel, WPS and LibreOffice
            # take it for a new cell); the first rows' cells carry it too, for readers that do not.
            # A cell per row for `--rows 100000` would be 100,000 cells a column: a file jdcheck's
            # size guard (and WPS, opening it) takes for a bomb.
            ws.column_dimensions[letter].number_format = number_format
            for row in range(HEADER_ROW + 1, min(last_row, HEADER_ROW + DEFAULT_ROWS) + 1):
                ws.cell(row, index).number_format = number_format
        validation = _validation(rules, column, lang)
        if validation is not None:
            validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{last_row}")
            ws.add_data_validation(validation)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def column_note(rules: RuleSet, column: Column, lang: str) -> str:
    """What goes in a column, for the header cell's comment."""
    parts = [say("required" if column.required else "optional", lang)]
    if column.kind == "sku":
        low, high = _sku_digits(rules)
        parts.append(say("kind.sku", lang, min=low, max=high))
    elif column.kind == "choice":
        listed = _listable(column.choices or ())
        parts.append(say("kind.choice" if listed else "kind.choice_typed", lang, choices="/".join(column.choices or ())))
    else:
        # A kind this module has no words for yet (a new rule file's) reads as plain text.
        parts.append(say(f"kind.{column.kind}" if f"kind.{column.kind}" in TEXTS else "kind.text", lang))
    if column.default is not None:
        parts.append(say("default", lang, value=column.default))
    hard, soft = _ranges(rules, column.key)
    if hard is not None:
        parts.append(say("range", lang, range=_range_text(*hard)))
    if soft is not None:
        parts.append(say("advice", lang, range=_range_text(*soft)))
    for bound in _conditional_bounds(rules, column.key):
        for condition, pairs in (("when", bound.when), ("unless", bound.unless)):
            for key, value in (pairs or {}).items():
                other = rules.spreadsheet.by_key(key)
                parts.append(say(f"range_{condition}", lang, range=_range_text(bound.min, bound.max),
                                 column=other.name if other is not None else key, value=value))
    return " ".join(parts)


def _sku_digits(rules: RuleSet) -> tuple[int, int]:
    options = rules.enabled_checks.get("S007")
    options = options if isinstance(options, SkuOptions) else SkuOptions()
    return options.min_digits, options.max_digits


def _ranges(rules: RuleSet, key: str) -> tuple[tuple | None, tuple | None]:
    """(error range, warning range) of a column from S006's unconditional bounds, as (min, max).
    Only these become Excel's validation: a bound that holds for some rows only (`when`) or not
    for some (`unless`: 库存 ≥ 1 unless 是否标注售罄 is 是) would make Excel refuse a value the
    rules allow."""
    options = rules.enabled_checks.get("S006")
    hard: list = [None, None]
    soft: list = [None, None]
    for bound in getattr(options, "bounds", ()):
        if bound.column != key or bound.when or bound.unless:
            continue
        target = hard if bound.severity.value == "error" else soft
        if bound.min is not None:
            target[0] = bound.min if target[0] is None else max(target[0], bound.min)
        if bound.max is not None:
            target[1] = bound.max if target[1] is None else min(target[1], bound.max)
    return (tuple(hard) if hard != [None, None] else None, tuple(soft) if soft != [None, None] else None)


def _conditional_bounds(rules: RuleSet, key: str) -> list:
    """S006's error bounds of a column that hold for some rows only: said in the note, not enforced."""
    options = rules.enabled_checks.get("S006")
    return [bound for bound in getattr(options, "bounds", ())
            if bound.column == key and (bound.when or bound.unless) and bound.severity.value == "error"]


def _num(value: float) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def _range_text(low, high) -> str:
    if low is not None and high is not None:
        return f"{_num(low)}–{_num(high)}"
    return f"≥ {_num(low)}" if low is not None else f"≤ {_num(high)}"


def _number_format(column: Column) -> str | None:
    if column.kind == "sku":
        return "@"  # text: Excel keeps every digit and never shows 1.00012E+11
    if column.kind == "datetime":
        return DATETIME_FORMAT
    return None


# Excel keeps a drop-down list typed into the validation to 255 characters: a longer one makes it
# call the whole file damaged and "repair" it (removing every validation). A choice holding a comma
# would be split in two.
_EXCEL_LIST_LIMIT = 255


def _excel_list(choices) -> str:
    return '"{}"'.format(",".join(choices))


def _listable(choices) -> bool:
    """Whether Excel can hold the choices as a typed drop-down list."""
    return len(_excel_list(choices)) <= _EXCEL_LIST_LIMIT and not any("," in c or '"' in c for c in choices)


def _validation(rules: RuleSet, column: Column, lang: str):
    """The Excel data validation of a column, where Excel can enforce the rule."""
    from openpyxl.utils.datetime import to_excel
    from openpyxl.worksheet.datavalidation import DataValidation

    allow_blank = not column.required
    if column.kind == "choice":
        choices = column.choices or ()
        if not _listable(choices):
            return None  # the note lists the choices to type
        validation = DataValidation(type="list", formula1=_excel_list(choices), allow_blank=allow_blank)
    elif column.kind == "sku":
        low, high = _sku_digits(rules)
        validation = DataValidation(type="textLength", operator="between", formula1=str(low),
                                    formula2=str(high), allow_blank=allow_blank)
    elif column.kind in ("number", "integer"):
        hard, _ = _ranges(rules, column.key)
        low, high = hard if hard is not None else (0, None)  # no price, stock or hour count is negative
        low = 0 if low is None else low
        kind = "whole" if column.kind == "integer" else "decimal"
        if high is None:
            validation = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=_num(low),
                                        allow_blank=allow_blank)
        else:
            validation = DataValidation(type=kind, operator="between", formula1=_num(low),
                                        formula2=_num(high), allow_blank=allow_blank)
    elif column.kind == "datetime":
        validation = DataValidation(type="date", operator="between", formula1=_num(to_excel(_FIRST_DATE)),
                                    formula2=_num(round(to_excel(_LAST_DATE), 4)), allow_blank=allow_blank)
    else:
        return None
    validation.showErrorMessage = True
    validation.errorTitle = say("invalid_title", lang)
    validation.error = column_note(rules, column, lang)[:255]  # Excel's limit for the message
    return validation
