"""S codes: the spreadsheet — readable, the template's header, and every cell as typed."""

from __future__ import annotations

import re

from jdcheck import values as V
from jdcheck.checks import check, num, shown
from jdcheck.findings import Hit
from jdcheck.messages import Term

_READ_VARIANTS = {"encrypted", "unsupported", "empty", "unreadable"}
_CHECKED_ELSEWHERE = ("sku", "product_link", "shop_link", "url")  # S007 and the L codes


def _table(sheet):
    """The table of the submission's main spreadsheet with a header, else None."""
    table = sheet.table
    return table if table is not None and table.header_row is not None else None


@check("S001", "sheet", gate=True)
def unreadable_sheet(sheet, opt, ctx):
    """The spreadsheet cannot be read: corrupt, truncated, encrypted, or an unsupported format.
    Fails: a workbook with an opening password; an .xlsb. Passes: an .xlsx from Excel or WPS."""
    error = sheet.error
    variant = error.reason if error.reason in _READ_VARIANTS else None
    yield Hit(variant=variant, actual=Term(f"read_{error.reason}"), params={"detail": error.detail})


@check("S002", "sheet")
def header_mismatch(sheet, opt, ctx):
    """The header does not match the template: missing, extra, renamed (with the closest expected
    name) or reordered columns. Fails: `SKU` instead of `SKU编码`. Passes: the template's header."""
    table = sheet.table
    if table is None:
        return
    if table.header_row is None:
        from jdcheck.sheets.model import is_annotation_sheet

        names = [s.name for s in table.workbook.sheets if not is_annotation_sheet(s.name)]
        if len(names) > 1:  # say which sheets were looked at: the operator may expect another tab
            yield Hit(variant="no_header_in", actual="、".join(names),
                      params={"rows": table.rules.header_search_rows, "sheets": "、".join(names)})
        else:
            yield Hit(variant="no_header", params={"rows": table.rules.header_search_rows})
        return
    if table.other_template is not None:
        # A whole other template (a 首页单品 sheet in a platform folder): one finding says so,
        # instead of a renamed, extra or moved column for each of its columns.
        other = table.other_template
        yield Hit(variant="other_type", expected=Term(ctx.rules.type), actual=Term(other), row=table.header_row,
                  params={"type": Term(ctx.rules.type), "other": Term(other), "type_name": ctx.rules.type})
        return
    for issue in table.header_issues:
        column = issue.column or issue.expected or issue.actual
        yield Hit(variant=issue.variant, expected=issue.expected, actual=issue.actual,
                  row=table.header_row, column=column,
                  params={"position": issue.position, "found_at": issue.found_at, "column": column})


@check("S003", "sheet")
def template_outdated(sheet, opt, ctx):
    """The sheet's template version cell (模板版本) differs from the rule file's template_version.
    Applies only when the sheet has such a cell (a CSV has none). Fails: 模板版本: 2025.06."""
    table = _table(sheet)
    wanted = ctx.rules.template_version
    if table is not None and wanted and table.version and table.version != wanted:
        yield Hit(expected=wanted, actual=table.version)


@check("S004", "sheet")
def required_empty(sheet, opt, ctx):
    """A required (*) cell is empty. Fails: 京东价 left blank. Passes: every * column filled.
    (An empty 广告语 is reported as T002 instead: T002 supersedes S004 on its cells.)"""
    table = _table(sheet)
    if table is None:
        return
    required = [c.key for c in table.rules.columns if c.required and c.key in table.columns]
    for row in table.rows:
        for key in required:
            # A formula without a cached value (S012) is unknown, not empty.
            if row.is_empty(key) and not row.cells[key].formula_without_value:
                yield Hit(row=row.number, column=table.header_text(key), params={"column": table.header_text(key)})


