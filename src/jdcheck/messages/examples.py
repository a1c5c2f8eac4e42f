"""`jdcheck explain CODE`: a failing and a passing example of every code, in zh and en.

Each example is a case an operator meets (the description), the finding jdcheck prints for it
(the code's own message and fix templates, filled with `params`), and a case that passes. The
templates are the ones the checks render, so explain never shows a `{placeholder}`: the meta-test
renders every code in both languages. A code without an entry here (a code just added in
codes.py) still explains itself with generic words for its fields (FIELD_WORDS).
"""

from __future__ import annotations

from string import Formatter
from typing import Any, NamedTuple

from jdcheck.messages import Term, _pick, entry, localized_fields, ui
from jdcheck.messages.errors import Failure, Text
from jdcheck.yamlfile import ConfigError


class Example(NamedTuple):
    params: dict[str, Any]  # the hit's fields: expected, actual, and the message parameters
    zh: tuple[str, str]  # (fails, passes)
    en: tuple[str, str]
    variant: str | None = None


def ex(params: dict[str, Any], zh: tuple[str, str], en: tuple[str, str], variant: str | None = None) -> Example:
    return Example(params, zh, en, variant)


LABELS = {
    "fails": {"zh": "不通过示例", "en": "Fails"},
    "passes": {"zh": "通过示例", "en": "Passes"},
    "finding": {"zh": "jdcheck 报告", "en": "jdcheck reports"},
}

# Words for a template field an example does not fill (a new code's field, another variant's).
FIELD_WORDS = {
    "zh": {"expected": "要求的值", "actual": "实际的值", "column": "该列", "material": "该材料", "file": "该文件",
           "detail": "具体原因", "example": "规则文件中的示例", "sku": "该 SKU", "row": "该行"},
    "en": {"expected": "the expected value", "actual": "the value found", "column": "the column",
           "material": "the material", "file": "the file", "detail": "the reason", "example": "the rule file's example",
           "sku": "the SKU", "row": "the row"},
}
FIELD_FALLBACK = {"zh": "相应的值", "en": "the value in question"}

GB = "团购提报.xlsx"

