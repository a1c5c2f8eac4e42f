"""What is sent (SPEC §8): the chat message of a passing folder, or its submission mail.

The seed says how each submission goes out: 团购 "款式截图+团购价格+团购产品链接+店铺链接, 直接给负责人QQ",
首页单品 "款式截图+价格+商品链接", 服装城 "图片+店铺链接" — a QQ/WeChat message — and 二三级资源
"截图+SKU编码+价格+链接, 邮件提报" — a mail. Typing them by hand after the check is where a price is
mistyped or a link pasted from the wrong row, so they are written here from the checked values:
the number the sheet parser cleaned (`199`, not the `￥199元` cell), the link as classified.

Like fix.py and annotate.py this is a command module fed by the check's Report and the folder's
materials; it never writes into the checked folder. Layouts are template files in
`compose_templates/` (see its README.txt), not strings in code.

Encodings, decided for Windows, where the operators work:
- 消息.txt is UTF-8 with a BOM and CRLF line ends. Notepad before Windows 10 1903 (still common on
  office PCs) opens a file without a BOM in the ANSI code page, GBK on Chinese Windows, and shows
  UTF-8 Chinese as mojibake; with the BOM every Notepad, WPS and Notepad++ opens it right. The BOM
  is not text: copying from the editor into QQ or WeChat does not carry it, and stdout and the
  JSON `text` never have it.
- The message holds no tab (QQ turns it into a wide gap, some editors into spaces), no zero-width
  or other format characters (they travel invisibly inside a pasted link and break it), no
  markdown. Every link ends its line: QQ and WeChat extend a link over the characters written
  right after it.
- Attachment names as Mozilla's mailer writes them with its RFC 2047 fallback on (pref
  `mail.strictly_mime.parm_folding`, "RFC 2231, but name param is encoded by RFC 2047", there
  for mail programs that read only encoded words): RFC 2231 in Content-Disposition
  (`filename*=`, continued over lines for long names, cut between characters) and RFC 2047
  encoded words in Content-Type's `name=`. `X-Unsent: 1` is the header Outlook's MIME conversion
  reads to keep a message unsent (Microsoft documents it for IConverterSession), so Outlook
  opens the .eml as a draft, ready to send.
"""

from __future__ import annotations

import dataclasses
import html
import mimetypes
import os
import re
import string
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from jdcheck.findings import Report
from jdcheck.materials import pictures_of_row
from jdcheck.messages.errors import Failure, Text, os_reason
from jdcheck.rulefile import RuleSet

__all__ = ["Composed", "ComposeRefused", "compose", "compose_schema", "check_for_compose", "MESSAGE_NAME", "windows_file_name"]

MESSAGE_NAME = "消息.txt"
NAME_BYTES = 255  # a file name's limit on ext4, XFS, Btrfs and APFS, in bytes
TEMPLATES = Path(__file__).resolve().parent / "compose_templates"
EMAIL_CODES = ("E001", "E002", "E003", "E004")

# Per type: the sheet column whose cleaned number is "the price" of the seed, and the pictures
# that go with the message. The keys are the built-in rule files' column keys (rules/*.yaml).
PRICE_COLUMN = {"groupbuy": "group_price", "homepage": "price", "platform": "price", "channel": "price"}
PICTURE_ROLE = {"groupbuy": "style_screenshot", "homepage": "style_screenshot", "platform": "slot_image",
                "channel": "screenshot"}

# Format characters (Cf: zero-width space/joiners, bidi marks, BOM, soft hyphen), control characters
# and separators other than the plain space: invisible in an editor, harmful in a pasted link.
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f]+")
# Windows refuses these in file names; the full-width forms read the same to a Chinese user.
_WINDOWS_FORBIDDEN = str.maketrans({"/": "／", "\\": "＼", ":": "：", "*": "＊", "?": "？", '"': "＂",
                                    "<": "＜", ">": "＞", "|": "｜"})
_WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$", re.IGNORECASE)