@check("S005", "sheet")
def wrong_type(sheet, opt, ctx):
    """Text where a number or date is needed, or a value outside an allowed set such as 是/否;
    a date without its year (12月1日), with the full form as the expected value.
    A small number in a date cell (60, shown by Excel as 1900-02-29) is no promotion date, nor is
    20261202 (the message says it spells 2026-12-02); the expected value is the form to write.
    Fails: 库存 `很多`; 季节 `秋冬`; 开团时间 `12月1日 9:30`, `60`, `20261202`.
    Passes: 1000; 秋; 2026/12/1 上午9:30."""
    table = _table(sheet)
    if table is None:
        return
    typed = [(key, table.column(key)) for key in table.columns
             if table.column(key).kind not in _CHECKED_ELSEWHERE and table.column(key).kind != "text"]
    for row in table.rows:
        for key, column in typed:
            parsed = row.parsed[key]
            if parsed.ok or parsed.empty or key in row.covered:
                continue
            header = table.header_text(key)
            raw = shown(row.cells[key].value)
            if column.kind == "choice":
                yield Hit(variant="choice", row=row.number, column=header, actual=raw,
                          expected="/".join(column.choices), params={"column": header})
            elif parsed.problem == "no_year":
                yield Hit(variant="no_year", row=row.number, column=header, actual=raw,
                          expected=_with_year(raw, ctx.today), params={"column": header})
            elif parsed.problem in ("serial", "yyyymmdd"):
                # The expected value is the form, not a date: any day shown there reads as the
                # day the cell should hold (today's date read as "start today").
                yield Hit(variant=parsed.problem, row=row.number, column=header, actual=raw,
                          expected=Term("datetime_format"),
                          params={"column": header, "reads": V.digits_date(row.cells[key].value)})
            else:
                yield Hit(row=row.number, column=header, actual=raw,
                          params={"column": header, "kind": Term(column.kind)})


def _with_year(text: str, today) -> str | None:
    """The full form of a date typed without a year: this year's date, or next year's when this
    year's has passed (a 12月1日 typed in late November is this December; 1月5日 is next January)."""
    example = V.yearless_example(text, today.year)
    if example is not None and example[:10] < today.isoformat():
        example = V.yearless_example(text, today.year + 1)
    return example


@check("S006", "sheet")
def out_of_range(sheet, opt, ctx):
    """A value outside the range the rule file sets; the first violated bound of a cell decides its
    severity (stock 0 is an error; group-buy stock outside 800–2000 a warning). A bound with
    `unless` exempts rows marked so (platform: stock 0 with 是否标注售罄 = 是 passes)."""
    table = _table(sheet)
    if table is None:
        return
    # Each bound's limits as Decimals once, not for every row.
    limits = [(bound, None if bound.min is None else _dec(bound.min), None if bound.max is None else _dec(bound.max))
              for bound in opt.bounds if bound.column in table.columns]
    for row in table.rows:
        reported: set[str] = set()
        for bound, low, high in limits:
            if bound.column in reported:
                continue
            if bound.when and any(row.value(k) != v for k, v in bound.when.items()):
                continue
            if bound.unless and any(row.value(k) == v for k, v in bound.unless.items()):
                continue
            value = row.value(bound.column)
            if value is None:
                continue
            if (low is not None and value < low) or (high is not None and value > high):
                reported.add(bound.column)
                header = table.header_text(bound.column)
                unless = "、".join(f"{table.header_text(k)}={v}" for k, v in (bound.unless or {}).items())
                yield Hit(row=row.number, column=header, actual=num(value), expected=_range(bound),
                          severity=bound.severity, variant="unless" if unless else None,
                          params={"column": header, "unless": unless})


def _dec(value: float):
    from decimal import Decimal

    return Decimal(str(value))


def _range(bound) -> str:
    low = None if bound.min is None else num(_dec(bound.min))
    high = None if bound.max is None else num(_dec(bound.max))
    if low is not None and high is not None:
        return f"{low}–{high}"
    return f"≥ {low}" if low is not None else f"≤ {high}"


@check("S007", "sheet")
def sku_malformed(sheet, opt, ctx):
    """A SKU that is not 6–14 digits (error); stored as a number of 12+ digits, which Excel shows as
    1.00012E+11 and rounds past 15 digits (warning); text already in scientific notation (error)."""
    table = _table(sheet)
    if table is None or opt.column not in table.columns:
        return
    header = table.header_text(opt.column)
    for row in table.rows:
        sku = row.parsed[opt.column]
        if sku.problem is None or opt.column in row.covered:
            continue
        raw = shown(row.cells[opt.column].value)
        if sku.problem == "long_number":
            yield Hit(variant="long_number", row=row.number, column=header, actual=sku.digits,
                      severity=opt.long_number_severity, params={"shown": f"{int(sku.digits):.5E}"})
        elif sku.problem == "scientific_text":
            yield Hit(variant="scientific_text", row=row.number, column=header, actual=raw)
        else:
            yield Hit(row=row.number, column=header, actual=raw, expected=f"{opt.min_digits}–{opt.max_digits}")


@check("S008", "sheet")
def duplicate_sku(sheet, opt, ctx):
    """The same SKU on two rows: which price counts? Fails: 100012043978 on rows 5 and 7."""
    table = _table(sheet)
    if table is None or opt.column not in table.columns:
        return
    first: dict[str, int] = {}
    for row in table.rows:
        sku = row.value(opt.column)
        if sku is None:
            continue
        if sku in first:
            yield Hit(row=row.number, column=table.header_text(opt.column), actual=sku,
                      params={"first_row": first[sku]})
        else:
            first[sku] = row.number