EXAMPLES: dict[str, list[Example]] = {
    # ── M: materials ──
    "M101": [ex({"material": Term("style_screenshot")},
                ("团购文件夹里没有款式截图", "表格、每个 SKU 的资源位图片、款式截图都在文件夹中"),
                ("a group-buy folder without its style screenshot", "the spreadsheet, a slot image per SKU and the style screenshot all present"))],
    "M102": [ex({"material": Term("spreadsheet"), "count": 2, "expected": 1},
                ("团购提报.xlsx 和 团购提报(1).xlsx 同在一个文件夹", "只有一个表格"),
                ("团购提报.xlsx and 团购提报(1).xlsx in one folder", "one spreadsheet")),
             ex({"count": 2, "sheets": "团购提报、团购提报 (2)", "sheet": "团购提报 (2)", "expected": "1",
                 "actual": "团购提报、团购提报 (2)"},
                ("工作簿里有 团购提报 和改过的副本 团购提报 (2) 两个工作表，都填了数据", "只有一个填了数据的提报工作表"),
                ("tabs 团购提报 and a corrected copy 团购提报 (2), both filled in", "one submission sheet with data"),
                variant="sheets"),
             ex({"count": 2, "sheets": "团购提报、备份", "sheet": "团购提报", "expected": "1", "actual": "团购提报、备份"},
                ("工作簿里的 备份 工作表是 团购提报 的完整副本", "只有一个填了数据的提报工作表"),
                ("a tab 备份 that is a full copy of 团购提报", "one submission sheet with data"),
                variant="sheets_same")],
    "M103": [ex({"type": Term("groupbuy")},
                ("团购文件夹里有一个 说明.docx", "文件夹里只有提报材料"),
                ("a 说明.docx in a group-buy folder", "only the submission's materials"))],
    "M104": [ex({"expected": "<SKU>.jpg"},
                ("资源位图片命名为 团购图1.jpg", "100012043978.jpg 或 100012043978_主图.jpg"),
                ("a slot image named 团购图1.jpg", "100012043978.jpg or 100012043978_主图.jpg")),
             ex({"expected": "100012043978.jpg", "actual": "100012043978 .jpg"},
                ("资源位图片命名为「100012043978 .jpg」（扩展名前有空格）", "100012043978.jpg"),
                ("a slot image named '100012043978 .jpg' (a space before the extension)", "100012043978.jpg"),
                variant="spaces"),
             ex({"expected": "<SKU>.jpg", "actual": "微信图片_20261127103015.jpg", "app": Term("app_wechat")},
                ("从微信保存、没有改名的 微信图片_20261127103015.jpg", "改名为 100012043978.jpg"),
                ("微信图片_20261127103015.jpg saved from WeChat and never renamed", "renamed to 100012043978.jpg"),
                variant="app_name")],
    "M105": [ex({"sku": "100012043979", "size": "440×293", "expected": "100012043979.jpg"},
                ("表格有 100012043978 和 100012043979 两行，但只有 100012043978.jpg", "每一行 SKU 都有一张资源位图片"),
                ("rows 100012043978 and 100012043979 with only 100012043978.jpg", "one slot image per row")),
             ex({"sku": "100012043979", "example": "款式截图-100012043979.jpg", "expected": "款式截图-100012043979.jpg"},
                ("表格有两行，只有 款式截图-100012043978.jpg", "每行一张按 SKU 命名的款式截图，或一张 款式截图.jpg"),
                ("two rows, only 款式截图-100012043978.jpg", "one style screenshot per row named by its SKU, or one 款式截图.jpg"),
                variant="style")],
    "M106": [ex({"start": "2026-11-26 09:30", "days": 3, "actual": "2026-11-26 09:30"},
                ("明天开团，文件夹里没有促销截图", "两周后开团，或促销截图已放入文件夹"),
                ("the group-buy starts tomorrow and there is no promotion screenshot", "it starts in two weeks, or the screenshot is there"))],
    # ── I: images ──
    "I001": [ex({"detail": "JPEG ends without EOI marker", "actual": "truncated"},
                ("下载到一半中断的 JPEG", "完整的 JPEG"),
                ("a JPEG cut off mid-download", "a complete JPEG"), variant="truncated")],
    "I002": [ex({"expected": "440×293", "actual": "800×800"},
                ("团购资源位图片为 800×800 像素", "440×293 像素"),
                ("an 800×800 group-buy slot image", "440×293 pixels"))],
    "I003": [ex({"expected": "< 50 KB", "limit": "50 KB", "actual": "61.5 KB (62,976 B)", "format": "JPEG"},
                ("62,976 字节的 JPEG，要求小于 50 KB", "51,199 字节（1 KB = 1024 字节）"),
                ("a 62,976-byte JPEG where the slot takes under 50 KB", "51,199 bytes (1 KB = 1024 bytes)")),
             ex({"expected": "< 50 KB", "limit": "50 KB", "actual": "155.7 KB (159,417 B)", "format": "PNG"},
                ("159,417 字节的 PNG 照片", "同一张图另存为 48 KB 的 JPEG"),
                ("a 159,417-byte PNG photo", "the same picture saved as a 48 KB JPEG"), variant="png")],
    "I004": [ex({"actual": "50,500", "kb": "50", "safe": "50,000"},
                ("50,500 字节，要求小于 50 KB（警告）", "49,000 字节"),
                ("50,500 bytes for \"under 50 KB\" (a warning)", "49,000 bytes"))],
    "I005": [ex({"actual": "PNG", "expected": "JPEG", "extension": ".jpg", "extension_format": "JPEG"},
                ("一张 PNG 被命名为 100012043978.jpg", "名为 .jpg 的真正 JPEG"),
                ("a PNG saved as 100012043978.jpg", "a real JPEG named .jpg"), variant="extension")],
    "I006": [ex({"actual": "CMYK", "expected": "RGB"},
                ("印刷流程导出的 CMYK JPEG（警告）", "RGB（sRGB）图片"),
                ("a CMYK JPEG from a print workflow (a warning)", "an RGB (sRGB) picture"))],
    "I007": [ex({"actual": "293×440", "orientation": 6, "stored": "440×293"},
                ("手机拍的照片带 EXIF 方向 6（警告）", "没有方向标记，或方向为 1"),
                ("a phone photo with EXIF orientation 6 (a warning)", "no orientation tag, or orientation 1"))],
    "I008": [ex({},
                ("会动的 banner.gif", "静态的 JPEG 或 PNG"),
                ("an animated banner.gif", "a still JPEG or PNG"))],
    # ── S: spreadsheets ──
    "S001": [ex({"detail": "a password is needed to open it"},
                ("设置了打开密码的工作簿", "Excel 或 WPS 保存的 .xlsx，无密码"),
                ("a workbook with an opening password", "an .xlsx saved by Excel or WPS, no password"), variant="encrypted")],
    "S002": [ex({"actual": "SKU", "expected": "SKU编码", "position": 1},
                ("表头写成 SKU，模板是 SKU编码", "与模板完全一致的表头"),
                ("the header says SKU where the template has SKU编码", "the template's header, word for word"), variant="renamed")],
    "S003": [ex({"actual": "2025.06", "expected": "2026.11"},
                ("表格里的 模板版本: 2025.06，规则要求 2026.11", "从 `jdcheck template` 新下载的模板"),
                ("模板版本: 2025.06 in the sheet, 2026.11 in the rules", "a template just written by `jdcheck template`"))],
    "S004": [ex({"column": "京东价"},
                ("某一行的 京东价 留空", "每个带 * 的列都已填写"),
                ("京东价 left blank on a row", "every * column filled"))],
    "S005": [ex({"column": "库存", "actual": "很多", "expected": "整数", "kind": Term("integer")},
                ("库存 填了“很多”", "1000"),
                ("库存 holds 很多 (\"a lot\")", "1000"))],
    "S006": [ex({"column": "库存", "actual": "0", "expected": "≥ 1", "unless": ""},
                ("库存 为 0", "库存 1000"),
                ("库存 is 0", "stock 1000"))],
    "S007": [ex({"actual": "1000120439x", "expected": "6–14"},
                ("SKU 写成 1000120439x（多了一个字母）", "100012043978"),
                ("SKU written as 1000120439x (a letter too many)", "100012043978")),
             ex({"actual": "100012043978", "expected": "text", "shown": "1.00012E+11"},
                ("SKU 100012043978 以数字格式保存，Excel 显示为 1.00012E+11（警告）", "以文本格式保存的 '100012043978"),
                ("SKU 100012043978 stored as a number, shown by Excel as 1.00012E+11 (a warning)", "'100012043978 stored as text"),
                variant="long_number")],
    "S008": [ex({"actual": "100012043978", "first_row": 5},
                ("100012043978 出现在第 5 行和第 7 行", "每个 SKU 只出现一次"),
                ("100012043978 on rows 5 and 7", "each SKU on one row"))],
    "S009": [ex({"column": "京东价", "actual": "'¥199.00'", "expected": "199", "value": "199",
                 "reasons": [Term("currency")]},
                ("京东价 写成 ¥199.00（警告）", "199"),
                ("京东价 written as ¥199.00 (a warning)", "199"))],
    "S010": [ex({},
                ("只有表头、没有数据行的模板", "表头下至少一行商品"),
                ("the template sent back with its header and no rows", "at least one item under the header"))],
    "S011": [ex({"sheet": "底价", "actual": "底价"},
                ("隐藏的工作表“底价”里有成本价", "没有隐藏内容，或隐藏的部分是空的"),
                ("a hidden sheet 底价 holding cost prices", "nothing hidden, or only empty parts hidden")),
             ex({"column": "商品名称"},
                ("模板列“商品名称”被隐藏了", "所有模板列都显示"),
                ("the template's column 商品名称 hidden", "every template column shown"), variant="template_column")],
    "S012": [ex({"cell": "E4"},
                ("程序生成的表格中 E4 是 =D4*0.8，从未在 Excel 里保存过", "在 Excel 或 WPS 中打开并保存过的表格"),
                ("E4 holds =D4*0.8 in a generated workbook never saved by Excel", "the same workbook opened and saved in Excel or WPS"))],
    # ── L: links ──
    "L001": [ex({"actual": "见附件"},
                ("商品链接 填了“见附件”", "https://item.jd.com/100012043978.html"),
                ("商品链接 says 见附件 (\"see attachment\")", "https://item.jd.com/100012043978.html"))],
    "L002": [ex({"actual": "https://search.jd.com/Search?keyword=雪地靴"},
                ("商品链接是一个搜索页", "https://item.jd.com/100012043978.html"),
                ("a search page as the product link", "https://item.jd.com/100012043978.html"))],
    "L003": [ex({"actual": "https://shop.jd.com/"},
                ("店铺链接填了商家后台 shop.jd.com", "https://mall.jd.com/index-1000001.html"),
                ("the merchant back office shop.jd.com as the shop link", "https://mall.jd.com/index-1000001.html"),
                variant="backoffice")],
    "L004": [ex({"actual": "100023456781", "expected": "100012043978"},
                ("SKU 100012043978 这一行的链接是 item.jd.com/100023456781.html", "链接中的 SKU 与该行 SKU 相同"),
                ("row SKU 100012043978 with the link item.jd.com/100023456781.html", "the link's SKU is the row's SKU"))],
    "L005": [ex({"actual": "https://mall.jd.com/index-2000002.html", "expected": "https://mall.jd.com/index-1000001.html",
                 "count": 3, "total": 4},
                ("表格的 3 行店铺链接指向店铺 1000001，links.txt 第 2 行指向店铺 2000002", "所有店铺链接指向同一家店"),
                ("three sheet rows link shop 1000001, line 2 of links.txt shop 2000002", "every shop link names the same shop")),
             ex({"actual": "https://mall.jd.com/index-2000002.html", "expected": "https://mall.jd.com/index-1000001.html",
                 "count": 3, "total": 4},
                ("装修页面里有一个链接指向另一家店 2000002", "装修页面只链接本店"),
                ("the decoration page links another shop, 2000002", "the page links only your own shop"), variant="page")],
    "L006": [ex({"actual": "https://u.jd.com/abc123"},
                ("商品链接是短链接 u.jd.com/abc123（警告）", "完整的 https://item.jd.com/100012043978.html"),
                ("the short link u.jd.com/abc123 (a warning)", "the full https://item.jd.com/100012043978.html"))],
    "L007": [ex({"actual": "https://item.jd.com/100000000001.html", "detail": "https://www.jd.com/"},
                ("--online 时商品链接被跳转到京东首页（商品已下架）", "链接打开的就是在售的商品页"),
                ("with --online, the item link redirects to www.jd.com (the item was removed)", "the link opens the item's page"),
                variant="redirected")],
    # ── P: prices and times ──
    "P001": [ex({"column": "团购价", "actual": "399", "expected": "399"},
                ("团购价 399，京东价 399", "团购价 299，京东价 399"),
                ("团购价 399 with 京东价 399", "团购价 299 with 京东价 399"))],
    "P002": [ex({"column": "活动价", "actual": "149", "expected": "> 149", "floor": "149"},
                ("首页单品活动价 149", "149.01 或 199"),
                ("a homepage 活动价 of 149", "149.01, or 199"))],
    "P003": [ex({"actual": "12-02 00:00 → 12-03 00:00", "expected": "12-02 10:00 → 12-03 10:00", "first_row": 4},
                ("活动 12-02 10:00 → 12-03 10:00，促销 12-02 00:00 → 12-03 00:00", "促销时间与活动时间相同"),
                ("activity 12-02 10:00 → 12-03 10:00, promotion 12-02 00:00 → 12-03 00:00", "the promotion runs exactly the activity's window"))],
    "P004": [ex({"actual": "2026-12-02 10:00 → 2026-12-05 10:00", "expected": "09:30 → 09:30", "time": "09:30"},
                ("开团 10:00，结束 10:00（警告）", "09:30 开团，09:30 结束"),
                ("a group-buy from 10:00 to 10:00 (a warning)", "09:30 to 09:30"))],
    "P005": [ex({"actual": "2026-12-01 09:30", "expected": "2026-12-02 09:30", "today": "2026-11-25"},
                ("结束时间 12-01 09:30 早于开始时间 12-02 09:30", "结束时间晚于开始时间，且活动尚未结束"),
                ("an end of 12-01 09:30 before a start of 12-02 09:30", "an end after the start, not yet past"))],
    "P006": [ex({"column": "是否在其他平台做过团购", "actual": "是"},
                ("是否在其他平台做过团购 填“是”", "否"),
                ("是否在其他平台做过团购 answered 是 (yes)", "否 (no)"))],
    "P007": [ex({"actual": "夏", "expected": "冬/四季", "month": 12},
                ("12 月开团，季节填“夏”（警告）", "冬 或 四季"),
                ("季节 夏 (summer) for a December group-buy (a warning)", "冬 (winter) or 四季 (all seasons)"))],
    "P008": [ex({"column": "发货时效(小时)", "actual": "48", "expected": "24"},
                ("普通团的发货时效填 48 小时", "24 小时，或预定团"),
                ("a 普通团 (regular group-buy) shipping in 48 hours", "24 hours, or a 预定团 (pre-order)"))],
    # ── T: text ──
    "T001": [ex({"column": "首页显示名称", "actual": "红蜻蜓雪地靴", "suggestions": ["仅此一天", "限时直降"]},
                ("商品名为“红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201”，首页显示名称填“红蜻蜓雪地靴”（警告）", "仅此一天 雪地靴直降"),
                ("首页显示名称 红蜻蜓雪地靴 for the title 红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201 (a warning)", "仅此一天 雪地靴直降 (\"one day only\")"))],
    "T002": [ex({"column": "广告语"},
                ("首页单品的广告语留空", "秋冬新款 限时直降"),
                ("an empty 广告语 (slogan) on a homepage item", "秋冬新款 限时直降"))],
    "T003": [ex({"column": "商品名称", "actual": "最低价"},
                ("商品名称“红蜻蜓 最低价 雪地靴”", "红蜻蜓 真皮 雪地靴 RQT-2201"),
                ("the title 红蜻蜓 最低价 雪地靴 (最低价: \"lowest price\")", "红蜻蜓 真皮 雪地靴 RQT-2201"))],
    "T004": [ex({"actual": "雪地靴", "expected": "红蜻蜓"},
                ("商品名称只有“雪地靴”（警告）", "红蜻蜓 真皮保暖 雪地靴 RQT-2201"),
                ("the title 雪地靴 alone (a warning)", "红蜻蜓 真皮保暖 雪地靴 RQT-2201"), variant="no_brand"),
             ex({"actual": "红蜻蜓蜓 男士皮鞋 RQT-2201", "expected": "红蜻蜓", "typed": "红蜻蜓蜓"},
                ("商品名称“红蜻蜓蜓 男士皮鞋 RQT-2201”，品牌多打了一个字（警告）", "红蜻蜓 男士皮鞋 RQT-2201，或 红蜻蜓蜻蜓系列 男士皮鞋 RQT-2201"),
                ("the title 红蜻蜓蜓 男士皮鞋 RQT-2201, the brand with a character typed twice (a warning)",
                 "红蜻蜓 男士皮鞋 RQT-2201, or 红蜻蜓蜻蜓系列 男士皮鞋 RQT-2201"), variant="doubled_brand")],
    # ── V: size variants ──
    "V001": [ex({"actual": "38", "expected": "37"},
                ("提报的 SKU 尺码是 38，关键尺码是 37", "尺码 37（或 37码）"),
                ("the submitted SKU is size 38, the key size 37", "size 37 (or 37码)"))],
    "V002": [ex({"actual": "0", "expected": "≥ 1", "size": "37"},
                ("尺码 37 的库存为 0", "尺码 37，库存 500"),
                ("size 37 with 库存 0", "size 37 with 库存 500"))],
    # ── E: email ──
    "E001": [ex({},
                ("把网页另存为 提报邮件.eml 当作邮件", "Outlook、Foxmail、QQ 邮箱或 Apple Mail 保存的邮件"),
                ("a web page saved as 提报邮件.eml in place of the mail", "a draft saved by Outlook, Foxmail, QQ Mail or Apple Mail"),
                variant="not_mail")],
    "E002": [ex({"actual": "二三级资源提报.xlsx", "others": ["二三级资源提报.xlsx"]},
                ("邮件只附了 .xlsx", "附上或在正文中粘贴了 截图.png"),
                ("only the .xlsx attached", "截图.png attached or pasted into the body"),
                variant="not_picture")],
    "E003": [ex({"sku": "100012043978", "actual": "329", "expected": "299", "sheet_row": 4},
                ("表格团购价 299，邮件写“价格：329”", "邮件中每个商品的 SKU、价格、链接与表格一致"),
                ("299 in the sheet, 价格：329 in the mail", "each item's SKU, price and link in the mail as in the sheet"),
                variant="price"),
             ex({"sku": "100012043978", "sheet_row": 4, "actual": "https://item.jd.com/100023456781.html",
                 "other": "100023456781", "expected": "https://item.jd.com/100012043978.html"},
                ("邮件里两个商品的链接写反了：SKU 100012043978 旁边是 100023456781 的链接", "每个 SKU 旁边是它自己的商品链接"),
                ("the two items' links swapped in the mail: SKU 100012043978 beside the link of 100023456781", "each SKU beside its own product link"),
                variant="wrong_link")],
    "E004": [ex({"actual": "资料", "expected": "二三级资源", "example": "【二三级资源】红蜻蜓 11月25日提报"},
                ("规则要求“二三级资源”，主题写“资料”（警告）", "【二三级资源】红蜻蜓 11月25日提报"),
                ("the subject 资料 where the rules ask for 二三级资源 (a warning)", "【二三级资源】红蜻蜓 11月25日提报"),
                variant="pattern")],
    # ── H: decoration page ──
    "H001": [ex({"actual": "https://item.jd.com/100012043978.html", "target": None},
                ('<a href="https://item.jd.com/100012043978.html">', '同一个链接加上 target="_blank"'),
                ('<a href="https://item.jd.com/100012043978.html">', 'the same link with target="_blank"'))],
    "H002": [ex({"actual": "https://www.taobao.com/", "detail": ""},
                ("装修页链接到 https://www.taobao.com/", "京东的商品、店铺或活动页链接"),
                ("a decoration page linking to https://www.taobao.com/", "links to JD items, shops or activity pages"))],
    # ── X: jdcheck itself ──
    "X001": [ex({"check": "S006", "detail": "ValueError: …"},
                ("某个检查本身出错（jdcheck 的缺陷）", "检查正常完成"),
                ("a check crashed (a bug in jdcheck)", "every check completed"))],
    # the detail is the config error itself, in the language it is shown in (as batch shows it)
    "X002": [ex({"detail": ConfigError("field", "团购-a/jdcheck.yaml", 2, path="today", problem=Text("date", value="tomorrow"),
                                       more="")},
                ("批量检查中某个文件夹的 jdcheck.yaml 写错了日期", "jdcheck.yaml 正确，文件夹可以读取"),
                ("a batch folder whose jdcheck.yaml has a bad date", "a readable folder with a valid jdcheck.yaml"),
                variant="config")],
    # ── issue 10 and 11's codes: used once they are in codes.py and the message catalogues ──
    "M107": [ex({"sheet": "jdcheck", "count": 12, "cell": "F4"},
                ("把 `--annotate` 写出的标注副本（带 jdcheck 工作表和批注）放进了提报文件夹", "原表格，或 `jdcheck fix` 写出的干净副本"),
                ("the `--annotate` copy, with its jdcheck sheet and comments, put in the submission folder",
                 "the original spreadsheet, or the clean copy `jdcheck fix` writes"), variant="sheet")],
    "S013": [ex({"range": "G4:G6", "rows": 3, "column": "季节"},
                ("季节 的 G4:G6 三行合并成一个单元格", "每一行各自填写，不合并"),
                ("季节 merged over G4:G6", "each row filled in its own cell"))],
    "S014": [ex({"row": 4, "text": "示例"},
                ("表头下保留了模板的“示例”行", "表头下只有要提报的商品"),
                ("the template's 示例 (example) row left under the header", "only the items submitted under the header")),
             ex({"row": 10, "text": "制表人：小王"},
                ("数据下面加了一行“制表人：小王”", "表格里只有商品行；制表人写在邮件里"),
                ("a line 制表人：小王 (made by) added under the data", "only item rows; who made the sheet goes in the email"),
                variant="signature")],
    "L008": [ex({"column": "商品链接", "expected": "https://item.jd.com/100012043978.html",
                 "actual": "https://item.jd.com/100099999999.html"},
                ("单元格显示 item.jd.com/100012043978.html，超链接却打开 100099999999", "显示的地址就是超链接打开的地址"),
                ("a cell showing item.jd.com/100012043978.html whose hyperlink opens 100099999999", "the text shown is the link opened"))],
    "H003": [ex({"sku": "100012043978", "actual": "¥329", "expected": "299", "sheet_row": 4},
                ("装修页上该商品标价 ¥329，表格价格为 299", "页面价格与表格一致"),
                ("the page shows ¥329 for the item, the sheet says 299", "the page's price is the sheet's"))],
    "H004": [ex({"sku": "100012043978", "sheet_row": 5},
                ("表格标注售罄的商品仍在装修页上，旁边没有“售罄”", "商品已从页面换下，或旁边标明售罄"),
                ("an item the sheet marks sold out is on the page with no 售罄 mark", "the item replaced, or marked 售罄 (sold out)"))],
    "I009": [ex({"score": "0.18", "brand": "红蜻蜓", "detail": ""},
                ("资源位图片左上角没有品牌 logo（警告）", "品牌 logo 在左上角"),
                ("a slot image without the brand logo in its top-left corner (a warning)", "the brand logo in the top-left corner"),
                variant="missing")],
    "I010": [ex({"lines": 6, "chars": 58, "text": "限时特惠 买一送一 全场包邮 …", "detail": ""},
                ("资源位图片上有 6 行、58 个字（警告）", "除 logo 外只有一句广告语"),
                ("six lines, 58 characters on a slot image (a warning)", "the logo and one slogan"))],
    "P009": [ex({"what": "团购价", "expected": "299", "actual": "329", "sku": "100012043978"},
                ("促销截图上的团购价是 329，表格为 299", "截图中的时间和价格与表格一致"),
                ("the promotion screenshot shows 329 where the sheet's 团购价 is 299", "the screenshot's times and prices are the sheet's"),
                variant="price")],
}