def compose_schema() -> dict:
    """The JSON Schema of `jdcheck compose --format json` (`jdcheck schema --compose`)."""
    from jdcheck.reporters.json import REPORT_SCHEMA

    report = {key: value for key, value in REPORT_SCHEMA.items() if not key.startswith("$")}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://jdcheck.invalid/schema/compose.json",
        "title": "jdcheck compose result",
        "type": "object",
        "additionalProperties": False,
        "required": ["tool", "version", "type", "folder", "passed", "files", "subject", "text", "blanks", "report"],
        "properties": {
            "tool": {"const": "jdcheck"},
            "version": {"type": "string"},
            "type": report["properties"]["type"],
            "folder": {"type": "string"},
            "passed": {"type": "boolean",
                       "description": "the check's verdict (the report's passed), and no field to send is blank"},
            "files": {"type": "array", "items": {"type": "string"},
                      "description": "the files written; empty when the folder failed, or a field to send was blank, without --force"},
            "subject": {"type": ["string", "null"], "description": "channel: the mail's subject"},
            "text": {"type": ["string", "null"],
                     "description": "the message (LF line ends, no BOM), or the mail's plain-text body; null when nothing was written"},
            "blanks": {
                "type": "array",
                "description": "fields that would be sent with no value (a formula cell without a saved result, an empty cell, no picture for a row)",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["field", "file", "row", "column", "cell", "code", "why", "actual", "sku", "message"],
                    "properties": {
                        "field": {"type": "string"},
                        "file": {"type": ["string", "null"]},
                        "row": {"type": ["integer", "null"]},
                        "column": {"type": ["string", "null"]},
                        "cell": {"type": ["string", "null"]},
                        "code": {"type": ["string", "null"], "description": "the check's finding on that cell"},
                        "why": {"type": ["string", "null"], "description": "that finding's message"},
                        "actual": {"type": ["string", "null"]},
                        "sku": {"type": ["string", "null"]},
                        "message": {"type": "string"},
                    },
                },
            },
            "report": report,
        },
    }


class ComposeRefused(Failure):
    """Nothing written: an output file exists without --force, a subject breaks the rule file's
    pattern, nothing to compose. The command line shows it as one line, exit 2."""


@dataclass(frozen=True)
class Blank:
    """A field of what is sent that would go out with nothing (or nothing known) in it, and why.

    A check that passes can still leave one: a formula cell with no saved result is a warning
    (S012), yet every reader but Excel sees it empty, and `团购价：元` would go to the manager.
    Where the field comes from a cell: the sheet, row, column and cell, and the check's finding
    on that cell (its code and message) or what the cell says."""

    field: str  # the template placeholder: price, product_link, images …
    file: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None  # "E4"
    code: str | None = None  # the check's finding on that cell, when it has one
    why: str | None = None  # that finding's message
    actual: str | None = None  # what the cell says, when it says something that cannot be read
    sku: str | None = None

    def describe(self, lang: str) -> str:
        from jdcheck.messages.fixing import say

        if self.cell is None and self.column is None:
            what = say(f"compose.field.{self.field}", lang)
            if self.row is None:
                return say("compose.blank.missing", lang, what=what)
            return say("compose.blank.missing_row", lang, what=what, file=self.file, row=self.row, sku=self.sku or "?")
        if self.code is not None:
            why = f"{self.code} {self.why}"
        elif self.actual:
            why = say("compose.blank.unreadable", lang, actual=self.actual)
        else:
            why = say("compose.blank.empty", lang)
        return say("compose.blank.cell", lang, file=self.file, row=self.row, column=self.column,
                   cell=self.cell or "?", why=why)

    def to_dict(self, lang: str) -> dict:
        data = dataclasses.asdict(self)
        data["message"] = self.describe(lang)
        return data


@dataclass
class Composed:
    """What compose did. `files` are the paths written (empty when the folder failed unforced, or
    a field to send was blank without --force)."""

    report: Report
    text: str | None = None  # the message, or the mail's plain-text body
    subject: str | None = None  # channel only
    files: list[Path] = field(default_factory=list)
    blanks: list[Blank] = field(default_factory=list)
    lang: str = "zh"
    # channel, a subject built from the template: where its brand came from (the operator is
    # told, as the brand is a guess): (brand, source) — source "folder", "titles" or "first_title"
    brand: tuple[str, str] | None = None
    # Pictures already in the output folder that this run did not write (a screenshot renamed in
    # the checked folder since the last compose): left alone, but the operator dragging DIR's
    # pictures into QQ is told.
    others: list[Path] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """The check passed and every field sent has a value."""
        return self.report.passed and not self.blanks

    def to_dict(self) -> dict:
        """`jdcheck compose --format json`: a shared-drive script picks the message up from here."""
        return {
            "tool": self.report.tool,
            "version": self.report.version,
            "type": self.report.type,
            "folder": self.report.folder,
            "passed": self.passed,
            "files": [str(path) for path in self.files],
            "subject": self.subject,
            "text": self.text,
            "blanks": [blank.to_dict(self.lang) for blank in self.blanks],
            "report": self.report.to_dict(),
        }


