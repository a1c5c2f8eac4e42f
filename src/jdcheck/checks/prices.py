"""P codes: prices, activity windows and group-buy conditions, row by row."""

from __future__ import annotations

import datetime as dt

from jdcheck.checks import check, num, when
from jdcheck.findings import Hit


def _rows(sub):
    table = sub.table
    if table is None or table.header_row is None:
        return None, []
    return table, table.rows


@check("P001", "submission")
def price_not_below_list(sub, opt, ctx):
    """groupbuy: 团购价 is not lower than 京东价 (`relation: lower`); homepage: 活动价 above 京东价
    (`relation: not_higher`). Fails: 团购价 399 with 京东价 399. Passes: 299."""
    table, rows = _rows(sub)
    for row in rows:
        price, list_price = row.value(opt.price), row.value(opt.list_price)
        if price is None or list_price is None:
            continue
        bad = price >= list_price if opt.relation == "lower" else price > list_price
        if bad:
            header = table.header_text(opt.price)
            yield Hit(file=sub.sheet.rel, row=row.number, column=header, actual=num(price),
                      expected=num(list_price), params={"column": header},
                      variant=None if opt.relation == "lower" else "not_higher")


@check("P002", "submission")
def price_not_above_floor(sub, opt, ctx):
    """homepage: 活动价 must be above the floor (149), strictly: the homepage shows only items
    priced above it. Fails: 149. Passes: 149.01, 199."""
    table, rows = _rows(sub)
    floor = _dec(opt.above)
    for row in rows:
        price = row.value(opt.column)
        if price is not None and price <= floor:
            header = table.header_text(opt.column)
            yield Hit(file=sub.sheet.rel, row=row.number, column=header, actual=num(price),
                      expected=f"> {num(floor)}", params={"column": header, "floor": num(floor)})


@check("P003", "submission")
def promotion_time_differs(sub, opt, ctx):
    """homepage: the promotion window (促销开始/结束时间) differs from the activity window of its row;
    channel: the promotion window differs between rows (one channel slot runs one promotion).
    Across rows, the window most rows share is the reference. Fails: 活动 12-02 10:00 → 12-03 10:00
    with 促销 12-02 00:00 → 12-03 00:00. Passes: the same times."""
    table, rows = _rows(sub)
    spans = {row.number: (row.value(opt.promotion.start), row.value(opt.promotion.end)) for row in rows}
    complete = [row for row in rows if None not in spans[row.number]]
    if opt.activity is not None:
        for row in complete:
            activity = (row.value(opt.activity.start), row.value(opt.activity.end))
            if None in activity or spans[row.number] == activity:
                continue
            key = opt.promotion.start if spans[row.number][0] != activity[0] else opt.promotion.end
            yield Hit(file=sub.sheet.rel, row=row.number, column=table.header_text(key),
                      actual=_span(spans[row.number]), expected=_span(activity))
    if opt.same_across_rows and complete:
        from collections import Counter

        counts = Counter(spans[row.number] for row in complete)
        reference = max(counts, key=lambda span: counts[span])  # ties: the first row's (insertion order)
        first_row = next(row.number for row in complete if spans[row.number] == reference)
        for row in complete:
            span = spans[row.number]
            if span != reference:
                key = opt.promotion.start if span[0] != reference[0] else opt.promotion.end
                yield Hit(file=sub.sheet.rel, row=row.number, column=table.header_text(key), variant="rows",
                          actual=_span(span), expected=_span(reference), params={"first_row": first_row})


def _span(span) -> str:
    return f"{when(span[0])} → {when(span[1])}"


@check("P004", "submission")
def window_not_0930(sub, opt, ctx):
    """A group-buy window that does not run 09:30 → 09:30, when group-buy slots switch."""
    table, rows = _rows(sub)
    clock = dt.time.fromisoformat(opt.time)
    for row in rows:
        start, end = row.value(opt.span.start), row.value(opt.span.end)
        if start is None or end is None:
            continue
        if start.time() != clock or end.time() != clock:
            yield Hit(file=sub.sheet.rel, row=row.number, column=table.header_text(opt.span.start),
                      actual=f"{start:%H:%M} → {end:%H:%M}", expected=f"{opt.time} → {opt.time}",
                      params={"time": opt.time})


@check("P005", "submission")
def bad_window(sub, opt, ctx):
    """The end is not after the start, or the activity already ended before --today."""
    table, rows = _rows(sub)
    for row in rows:
        for span in opt.spans:
            start, end = row.value(span.start), row.value(span.end)
            if start is None or end is None:
                continue
            column = table.header_text(span.end)
            if end <= start:
                yield Hit(file=sub.sheet.rel, row=row.number, column=column, actual=when(end), expected=when(start))
            elif end.date() < ctx.today:
                yield Hit(file=sub.sheet.rel, row=row.number, column=column, variant="ended",
                          actual=when(end), params={"today": when(ctx.today)})


@check("P006", "submission")
def done_on_other_platform(sub, opt, ctx):
    """是否在其他平台做过团购 is 是: a JD group-buy price must never have been used elsewhere."""
    table, rows = _rows(sub)
    for row in rows:
        value = row.value(opt.column)
        if value in opt.forbidden:
            header = table.header_text(opt.column)
            yield Hit(file=sub.sheet.rel, row=row.number, column=header, actual=value,
                      expected="/".join(c for c in table.column(opt.column).choices or () if c not in opt.forbidden),
                      params={"column": header})


@check("P007", "submission")
def season_mismatch(sub, opt, ctx):
    """季节 does not fit the month of 开团时间 (spring 3–5, summer 6–8, autumn 9–11, winter 12–2;
    四季 fits all). Fails (warning): 夏 for a December group-buy."""
    table, rows = _rows(sub)
    for row in rows:
        season, start = row.value(opt.column), row.value(opt.start)
        if season is None or start is None or season in opt.all_year or season not in opt.months:
            continue
        if start.month not in opt.months[season]:
            fitting = [s for s, months in opt.months.items() if start.month in months] + list(opt.all_year)
            yield Hit(file=sub.sheet.rel, row=row.number, column=table.header_text(opt.column),
                      actual=season, expected="/".join(fitting), params={"month": start.month})


@check("P008", "submission")
def shipping_too_slow(sub, opt, ctx):
    """发货时效 over 24 hours for a 普通团; a 预定团 (pre-order group-buy) is exempt."""
    table, rows = _rows(sub)
    limit = _dec(opt.max)
    for row in rows:
        hours = row.value(opt.column)
        if hours is None or hours <= limit:
            continue
        if opt.unless_column and row.value(opt.unless_column) in opt.unless_values:
            continue
        header = table.header_text(opt.column)
        yield Hit(file=sub.sheet.rel, row=row.number, column=header, actual=num(hours),
                  expected=num(limit), params={"column": header})


def _dec(value: float):
    from decimal import Decimal

    return Decimal(str(value))