def examples(code: str) -> list[Example]:
    return EXAMPLES.get(code, [])


class _Words(dict):
    """An example's fields; one it lacks reads as a word for it, never as `{field}`."""

    def __init__(self, values: dict[str, Any], lang: str) -> None:
        super().__init__(values)
        self.lang = lang

    def __missing__(self, key: str) -> str:
        return FIELD_WORDS[self.lang].get(key, FIELD_FALLBACK[self.lang])


def _fill(template: str, params: dict[str, Any], lang: str) -> str:
    values = localized_fields({key: _said(value, lang) for key, value in params.items() if value is not None}, lang)
    return Formatter().vformat(template, (), _Words(values, lang))


def _said(value: Any, lang: str) -> Any:
    """A field that is a text of jdcheck's own (a config error), in `lang`; others as they are."""
    return value.render(lang) if isinstance(value, Failure) else value


def explain(code: str, lang: str, severity: str) -> str:
    """The text `jdcheck explain CODE` prints: title, why, then each example as the finding it
    gives (message and fix filled in) and a case that passes."""
    item = entry(code, lang)
    lines = [f"{code} ({ui(severity, lang)}): {item['title']}", "", item["explain"]]
    cases = examples(code)
    for case in cases:
        fails, passes = getattr(case, lang)
        lines += ["", f"{LABELS['fails'][lang]}: {fails}",
                  f"  {LABELS['finding'][lang]}: {_fill(_pick(item['message'], case.variant), case.params, lang)}",
                  f"  {ui('fix', lang)}: {_fill(_pick(item['fix'], case.variant), case.params, lang)}",
                  f"{LABELS['passes'][lang]}: {passes}"]
    if not cases:
        lines += ["", f"{ui('fix', lang)}: {_fill(_pick(item['fix'], None), {}, lang)}"]
    return "\n".join(lines)