def check_for_compose(rules: RuleSet, folder: Path, options) -> Report:
    """The check compose runs first. For a channel folder the mail is what compose writes: a draft
    in the folder, or none, does not decide whether the rest can be sent (E001–E004 and the
    email's M101/M102 are left out here); the composed mail is checked afterwards, in the folder
    as it will be sent (_check_with_mail)."""
    from jdcheck.engine import run

    if rules.type == "channel" and "email" in rules.materials:
        materials = dict(rules.materials)
        materials["email"] = materials["email"].model_copy(update={"required": False, "max_count": None})
        rules = rules.model_copy(update={"materials": materials})
        options = dataclasses.replace(options, ignore=tuple(options.ignore) + EMAIL_CODES)
    return run(rules, folder, options)


def compose(rules: RuleSet, folder: Path, out: Path, options, *, force: bool = False,
            subject: str | None = None) -> Composed:
    """Check the folder, then write what is sent into `out` (created if missing).

    A failing folder writes nothing unless `force`, nor does one where a field to send would be
    blank (Composed.blanks; with `force` the field says what is missing, as
    `compose.to_fill` words it); existing output files are replaced only with `force`
    (ComposeRefused before anything is written)."""
    from jdcheck.materials import scan

    report = check_for_compose(rules, folder, options)
    lang = options.lang
    result = Composed(report, lang=lang)
    if not report.passed and not force:
        return result
    submission = scan(folder, rules)
    # the roles the check read from the screenshots' content (QQ截图… as the style screenshot);
    # the OCR cache makes this a lookup
    submission.resolve_screenshot_roles(options.role_readers)
    values = _Values(submission, report, lang)
    if rules.type == "channel":
        mail = _mail(rules, submission, values, folder.resolve().name, options.today, subject)
        result.blanks, result.brand = values.blanks, mail.brand
        if result.blanks and not force:
            return result
        result.report = _check_with_mail(rules, folder, options, mail, report)
        if not result.report.passed and not force:
            return result
        result.subject, result.text = mail.subject, mail.text
        targets = {out / mail.file_name: mail.data}
    else:
        message = _message(rules, submission, values)
        result.blanks = values.blanks
        if result.blanks and not force:
            return result
        result.text = message.text
        targets = {out / MESSAGE_NAME: _message_bytes(message.text)}
        for name, source in message.pictures.items():
            targets[out / name] = source
    _write_all(targets, out, force)
    result.files = list(targets)
    result.others = sorted(path for path in out.iterdir() if path not in targets and path.is_file()
                           and path.suffix.lower() in rules.folder.image_extensions and not path.name.startswith("."))
    return result


# ── the rows, as the message needs them ─────────────────────────────────────────────────────

# The fields of an item that carry something to the manager: where a template puts one, it is
# never sent blank. (`sold_out` is a mark, empty for an item in stock.)
SENT_FIELDS = frozenset({"sku", "title", "price", "product_link", "shop_link", "style_screenshots", "images"})


