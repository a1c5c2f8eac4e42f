"""Which price a label names: the promotion price an item is submitted at (促销价, 活动价, 团购价,
到手价, 提报价), its list price (京东价, 原价, 划线价, 市场价), or an amount off it that is no price
(直降金额, 立减, 优惠金额: a promotion page's column beside the prices). Read by the mail checks
(E003) and the screenshot read-back (P009), which both meet them side by side: 京东价：399元
促销价：299元 直降：100元.

Labels are matched in normalized text: NFKC, lower case, spaces removed (京东价 ¥399 → 京东价¥399,
JD Price → jdprice).
"""

from __future__ import annotations

PROMO_LABELS = ("促销价格", "促销价", "团购价", "活动价格", "活动价", "秒杀价", "优惠价", "到手价", "券后价", "提报价",
                "折扣价", "折后价", "promotionprice", "promoprice", "groupprice", "dealprice")
LIST_LABELS = ("京东价", "原价", "日常价", "划线价", "市场价", "吊牌价", "专柜价", "零售价", "jdprice", "listprice",
               "originalprice", "marketprice", "regularprice")
# Amounts taken off the price: never the price itself. (折扣价 and 折后价 are promotion prices:
# a label found at the same place as a longer promotion label is that label.)
DISCOUNT_LABELS = ("直降金额", "直降", "立减金额", "立减", "优惠金额", "减价金额", "降价金额", "满减", "折扣", "券面额",
                   "discount")
# A bare 价格 (the channel sheet's and many a form's label) is the promotion price, unless it is
# part of a longer label (京东价格 is the list price).
GENERIC_PRICE_LABELS = ("价格", "price")


def label_kind(before: str) -> str | None:
    """"promo", "list", "discount" or None: the kind of the last price label in `before`
    (normalized text since the previous amount)."""
    best, best_at = None, -1
    for kind, labels in (("promo", PROMO_LABELS), ("list", LIST_LABELS), ("discount", DISCOUNT_LABELS)):
        for label in labels:
            at = before.rfind(label)
            if at > best_at:
                best, best_at = kind, at
    for label in GENERIC_PRICE_LABELS:
        at = before.rfind(label)
        if at > best_at and not _inside_label(before, at, len(label)):
            best, best_at = "promo", at
    return best


def _inside_label(text: str, at: int, length: int) -> bool:
    """The characters text[at:at+length] are part of a longer price label (价格 in 京东价格)."""
    for label in PROMO_LABELS + LIST_LABELS + DISCOUNT_LABELS:
        found = text.find(label, max(0, at - len(label) + 1))
        if found != -1 and found < at + length:
            return True
    return False