@check("S009", "sheet")
def needs_cleaning(sheet, opt, ctx):
    """A value jdcheck can read but stricter tools may not: full-width digits, currency signs or units
    in a number, leading/trailing spaces, invisible characters anywhere (a zero-width space in 全网最低). Fails (warning):
    `¥199.00`, `１９９`, `199元`. Passes: 199."""
    table = _table(sheet)
    if table is None:
        return
    for row in table.rows:
        for key, parsed in row.parsed.items():
            if not parsed.cleaning or (isinstance(parsed, V.Parsed) and not parsed.ok) or key in row.covered:
                continue
            value = parsed.digits if isinstance(parsed, V.SkuValue) else parsed.value
            if value is None:  # not read at all (a SKU of letters: S007 says so): nothing to clean
                continue
            header = table.header_text(key)
            yield Hit(row=row.number, column=header, actual=repr(shown(row.cells[key].value)),
                      expected=shown(num(value)), params={
                          "column": header, "value": shown(num(value)),
                          "reasons": [Term(reason) for reason in parsed.cleaning]})


@check("S010", "sheet")
def no_data_rows(sheet, opt, ctx):
    """No data rows under the header: the template was sent empty."""
    table = _table(sheet)
    if table is not None and not table.rows:
        yield Hit(row=table.header_row)


@check("S011", "sheet")
def hidden_data(sheet, opt, ctx):
    """Hidden sheets, rows or columns holding data: they are submitted too, and the manager sees
    them. Fails: a hidden sheet `底价` with cost prices. Passes: nothing hidden, or hidden and empty."""
    workbook = sheet.opened[0]
    table = sheet.table
    for other in workbook.sheets:
        if other.state != "visible" and _has_data(other.rows):
            yield Hit(params={"sheet": other.name}, actual=other.name)
    if table is None:
        return
    data_sheet = table.sheet
    skipped = table.skipped_rows
    for number in sorted(data_sheet.hidden_rows):
        if number in skipped:
            continue
        if number <= len(data_sheet.rows) and _has_data([data_sheet.rows[number - 1]]):
            yield Hit(variant="row", row=number)
    # One pass over the stored cells: "hide all unused columns" hides 16,000 columns, and a row
    # at 1048576 makes a million rows; columns × rows would be billions of steps.
    hidden = data_sheet.hidden_cols
    used_hidden = {index for r in data_sheet.rows if r for index, cell in enumerate(r, start=1)
                   if index in hidden and _filled(cell.value)} if hidden else set()
    template_columns = set(table.columns.values())
    for index in sorted(used_hidden):
        header = table.header_at(index) if table.header_row else None
        label = header or column_letter(index)
        # A finding about a whole column names it (its header, else its letter in the message) and
        # no row: "row 3" read as "the header row is hidden". Tools mark it on the header cell.
        # A column of the template, hidden by mistake, is to be shown; another is to be looked at.
        yield Hit(variant="template_column" if index in template_columns else "column",
                  column=header, params={"column": label})


def _filled(value) -> bool:
    return not V.is_blank(value)


def _has_data(rows) -> bool:
    return any(_filled(cell.value) for row in rows for cell in row)


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@check("S012", "sheet")
def formula_without_value(sheet, opt, ctx):
    """A formula cell with no cached value: the file was written by a program and never opened and
    saved in Excel/WPS, so other readers see an empty cell."""
    table = sheet.table
    data_sheet = table.sheet if table is not None else sheet.opened[0].data_sheet()
    with_header = table is not None and table.header_row is not None
    skipped = table.skipped_rows if with_header else set()
    for number, cells in enumerate(data_sheet.rows, start=1):
        if number in skipped:
            continue
        for index, cell in enumerate(cells, start=1):
            if cell.formula_without_value:
                header = table.header_at(index) if with_header else None
                yield Hit(row=number, column=header, params={"cell": f"{column_letter(index)}{number}"})


def _data_merges(table) -> list[tuple[int, int, int, int]]:
    """The merged ranges that reach into the data rows, except those lying wholly on rows no check
    reads (a 合计 row, a 注：… line merged across the width). Title merges above the header and a
    header merged downwards over its own second line are the template's, not the data's."""
    skipped = table.skipped_rows
    last = len(table.sheet.rows)
    return [box for box in table.sheet.merged
            if table.header_row < box[0] <= last
            and not all(r in skipped for r in range(box[0], min(box[2], last) + 1))]