def clean(text: object) -> str:
    """One line of text safe to paste: no control or format characters, tabs and odd spaces made
    one plain space, NFC (a decomposed é from a Mac file name shows as two characters in QQ)."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text))
    value = "".join(" " if ch in "\t\r\n" else ch for ch in value if ch in "\t\r\n" or unicodedata.category(ch) not in _INVISIBLE)
    return _SPACES.sub(" ", value).strip()


class _Values:
    """The values of the items to send, read from the sheet as the check read them (the number the
    parser cleaned, the link as classified), and the fields that would go out blank.

    `fill` puts an item into a template section: a sent field without a value there is a Blank,
    and the text says what is missing (`【待补：E4】`) where nothing can be said; a cell that says
    something the check could not read (forced past its finding) is sent as it says it."""

    def __init__(self, submission, report: Report, lang: str):
        self.table = submission.table
        self.file = submission.sheet.rel if submission.sheet is not None else None
        self.report = report
        self.lang = lang
        self.blanks: list[Blank] = []

    def number(self, row, key: str) -> tuple[str, Blank | None]:
        from jdcheck.checks import num

        value = row.value(key)
        return (num(value), None) if value is not None else self._unknown(row, key)

    def text(self, row, key: str) -> tuple[str, Blank | None]:
        value = row.value(key)
        text = clean(value) if value is not None else ""
        return (text, None) if text else self._unknown(row, key)

    def link(self, row, key: str | None) -> tuple[str, Blank | None]:
        if key is None:
            return "", Blank("link", self.file, row.number)
        link = row.links.get(key)
        return (clean(link.url), None) if link is not None else self._unknown(row, key)

    def _unknown(self, row, key: str) -> tuple[str, Blank]:
        from jdcheck.checks.sheets import column_letter

        table = self.table
        cell = row.cells.get(key)
        said = clean(cell.value) if cell is not None else ""
        column = table.header_text(key)
        index = table.columns.get(key)
        finding = next((f for f in self.report.findings
                        if f.file == self.file and f.row == row.number and f.column == column), None)
        return said, Blank("", self.file, row.number, column,
                           f"{column_letter(index)}{row.number}" if index else None,
                           finding.code if finding else None, finding.message if finding else None,
                           said or None, clean(row.value("sku")) or None)

    def fill(self, section: str, item: dict[str, tuple[str, Blank | None] | str], common: dict[str, str],
             escape=None) -> str:
        """The section filled with the item; each blank sent field noted once, whichever sections
        (the mail's text and HTML) show it."""
        wanted = set(string.Template(section).get_identifiers()) & SENT_FIELDS
        values = dict(common)
        for name, value in item.items():
            text, blank = value if isinstance(value, tuple) else (value, None)
            if blank is not None and name in wanted:
                blank = dataclasses.replace(blank, field=name)
                if blank not in self.blanks:
                    self.blanks.append(blank)
                if not text:
                    text = self.to_fill(blank)
            values[name] = escape(text) if escape else text
        return _fill(section, values)

    def to_fill(self, blank: Blank) -> str:
        from jdcheck.messages.fixing import say

        return say("compose.to_fill", self.lang, where=blank.cell or "") if blank.cell else say("compose.to_fill_bare", self.lang)


def _key_of_kind(table, kind: str) -> str | None:
    return next((key for key in table.columns if (c := table.column(key)) is not None and c.kind == kind), None)


def _shop_link(submission) -> str:
    """The submission's shop: the one most shop links point to (the L005 reference)."""
    refs = [ref for ref in submission.link_refs if ref.link.kind == "shop"]
    if not refs:
        return ""
    counts = Counter(ref.link.shop for ref in refs)
    shop = counts.most_common(1)[0][0]
    return clean(next(ref.link.url for ref in refs if ref.link.shop == shop))


def _rows(table) -> list:
    if table is None or table.header_row is None:
        return []
    return list(table.rows)


def _sold_out(rules: RuleSet, row) -> bool:
    """platform: the sheet marks the item sold out (库存 0 and 是否标注售罄 是), as H004 reads it.
    The item may stay on the slot so marked ("无货商品必须替换掉或者在页面标明售罄"); the manager
    picking items for the slot is told in the message too."""
    from jdcheck.checks.html import is_sold_out
    from jdcheck.rulefile import PageSoldOutOptions

    if row is None or rules.type != "platform":
        return False
    return is_sold_out(row, rules.enabled_checks.get("H004") or PageSoldOutOptions())


# ── the chat message ─────────────────────────────────────────────────────────────────────────


@dataclass
class _Message:
    text: str
    pictures: dict[str, Path]  # the name in the output folder → the file in the checked folder


def _message(rules: RuleSet, submission, values: _Values) -> _Message:
    from jdcheck.messages.fixing import say

    type_name, lang = rules.type, values.lang
    sections = _sections(f"message.{type_name}.{lang}.txt")
    table = submission.table
    rows = _rows(table)
    role = PICTURE_ROLE[type_name]
    pictures = [m for m in submission.of_role(role) if m.kind == "image"]
    if not rows and type_name != "platform":
        raise ComposeRefused("compose.no_rows")
    sku_key = "sku"
    names = _output_names(pictures, rules)
    shop = _shop_link(submission)
    product_key = _key_of_kind(table, "product_link") if rows else None
    shop_key = _key_of_kind(table, "shop_link") if rows else None
    separator = say("compose.list_separator", lang)
    items: list[dict] = []
    sent: list = []
    for row in rows or [None]:  # a platform folder without a sheet: one item, all its images
        sku = row.value(sku_key) if row is not None else None
        own = pictures_of_row(sku, pictures, shared=role != "slot_image") if row is not None else pictures
        sent += [m for m in own if m not in sent]
        listed = (separator.join(names[m.rel] for m in own),
                  None if own else Blank("", values.file if row is not None else None,
                                         row.number if row is not None else None, sku=sku))
        own_shop = values.link(row, shop_key) if row is not None and shop_key else ("", None)
        items.append({
            "sku": values.text(row, sku_key) if row is not None else "",
            "price": values.number(row, PRICE_COLUMN[type_name]) if row is not None else "",
            "product_link": values.link(row, product_key) if row is not None else "",
            "shop_link": own_shop if own_shop[0] else (shop, None if shop else Blank("")),
            "style_screenshots": listed,
            "images": listed,
            "sold_out": say("compose.sold_out", lang) if _sold_out(rules, row) else "",
        })
    sent += [m for m in pictures if m not in sent]
    # Without a sheet the one item holds every picture: the items are the SKUs they name.
    count = len(items) if rows else (len({m.sku for m in pictures if m.sku}) or len(items))
    common = {"type_name": clean(rules.name.get(lang) or rules.name.get("zh") or type_name), "count": str(count),
              "items": say("compose.items", lang, count=count)}
    blocks = [_fill(sections["head"], common)]
    for number, item in enumerate(items, start=1):
        blocks.append(values.fill(sections["item"], item, {**common, "number": str(number)}))
    if sent:
        blocks.append(_fill(sections["pictures"], {**common, "picture_count": str(len(sent)),
                                                   "pictures": "\n".join(names[m.rel] for m in sent)}))
    text = "\n\n".join(block for block in blocks if block) + "\n"
    return _Message(text, {names[m.rel]: m.path for m in sent})


def _output_names(pictures: list, rules: RuleSet) -> dict[str, str]:
    """The name each picture gets beside 消息.txt (picture rel → name).

    Its own name, made one Windows takes. Where two would get the same name (the same name in two
    folders, or names that differ only in case, which Windows takes for one), the one at the top
    of the folder keeps it and each other gets its folders after its own stem, then a number:
    `主图/100012043978.jpg` and `备用/100012043978.jpg` become `100012043978_主图.jpg` and
    `100012043978_备用.jpg`. A new name is taken only when the check's naming rules pass it as
    they pass the old one (M104: the SKU leads; the rule file's pattern) and it keeps the picture's
    role and SKU: the folder of what is sent passes the check's naming as the checked one does."""
    from jdcheck.materials import _split_name as split  # (stem, suffix) as the walk splits a name

    own = {}
    for m in pictures:
        stem, suffix = split(clean(m.name))
        own[m.rel] = windows_file_name(stem, suffix)
    clashes = Counter(name.casefold() for name in own.values())
    taken = {MESSAGE_NAME.casefold()}
    names: dict[str, str] = {}
    for m in sorted(pictures, key=lambda m: ("/" in m.rel, m.rel)):
        name = own[m.rel]
        if ((clashes[name.casefold()] == 1 or "/" not in m.rel) and name.casefold() not in taken
                and (name == m.name or _names_alike(m, name, rules))):
            names[m.rel] = name
            taken.add(name.casefold())
    for m in pictures:
        if m.rel in names:
            continue
        stem, suffix = split(own[m.rel])
        folders = clean(m.rel.rpartition("/")[0].replace("/", "_"))
        tails = ([folders] if folders else []) + [str(n) for n in range(2, len(pictures) + 3)]
        for tail in tails:
            name = windows_file_name(stem, f"_{tail}{suffix}")  # a long stem is cut, never the tail
            if name.casefold() not in taken and _names_alike(m, name, rules):
                break
        else:
            raise ComposeRefused("compose.no_free_name", file=m.rel, name=m.name)
        names[m.rel] = name
        taken.add(name.casefold())
    return names


def _names_alike(picture, name: str, rules: RuleSet) -> bool:
    """The check takes `name` as it takes the picture's own name: the same role by name, the same
    SKU, and M104 passes it wherever it passes the picture."""
    from jdcheck.checks.files import name_fault
    from jdcheck.materials import classify

    before = classify(picture.path, picture.name, rules)
    after = classify(picture.path, name, rules)
    if after.role != before.role or getattr(after, "sku", None) != getattr(before, "sku", None):
        return False
    spec = rules.materials.get(before.role) if before.role is not None else None
    return spec is None or name_fault(before, spec) is not None or name_fault(after, spec) is None


def _message_bytes(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8-sig")


# ── the channel mail ─────────────────────────────────────────────────────────────────────────


@dataclass
class _Mail:
    subject: str
    text: str
    data: bytes
    file_name: str
    brand: tuple[str, str] | None  # (brand, where it came from) when the subject was built here


def _mail(rules: RuleSet, submission, values: _Values, folder_name: str, today, subject: str | None) -> _Mail:
    import email.policy
    from email.message import EmailMessage

    from jdcheck.messages.fixing import say

    lang = values.lang
    text_sections = _sections(f"mail.channel.{lang}.txt")
    html_sections = _sections(f"mail.channel.{lang}.html")
    rows = _rows(submission.table)
    if not rows:
        raise ComposeRefused("compose.no_rows")
    table = submission.table
    # The columns E003 compares the mail with, when the rule file names them: the mail then
    # carries exactly what the check reads.
    e003 = rules.enabled_checks.get("E003")
    sku_key = getattr(e003, "sku_column", None) or "sku"
    price_key = getattr(e003, "price_column", None) or PRICE_COLUMN["channel"]
    product_key = getattr(e003, "link_column", None) or _key_of_kind(table, "product_link")
    screenshots = [m for m in submission.of_role(PICTURE_ROLE["channel"]) if m.kind == "image"]
    items = [{
        "sku": values.text(row, sku_key),
        "title": values.text(row, "title"),
        "price": values.number(row, price_key),
        "product_link": values.link(row, product_key),
    } for row in rows]
    draft = _draft(submission)
    brand, source = _brand(folder_name, [item["title"][0] for item in items])
    common = {
        "type_name": clean(rules.name.get(lang) or rules.name.get("zh") or rules.type),
        "type_name_zh": clean(rules.name.get("zh") or rules.type),
        "count": str(len(items)),
        "items": say("compose.items", lang, count=len(items)),
        "screenshot_count": say("compose.screenshots", lang, count=len(screenshots)),
        "screenshots": say("compose.list_separator", lang).join(clean(m.name) for m in screenshots),
        "brand": brand,
        "month": str(today.month),
        "day": str(today.day),
    }
    subject, built = _subject(rules, subject, draft, text_sections["subject"], common)

    blocks = [_fill(text_sections["head"], common)]
    blocks += [values.fill(text_sections["item"], item, common) for item in items]
    blocks.append(_fill(text_sections["tail"], common))
    text = "\n\n".join(block for block in blocks if block) + "\n"

    def escape(value: str) -> str:
        return html.escape(value, quote=True)

    escaped = {key: escape(value) for key, value in common.items()}
    page = _fill(html_sections["head"], escaped) + "\n"
    page += "".join(values.fill(html_sections["row"], item, escaped, escape) + "\n" for item in items)
    page += _fill(html_sections["tail"], escaped) + "\n"

    policy = email.policy.default.clone(linesep="\r\n")
    message = EmailMessage(policy=policy)
    message["Subject"] = subject
    if draft is not None:
        _addresses(message, "From", [draft.sender] if draft.sender else [])
        _addresses(message, "To", draft.recipients)
    message["X-Unsent"] = "1"  # Outlook: open as a draft to send, not as a received mail
    message.set_content(text, cte="base64")
    message.add_alternative(page, subtype="html", cte="base64")
    message.make_mixed()  # the screenshots beside the alternative bodies, not inside them
    for screenshot in screenshots:
        message.attach(_attachment(screenshot.path, clean(screenshot.name), policy))
    return _Mail(subject, text, message.as_bytes(policy=policy), windows_file_name(subject, ".eml"),
                 (brand, source) if built and "${brand}" in text_sections["subject"] else None)


def _brand(folder_name: str, titles: list[str]) -> tuple[str, str]:
    """The brand for a subject built from the template, and where it came from.

    The sheet of a channel submission has no 品牌 column. Operators name the folder after the type
    and the brand (`二三级-红蜻蜓-1201`, README), and a title holds the brand somewhere
    (T004: brand + attribute + category + item number), not always first (`2026冬季新款 红蜻蜓 …`).
    So: a part of the folder's name that every title contains; else the first word of the first
    title that every other title contains too; else that first word."""
    titles = [title for title in titles if title]
    parts = [part for part in re.split(r"[-_\s—–·.，,]+", clean(folder_name)) if len(part) >= 2 and not part.isdigit()]
    for part in parts:
        if titles and all(part in title for title in titles):
            return part, "folder"
    words = [title.split() for title in titles]
    if len(words) > 1:
        for word in words[0]:
            if all(word in other for other in words[1:]):
                return word, "titles"
    return (words[0][0] if words and words[0] else ""), "first_title"



def _check_with_mail(rules: RuleSet, folder: Path, options, mail: _Mail, report: Report) -> Report:
    """`jdcheck channel` on the folder as it will be sent: a scratch copy with the composed mail in
    place of the drafts. What the mail checks (E001–E004: every item, its price and link, a
    screenshot of 100×100 or more, the subject) then holds for the mail written, with any rule file.
    A folder that cannot be copied keeps the first check's report."""
    import shutil

    from jdcheck.engine import run

    def skipped(directory: str, names: list[str]) -> set[str]:
        return {name for name in names if name.startswith((".", "~$")) or name in rules.folder.ignore_names
                or name in rules.folder.ignore_dirs or Path(name).suffix.lower() in (".eml", ".msg")}

    with tempfile.TemporaryDirectory(prefix="jdcheck-compose-") as scratch:
        copy = Path(scratch) / "folder"
        try:
            shutil.copytree(folder, copy, symlinks=True, ignore=skipped)
            (copy / mail.file_name).write_bytes(mail.data)
        except (shutil.Error, OSError):
            return report
        checked = run(rules, copy, options)
    return dataclasses.replace(checked, folder=report.folder)


def _draft(submission):
    """The folder's own mail draft, when one reads: its subject and addresses are kept."""
    for material in submission.of_kind("email"):
        mail, error = material.opened
        if error is None and mail is not None:
            return mail
    return None


def _subject(rules: RuleSet, given: str | None, draft, template: str, common: dict[str, str]) -> tuple[str, bool]:
    """--subject, else the draft's subject when it follows the rule file's pattern, else the
    template's (the flag: built from the template). Whatever the source, it must pass E004: a
    composed mail that the check would flag is not composed."""
    options = rules.enabled_checks.get("E004")
    pattern = getattr(options, "pattern", None)
    example = getattr(options, "example", None)

    def follows(text: str) -> bool:
        return bool(text) and (pattern is None or re.search(pattern, text) is not None)

    if given is not None:
        subject = clean(given)
        if not follows(subject):
            raise ComposeRefused("compose.subject_given", subject=subject, pattern=pattern,
                                 example=Text("compose.example", example=example) if example else "")
        return subject, False
    if draft is not None and follows(clean(draft.subject)):
        return clean(draft.subject), False
    subject = _SPACES.sub(" ", _fill(template, common)).strip()
    if not follows(subject):
        raise ComposeRefused("compose.subject_built", subject=subject, pattern=pattern,
                             example=Text("compose.example", example=example) if example else "")
    return subject, True


def _addresses(message, header: str, addresses: list[str]) -> None:
    from email.errors import HeaderParseError

    values = [a for a in (clean(a) for a in addresses) if a]
    if not values:
        return
    try:
        message[header] = ", ".join(values)
        str(message[header])  # parsed now: a mangled address from an old draft is left out
    except (ValueError, IndexError, HeaderParseError):
        del message[header]


def _attachment(path: Path, name: str, policy):
    """One attached screenshot, its Chinese name written so every client shows it (module doc).

    Built as the MIME text of the part and parsed with the mail's policy: headers parsed from
    source are written back as they are, while headers set through the API would be refolded
    by the policy into RFC 2231 only (which older Outlook shows as ATT00001.jpg)."""
    import base64
    from email.parser import BytesParser
    from urllib.parse import quote

    maintype, subtype = (mimetypes.guess_type(name)[0] or "application/octet-stream").split("/", 1)
    words = _encoded_words(name)
    # RFC 2231 continuations cut between characters, never inside one: a reader that decodes
    # each piece on its own still shows the name.
    chunks = [""]
    for ch in name:
        piece = quote(ch, safe="")
        if chunks[-1] and len(chunks[-1]) + len(piece) > 54:
            chunks.append("")
        chunks[-1] += piece
    lines = [f"Content-Type: {maintype}/{subtype};"]
    lines.append(' name="' + "\r\n ".join(words) + '"')
    lines.append("Content-Disposition: attachment;")
    if len(chunks) == 1:
        lines.append(f" filename*=utf-8''{chunks[0]}")
    else:
        lines += [f" filename*{i}*={'utf-8' + chr(39) * 2 if i == 0 else ''}{chunk}{';' if i < len(chunks) - 1 else ''}"
                  for i, chunk in enumerate(chunks)]
    lines.append("Content-Transfer-Encoding: base64")
    body = base64.encodebytes(path.read_bytes()).replace(b"\n", b"\r\n")
    raw = "\r\n".join(lines).encode("ascii") + b"\r\n\r\n" + body
    return BytesParser(policy=policy).parsebytes(raw)


def _encoded_words(text: str, size: int = 36) -> list[str]:
    """RFC 2047 B words of at most `size` UTF-8 bytes each, never splitting a character
    (a reader decodes each word on its own before joining)."""
    import base64

    words, chunk = [], b""
    for ch in text:
        data = ch.encode("utf-8")
        if chunk and len(chunk) + len(data) > size:
            words.append(chunk)
            chunk = b""
        chunk += data
    words.append(chunk)
    return [f"=?utf-8?B?{base64.b64encode(w).decode('ascii')}?=" for w in words]


def windows_file_name(text: str, suffix: str = "", limit: int = 120) -> str:
    """`text` + `suffix` as a file name every file system here takes: forbidden characters as their
    full-width forms, no control characters, no trailing dot or space, no reserved device name.
    The name is cut (never the suffix) to at most `limit` characters, which leaves the output
    folder's path room under Windows' MAX_PATH of 260, and at most 255 bytes in UTF-8: Linux and
    macOS file systems count a name's bytes, and a Chinese character takes three (120 of them are
    360). NTFS counts 255 UTF-16 units, which 120 characters never exceed."""
    name = clean(text).translate(_WINDOWS_FORBIDDEN)
    suffix = clean(suffix).translate(_WINDOWS_FORBIDDEN)
    room = NAME_BYTES - len(suffix.encode("utf-8"))
    name = name[:max(limit - len(suffix), 1)]
    while len(name.encode("utf-8")) > room:
        name = name[:-1]
    name = name.rstrip(". ")
    if not name:
        name = "mail"
    if _WINDOWS_RESERVED.match(name + suffix):
        name = "_" + name
    return name + suffix


# ── templates and writing ────────────────────────────────────────────────────────────────────


def _sections(name: str) -> dict[str, str]:
    """A template file's `[[section]]` parts (compose_templates/README.txt)."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    sections: dict[str, str] = {}
    current = None
    lines: list[str] = []
    for line in text.splitlines():
        match = re.fullmatch(r"\[\[(\w+)\]\]\s*", line)
        if match:
            if current is not None:
                sections[current] = "\n".join(lines).strip("\n")
            current, lines = match.group(1), []
        elif current is not None:
            lines.append(line)
    if current is not None:
        sections[current] = "\n".join(lines).strip("\n")
    return sections


def _fill(template: str, values: dict[str, str]) -> str:
    return string.Template(template).substitute(values)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_all(targets: dict[Path, bytes | Path], out: Path, force: bool) -> None:
    """Every file or none: the refusals come before the first write."""
    import shutil

    for target in targets:
        if target.is_dir():
            raise ComposeRefused("compose.is_folder", path=target)
        if target.exists() and not force:
            raise ComposeRefused("exists", path=target)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for target, content in targets.items():
            handle, temporary = tempfile.mkstemp(prefix=".jdcheck-", dir=out)
            try:
                with os.fdopen(handle, "wb") as stream:
                    if isinstance(content, Path):
                        with content.open("rb") as source:
                            shutil.copyfileobj(source, stream)
                    else:
                        stream.write(content)
                os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would hide it on a shared drive
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
    except OSError as exc:
        raise ComposeRefused("compose.cannot_write", out=out, reason=os_reason(exc)) from None
