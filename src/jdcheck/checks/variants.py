"""V codes: size variants — a slot shows the key size (`key_size` in the rule file, 37 for shoes)."""

from __future__ import annotations

from jdcheck.checks import check, num
from jdcheck.findings import Hit
from jdcheck.values import normalize_size


# One-size items (均码, F, free size) come in no other size: there is no key size to choose.
# As normalize_size gives them (均码 → 均).
ONE_SIZE = frozenset({"均", "统一", "F", "FREE", "FREE SIZE", "FREESIZE", "ONE SIZE", "ONESIZE", "OS"})


def _key_rows(sub, opt, ctx):
    """(table, [(row, size)]) of the rows with a size; ([], …) when the sheet has no size column."""
    table = sub.table
    if table is None or table.header_row is None or opt.column not in table.columns:
        return table, []
    sized = [(row, normalize_size(row.value(opt.column))) for row in table.rows]
    return table, [(row, size) for row, size in sized if size is not None]


@check("V001", "submission")
def not_key_size(sub, opt, ctx):
    """The submitted SKU is not the key-size SKU when a 尺码 column exists: managers show the key
    size, and another size looks sold out to most buyers. Fails: 尺码 38 (key size 37).
    Passes: 37, 37码; an empty optional 尺码; a one-size item (均码, F, free size)."""
    table, rows = _key_rows(sub, opt, ctx)
    key = normalize_size(ctx.rules.key_size)
    for row, size in rows:
        if size != key and size not in ONE_SIZE:
            yield Hit(file=sub.sheet.rel, row=row.number, column=table.header_text(opt.column),
                      actual=str(row.value(opt.column)).strip(), expected=ctx.rules.key_size)


@check("V002", "submission", supersedes=("S006",))
def key_size_out_of_stock(sub, opt, ctx):
    """The key-size SKU has no stock (库存 0 or less): the slot's traffic cannot buy anything.
    Reported instead of S006 on that cell. Fails: 尺码 37, 库存 0. Passes: 尺码 37, 库存 500."""
    table, rows = _key_rows(sub, opt, ctx)
    if not rows or opt.stock_column not in table.columns:
        return
    key = normalize_size(ctx.rules.key_size)
    for row, size in rows:
        stock = row.value(opt.stock_column)
        if size == key and stock is not None and stock <= 0:
            yield Hit(file=sub.sheet.rel, row=row.number, column=table.header_text(opt.stock_column),
                      actual=num(stock), expected="≥ 1", params={"size": ctx.rules.key_size})