@check("S013", "sheet")
def merged_data_cells(sheet, opt, ctx):
    """Merged cells in the data rows: 品牌 typed once for two rows looks filled to the operator,
    but any program that imports the sheet reads only the merge's top-left cell, so the second
    row arrives without a brand. One finding per merge, at its top row and first column; the
    covered cells read as the merge's value for every other check (no S004 or T002 on them).
    Title merges above the header are fine.
    Fails: B5:B6 merged. Passes: 红蜻蜓 typed on both rows."""
    table = _table(sheet)
    if table is None:
        return
    for first_row, first_col, last_row, last_col in sorted(_data_merges(table)):
        ref = f"{column_letter(first_col)}{first_row}:{column_letter(last_col)}{last_row}"
        header = table.header_at(first_col)
        yield Hit(row=first_row, column=header, actual=ref,
                  params={"range": ref, "rows": last_row - first_row + 1, "column": header or ref})


@check("S014", "sheet")
def special_row(sheet, opt, ctx):
    """An example, instruction or total row under the header (示例, 例：, 说明, 填写说明, 合计,
    总计, 小计 in its first cells), or a signature line (制表人：小王, 联系电话： | 138…): the
    manager's import takes it for an item. One finding for the row; the row is left out of every
    other check, cross-material ones included.
    Fails: a row `示例 | 100012043978 | …` left from the template; `合计 | | | 3000`. Passes: delete it."""
    table = _table(sheet)
    if table is None:
        return
    for number, text, variant in table.special_rows:
        yield Hit(row=number, actual=text, variant=variant, params={"text": text})


_CODE_AT_LINE_START = re.compile(r"(?m)^\s*([A-Z]\d{3})\s")


@check("M107", "sheet")
def annotated_copy(sheet, opt, ctx):
    """The spreadsheet is a copy written by `jdcheck --annotate`: a sheet named `jdcheck`, or
    comments whose text starts with a rule code (`P001 …`). Its coloured cells and comments
    would go to the manager. The header notes `jdcheck template` writes are never M107.
    Fails: 团购提报.xlsx with a `jdcheck` sheet. Passes: the original, or `jdcheck fix`'s copy."""
    from jdcheck.codes import DEFAULT_SEVERITY
    from jdcheck.sheets.model import is_annotation_sheet

    workbook = sheet.opened[0]
    summary = next((s.name for s in workbook.sheets if is_annotation_sheet(s.name)), None)
    if summary is not None:
        yield Hit(variant="sheet", actual=summary, params={"sheet": summary})
        return
    marked = sorted(
        (row, col, s.name) for s in workbook.sheets for (row, col), text in s.comments.items()
        if any(code in DEFAULT_SEVERITY for code in _CODE_AT_LINE_START.findall(text))
    )
    if marked:
        row, col, _name = marked[0]
        yield Hit(variant="comments", actual=f"{column_letter(col)}{row}",
                  params={"count": len(marked), "cell": f"{column_letter(col)}{row}"})


_LINK_KINDS = ("product_link", "shop_link", "url")


@check("L008", "sheet")
def hyperlink_differs(sheet, opt, ctx):
    """A link cell shows one URL but its hyperlink (Insert ▸ Link, or a HYPERLINK() formula)
    opens another. The manager clicks the hyperlink; the text is what gets copied into JD's
    systems, and it is what every other check reads. Both are reported.
    Fails: shows item.jd.com/100012043978.html, opens item.jd.com/100099999999.html.
    Passes: the link Excel made from the typed text."""
    table = _table(sheet)
    if table is None or not table.sheet.hyperlinks:
        return
    links = table.sheet.hyperlinks
    keys = [key for key in table.columns if table.column(key).kind in _LINK_KINDS]
    for row in table.rows:
        for key in keys:
            target = links.get((row.number, table.columns[key]))
            shown_text = row.value(key)
            if target is None or not isinstance(shown_text, str) or not _looks_like_url(shown_text):
                continue
            if _address(shown_text) != _address(target):
                header = table.header_text(key)
                yield Hit(row=row.number, column=header, expected=shown_text, actual=target,
                          params={"column": header})


def _looks_like_url(text: str) -> bool:
    return "://" in text or text.lower().startswith("www.") or bool(re.match(r"[\w-]+(\.[\w-]+)+/", text))


def _address(url: str) -> str:
    """A URL as compared for L008: Excel adds http:// to a typed www.… and writers percent-encode
    the target, so scheme, case of the host, encoding and a trailing / do not count."""
    from urllib.parse import unquote

    text = unquote(url.strip())
    text = re.sub(r"^[A-Za-z][\w+.-]*://", "", text)
    host, slash, rest = text.partition("/")
    return (host.lower() + slash + rest).rstrip("/")
