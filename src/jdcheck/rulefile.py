"""The rule files (rules/*.yaml): Pydantic models, loading with file:line errors, `extends`.

A rule file is the single source of one submission type's requirements: which materials it has
and how they are recognised and named, image sizes and byte limits, the template header in order
with each column's kind, and which checks run with which options and severities. Every model
forbids unknown keys, so a misspelt key stops the run with its line instead of being ignored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from jdcheck.cache import remembered
from jdcheck.findings import Severity
from jdcheck.messages.errors import Invalid, PydanticText, Text, unknown_type
from jdcheck.yamlfile import YAML_MAX_BYTES, ConfigError, fullwidth_colon, load_yaml

from jdcheck.codes import TYPES  # noqa: E402,F401 - re-exported
ImageFormat = Literal["JPEG", "PNG", "GIF", "WEBP", "BMP"]
ColumnKind = Literal[
    "sku", "text", "number", "integer", "choice", "datetime", "product_link", "shop_link", "url"
]
Role = Literal[
    "spreadsheet",
    "slot_image",
    "style_screenshot",
    "promo_screenshot",
    "screenshot",
    "links",
    "email",
    "html",
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# ── materials ────────────────────────────────────────────────────────────────────────────────


class ImageSpec(Model):
    """What an image of one role must be. `max_kb` is exclusive and counts 1 KB = 1024 bytes."""

    width: int | None = Field(default=None, gt=0)
    height: int | None = Field(default=None, gt=0)
    max_kb: float | None = Field(default=None, gt=0)
    formats: tuple[ImageFormat, ...] = ("JPEG", "PNG")
    still: bool = True
    max_pixels: int = Field(default=89_478_485, gt=0)

    @property
    def max_bytes(self) -> int | None:
        """The largest byte count that passes: "under 50 KB" means at most 51,199 bytes."""
        return None if self.max_kb is None else int(self.max_kb * 1024) - 1


class MaterialSpec(Model):
    required: bool = False
    max_count: int | None = Field(default=None, ge=1)
    image: ImageSpec | None = None
    naming: Literal["sku"] | None = None
    pattern: str | None = None  # a regular expression the file name (without folders) must match

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        return _regex(value)


def _regex(value: str | None) -> str | None:
    if value is not None:
        import re

        try:
            re.compile(value)
        except re.error as exc:
            raise Invalid("regex", error=str(exc)) from None
    return value


class RoleKeywords(Model):
    """File-name words that give an image its role (checked in this order, case-insensitive).

    `screenshot` is a screenshot whose role the name does not tell (SPEC §2): the words
    operators use and the names screenshot tools give by default — QQ截图2026…, 微信截图_2026…,
    屏幕截图 2026… (Windows 11), Screenshot 2026… / Screen Shot 2026… (Windows, macOS, Android),
    截屏2026… and 屏幕快照 2026… (Chinese macOS), Snipaste_2026…. Such an image is never a slot
    image; its role may still be read from its content (materials.resolve_screenshot_roles)."""

    style_screenshot: tuple[str, ...] = ("款式", "style")
    promo_screenshot: tuple[str, ...] = ("促销", "活动设置", "promo")
    screenshot: tuple[str, ...] = ("截图", "截屏", "屏幕快照", "screenshot", "screen shot", "snipaste")


class FolderRules(Model):
    ignore_names: tuple[str, ...] = ("Thumbs.db", "desktop.ini", ".DS_Store", "jdcheck.yaml")
    ignore_dirs: tuple[str, ...] = ("__MACOSX",)
    spreadsheet_extensions: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".csv")
    image_extensions: tuple[str, ...] = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp")
    links_files: tuple[str, ...] = ("links.txt",)
    roles: RoleKeywords = Field(default_factory=RoleKeywords)
    max_depth: int = Field(default=8, ge=1)
    max_files: int = Field(default=5000, ge=1)


# ── spreadsheet template ─────────────────────────────────────────────────────────────────────


class Column(Model):
    name: str  # header text as in the template, without the required-marker `*`
    key: str  # what checks call the column (`jd_price`), so they never hard-code header text
    kind: ColumnKind = "text"
    required: bool = False
    choices: tuple[str, ...] | None = None
    default: str | None = None  # value an empty optional cell stands for (团购类型: 普通团)

    @model_validator(mode="after")
    def _choices_for_choice(self) -> Column:
        if self.kind == "choice" and not self.choices:
            raise Invalid("choice_needs_choices", name=self.name)
        return self


class SheetRules(Model):
    columns: tuple[Column, ...]
    header_search_rows: int = Field(default=30, ge=1)
    # A lone cell under the data starting with one of these is a footnote, not a row. An instruction
    # (说明, 填写说明) is not a footnote: SPEC §3 makes it S014, because the manager's import reads it.
    note_prefixes: tuple[str, ...] = ("注", "备注", "Note")
    # A row under the header whose first filled cells start with one of these is an example,
    # instruction or total row (S014): reported once and left out of every other check.
    special_row_markers: tuple[str, ...] = ("示例", "样例", "例：", "例:", "举例", "填写说明", "说明", "合计", "总计", "小计")

    @model_validator(mode="after")
    def _unique(self) -> SheetRules:
        for attr in ("name", "key"):
            seen: set[str] = set()
            for column in self.columns:
                value = getattr(column, attr)
                if value in seen:
                    raise Invalid("two_columns", attr=attr, value=value)
                seen.add(value)
        return self

    def by_key(self, key: str) -> Column | None:
        return self._columns_by_key.get(key)

    @cached_property
    def _columns_by_key(self) -> dict[str, Column]:
        # Looked up for every cell of every row: a linear search cost 0.12 s on 2,000 rows.
        return {column.key: column for column in self.columns}


# ── check options: one model per code that takes options ────────────────────────────────────


class CheckOptions(Model):
    """Every check accepts `severity`; a code absent from `checks:` does not run."""

    severity: Severity | None = None


class RangeBound(Model):
    column: str
    min: float | None = None
    max: float | None = None
    severity: Severity = Severity.ERROR
    when: dict[str, str] | None = None  # only rows whose column key equals the value
    # Rows where one of these column keys holds its value are exempt (a sold-out row marked
    # 是否标注售罄 = 是 may have stock 0).
    unless: dict[str, str] | None = None


class RangeOptions(CheckOptions):
    bounds: tuple[RangeBound, ...] = ()


class SkuOptions(CheckOptions):
    column: str = "sku"
    min_digits: int = 6
    max_digits: int = 14
    long_number_digits: int = 12
    long_number_severity: Severity = Severity.WARNING


class ColumnOptions(CheckOptions):
    column: str


class PriceOrderOptions(CheckOptions):
    price: str  # the promotional price column key
    list_price: str  # 京东价
    relation: Literal["lower", "not_higher"] = "lower"


class TimeSpan(Model):
    start: str
    end: str


class WindowOptions(CheckOptions):
    spans: tuple[TimeSpan, ...]


class ClockOptions(CheckOptions):
    span: TimeSpan
    time: str = "09:30"

    @field_validator("time")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        try:
            dt.time.fromisoformat(value)
        except ValueError:
            raise Invalid("time", value=value) from None
        return value


class ForbiddenValueOptions(CheckOptions):
    column: str
    forbidden: tuple[str, ...]


class SeasonOptions(CheckOptions):
    column: str
    start: str
    all_year: tuple[str, ...] = ("四季",)
    months: dict[str, tuple[int, ...]] = {
        "春": (3, 4, 5),
        "夏": (6, 7, 8),
        "秋": (9, 10, 11),
        "冬": (12, 1, 2),
    }


class MaxValueOptions(CheckOptions):
    column: str
    max: float
    unless_column: str | None = None
    unless_values: tuple[str, ...] = ()


class BannedWordOptions(CheckOptions):
    columns: tuple[str, ...]
    words: tuple[str, ...]


class TitleOptions(CheckOptions):
    column: str = "title"
    brand_column: str | None = "brand"
    max_length: int = 60
    min_length: int = 10
    category_words: tuple[str, ...] = ()


class MinPriceOptions(CheckOptions):
    column: str
    above: float  # strictly: the value must be greater


class PromotionTimeOptions(CheckOptions):
    """The promotion window equals the activity window of the same row (`activity` given), or is
    identical on every row of the sheet (`same_across_rows`)."""

    promotion: TimeSpan
    activity: TimeSpan | None = None
    same_across_rows: bool = False

    @model_validator(mode="after")
    def _something_to_compare(self) -> PromotionTimeOptions:
        if self.activity is None and not self.same_across_rows:
            raise Invalid("activity_or_same")
        return self


class PromoShotOptions(CheckOptions):
    """P009: the sheet's promotion times and price that the promotion screenshot must show."""

    start: str
    end: str
    price: str


class DisplayNameOptions(CheckOptions):
    column: str
    title_column: str
    suggestions: tuple[str, ...] = ("仅此一天", "限时特惠")


class KeySizeOptions(CheckOptions):
    """V001/V002: the size column and (V002) the stock column; the key size is the rule file's
    top-level `key_size`."""

    column: str = "size"
    stock_column: str = "stock"


class EmailItemsOptions(CheckOptions):
    sku_column: str = "sku"
    price_column: str = "price"
    link_column: str = "product_link"


class SubjectOptions(CheckOptions):
    pattern: str | None = None  # a regular expression the subject must contain (re.search)
    example: str | None = None  # a subject that passes, shown in the fix hint

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        return _regex(value)


class JdLinkOptions(CheckOptions):
    allowed_hosts: tuple[str, ...] = ()  # extra hosts a decoration page may link to (coupon.jd.com)


class PagePriceOptions(CheckOptions):
    sku_column: str = "sku"
    price_column: str = "price"


class PageSoldOutOptions(CheckOptions):
    sku_column: str = "sku"
    stock_column: str = "stock"
    sold_out_column: str = "sold_out"
    sold_out_value: str = "是"
    # What marks an item sold out in a page, as text or in a class, id or image name
    # (case-insensitive); the first is the one the fix hint names.
    marks: tuple[str, ...] = Field(
        default=("售罄", "已售完", "售完", "抢光", "无货", "sold out", "soldout", "sold-out", "sold_out",
                 "shouqing", "sellout", "sell-out", "out of stock", "outofstock"),
        min_length=1,
    )


class PromoDueOptions(CheckOptions):
    start: str
    days: int = 3


class ProductLinkOptions(CheckOptions):
    sku_column: str = "sku"


class OnlineRules(Model):
    """How `--online` fetches links (L007). Only hosts on `hosts` are ever contacted: an entry
    matches the host itself and its subdomains (`jd.com` covers item.jd.com, not evil-jd.com)."""

    hosts: tuple[str, ...] = ("jd.com", "jd.hk", "3.cn")
    timeout: float = Field(default=10.0, gt=0)  # seconds, per request (connect, read, write)
    max_concurrency: int = Field(default=4, ge=1, le=32)
    per_host_per_second: float = Field(default=2.0, gt=0)  # JD's anti-crawling answers 403 to bursts
    retries: int = Field(default=2, ge=0, le=5)  # after a timeout, a dropped connection or a 5xx
    backoff: float = Field(default=0.5, ge=0)  # seconds before the first retry, doubled each time
    max_redirects: int = Field(default=5, ge=0, le=20)
    max_links: int = Field(default=500, ge=1)  # links fetched per run; the rest are not verified


class Checks(Model):
    """Which checks run for a type. Absent = off; `{}` = on with defaults."""

    M101: CheckOptions | None = None
    M102: CheckOptions | None = None
    M103: CheckOptions | None = None
    M104: CheckOptions | None = None
    M105: CheckOptions | None = None
    M106: PromoDueOptions | None = None
    M107: CheckOptions | None = None
    I001: CheckOptions | None = None
    I002: CheckOptions | None = None
    I003: CheckOptions | None = None
    I004: CheckOptions | None = None
    I005: CheckOptions | None = None
    I006: CheckOptions | None = None
    I007: CheckOptions | None = None
    I008: CheckOptions | None = None
    I009: CheckOptions | None = None  # needs jdcheck[vision] (numpy; OCR without a logo file)
    I010: CheckOptions | None = None  # needs jdcheck[vision]
    S001: CheckOptions | None = None
    S002: CheckOptions | None = None
    S003: CheckOptions | None = None
    S004: CheckOptions | None = None
    S005: CheckOptions | None = None
    S006: RangeOptions | None = None
    S007: SkuOptions | None = None
    S008: SkuOptions | None = None
    S009: CheckOptions | None = None
    S010: CheckOptions | None = None
    S011: CheckOptions | None = None
    S012: CheckOptions | None = None
    S013: CheckOptions | None = None
    S014: CheckOptions | None = None
    L001: CheckOptions | None = None
    L002: CheckOptions | None = None
    L003: CheckOptions | None = None
    L004: ProductLinkOptions | None = None
    L005: CheckOptions | None = None
    L006: CheckOptions | None = None
    L007: CheckOptions | None = None  # runs only with --online
    L008: CheckOptions | None = None
    P001: PriceOrderOptions | None = None
    P002: MinPriceOptions | None = None
    P003: PromotionTimeOptions | None = None
    P004: ClockOptions | None = None
    P005: WindowOptions | None = None
    P006: ForbiddenValueOptions | None = None
    P007: SeasonOptions | None = None
    P008: MaxValueOptions | None = None
    P009: PromoShotOptions | None = None  # needs jdcheck[vision]
    T001: DisplayNameOptions | None = None
    T002: ColumnOptions | None = None
    T003: BannedWordOptions | None = None
    T004: TitleOptions | None = None
    V001: KeySizeOptions | None = None
    V002: KeySizeOptions | None = None
    E001: CheckOptions | None = None
    E002: CheckOptions | None = None
    E003: EmailItemsOptions | None = None
    E004: SubjectOptions | None = None
    H001: CheckOptions | None = None
    H002: JdLinkOptions | None = None
    H003: PagePriceOptions | None = None
    H004: PageSoldOutOptions | None = None

    def enabled(self) -> dict[str, CheckOptions]:
        return {code: opt for code in type(self).model_fields if (opt := getattr(self, code)) is not None}


# ── the rule file ────────────────────────────────────────────────────────────────────────────


class RuleSet(Model):
    type: str
    name: dict[Literal["zh", "en"], str]
    template_version: str | None = None
    folder: FolderRules = Field(default_factory=FolderRules)
    materials: dict[Role, MaterialSpec]
    spreadsheet: SheetRules | None = None
    shop_link_required: bool = False
    key_size: str = "37"  # the size a slot shows (V001/V002): 37 for women's shoes
    online: OnlineRules = Field(default_factory=OnlineRules)
    checks: Checks
    source: str = Field(default="", exclude=True)

    @field_validator("key_size", mode="before")
    @classmethod
    def _size_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _column_keys_exist(self) -> RuleSet:
        keys = {c.key for c in self.spreadsheet.columns} if self.spreadsheet else set()
        missing = [(("checks", code, *path), ref) for code, options in self.checks.enabled().items()
                   for path, ref in _column_refs(options) if ref not in keys]
        if missing:
            raise MissingColumns(missing)
        return self

    @cached_property
    def enabled_checks(self) -> dict[str, CheckOptions]:
        return self.checks.enabled()

    def material(self, role: str) -> MaterialSpec:
        return self.materials.get(role) or MaterialSpec()


class MissingColumns(Invalid):
    """Checks name column keys the spreadsheet does not have: [(key path of the reference, key)].
    Where to blame depends on which file set what (validation_error)."""

    def __init__(self, missing: list[tuple[tuple, str]]) -> None:
        (path, key), *_ = missing
        super().__init__("column_ref", code=path[1], key=key, more="")
        self.missing = missing


def _column_refs(options: Model) -> list[tuple[tuple, str]]:
    """Every column key an options model names, with its key path in the options: fields
    `column`, `*_column`, `price`, `list_price`, `start`, `end`, lists `columns`, and the same
    inside nested models (time spans, range bounds) and the keys of a bound's `when`/`unless`."""
    refs: list[tuple[tuple, str]] = []
    for name, value in options:
        if isinstance(value, Model):
            refs += [((name, *path), ref) for path, ref in _column_refs(value)]
        elif isinstance(value, tuple) and value and all(isinstance(v, Model) for v in value):
            refs += [((name, i, *path), ref) for i, item in enumerate(value) for path, ref in _column_refs(item)]
        elif name in {"column", "price", "list_price", "start", "end"} or name.endswith("_column"):
            if isinstance(value, str):
                refs.append(((name,), value))
        elif name == "columns":
            refs += [((name, i), ref) for i, ref in enumerate(value)]
        elif name in {"when", "unless"} and value:
            refs += [((name, ref), ref) for ref in value]
    return refs


# ── loading ──────────────────────────────────────────────────────────────────────────────────


def builtin_rules_dir() -> Path:
    """`rules/` inside the installed package (wheel), else the repository's top-level `rules/`."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parents[1] / "rules"):
        if candidate.is_dir():
            return candidate
    raise ConfigError("rules.builtin_missing")


def builtin_rule_path(type_name: str) -> Path:
    if type_name not in TYPES:
        raise ConfigError("unknown_type", **unknown_type(type_name))
    return builtin_rules_dir() / f"{type_name}.yaml"


def load_rules(source: str | Path) -> RuleSet:
    """Load a built-in type by name or a rule file by path, resolving `extends`."""
    path = builtin_rule_path(source) if isinstance(source, str) and source in TYPES else Path(source)
    if not path.is_file():
        raise ConfigError("rules.not_found", path)
    return remembered("rules", str(path), lambda: _validated(path))


def _validated(path: Path) -> tuple[RuleSet, list[Path]]:
    """The rule set of `path`, and the files it was read from (it and what it extends)."""
    read: list[Path] = []
    data, locate = _resolve(path, seen=(), read=read)
    try:
        return RuleSet.model_validate({**data, "source": str(path)}), read
    except ValidationError as exc:
        raise validation_error(exc, locate, top=str(path)) from None


def _resolve(path: Path, seen: tuple[Path, ...], read: list[Path]) -> tuple[dict, Any]:
    """Merged data of `path` and what it extends, and a function locating a key path in them;
    each file read is added to `read`."""
    if path.resolve() in seen:  # only the first file can get here: the others are caught below with their line
        raise ConfigError("rules.extends_self", path)
    read.append(path)
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise doc.not_mapping("rules.not_mapping")
    data = dict(doc.data)
    base_name = data.pop("extends", None)
    if base_name is None:
        return data, doc.locate
    if not isinstance(base_name, str):
        raise ConfigError("rules.extends_type", *doc.locate(("extends",)))
    base_path = builtin_rule_path(base_name) if base_name in TYPES else Path(os.path.normpath(path.parent / base_name))
    if not base_path.is_file():
        raise ConfigError("rules.extends_missing", *doc.locate(("extends",)), base=base_name)
    if base_path.resolve() in (*seen, path.resolve()):
        raise ConfigError("rules.extends_loop", *doc.locate(("extends",)), base=base_name)
    base_data, base_locate = _resolve(base_path, (*seen, path.resolve()), read)

    def locate(key_path) -> tuple[str, int]:
        # A key this file sets is reported here; one it inherits, in the file it comes from.
        key_path = tuple(key_path)
        for n in range(len(key_path), 0, -1):
            if key_path[:n] in doc.locations:
                return doc.locations[key_path[:n]]
        return base_locate(key_path)

    try:
        return deep_merge(base_data, data), locate
    except MergeError as exc:
        raise ConfigError(exc.key, *doc.locate(exc.key_path), **exc.fields) from None


def deep_merge(base: Any, override: Any, path: tuple = ()) -> Any:
    """Mappings merge key by key; anything else (lists included) is replaced whole.

    A key written `name+` appends its list to the inherited list `name` instead of replacing it
    (`words+: [爆款]` bans one more word without copying the built-in list)."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            if isinstance(key, str) and key.endswith("+") and len(key) > 1:
                name = key[:-1]
                inherited = merged.get(name)
                if name in override:
                    raise MergeError("rules.merge_both", (*path, key), name=name, key=key)
                if not isinstance(value, list) or not isinstance(inherited, (list, type(None))):
                    raise MergeError("rules.merge_list", (*path, key), key=key)
                merged[name] = [*(inherited or []), *value]
            else:
                merged[key] = deep_merge(base.get(key), value, (*path, key)) if key in base else value
        return merged
    return override


class MergeError(Exception):
    def __init__(self, key: str, key_path: tuple, /, **fields: Any):
        super().__init__(key)
        self.key, self.key_path, self.fields = key, key_path, fields


def validation_error(exc: ValidationError, locate, top: str | None = None) -> ConfigError:
    """The first Pydantic error as `file:line: field.path: message`, its message a text of
    messages/errors.py (chosen by the error's type) rendered in the report's language when shown.
    `top`: the rule file that was loaded, when it `extends` others."""
    errors = exc.errors()
    error = errors[0]
    more = Text("more", count=len(errors) - 1) if len(errors) > 1 else ""
    if isinstance((error.get("ctx") or {}).get("error"), MissingColumns):
        return _missing_columns(error["ctx"]["error"], locate, top)
    loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and (part.startswith("function-") or part == "[key]")))
    file, line = locate(loc)
    field_path = ".".join(str(part) for part in loc) or Text("top_level")
    value = error.get("input")
    if isinstance(value, str) and "：" in value:
        typo = fullwidth_colon(value, file)
        if typo is not None:  # `severity:` / `  S006：warning` is one string to YAML
            return ConfigError("yaml.fullwidth_colon", file, line, **typo.text.fields)
    problem: Any = PydanticText(error)
    if error["type"] == "extra_forbidden":
        problem = Text("unknown_key")
    elif error["type"] == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        # `template_version: 2026.10` unquoted is the number 2026.1 to YAML: say so, not "valid string".
        problem = Text("number_as_text", value=value)
    elif error["type"] in ("tuple_type", "list_type"):
        problem = Text("not_a_list", value=value)
    return ConfigError("field", file, line, path=field_path, problem=problem, more=more)


def _missing_columns(error: MissingColumns, locate, top: str | None) -> ConfigError:
    """A check naming a column the sheet lacks. Blamed where the reference is written, unless the
    check is inherited and the columns were replaced in the loaded file: then at that file's
    `columns:` (the operator shortened the list), naming the check that needs the column."""
    (path, key), *others = error.missing
    more = Text("more", count=len(others)) if others else ""
    ref_file, ref_line = locate(path)
    columns_file, columns_line = locate(("spreadsheet", "columns"))
    if top is not None and ref_file != top and columns_file == top:
        also = tuple(dict.fromkeys(other for _, other in others if other != key))  # what to add, in order
        more = Text("columns_also_missing", keys=also) if also else ""
        return ConfigError("column_ref_inherited", columns_file, columns_line, key=key, code=path[1], more=more,
                           ref=".".join(str(part) for part in path), where=f"{ref_file}:{ref_line}")
    return ConfigError("column_ref", ref_file, ref_line, code=path[1], key=key, more=more)


# ── folder config: jdcheck.yaml ──────────────────────────────────────────────────────────────

Code = Annotated[str, Field(pattern=r"^[A-Z]\d{3}$")]
def _known_selector(value: Any) -> str:
    """A code or prefix that names at least one rule code (SPEC §5: a typo never turns a check
    off); the error names the closest code."""
    from jdcheck.codes import parse_selectors

    if not isinstance(value, str):
        raise Invalid("selector_type", value=value)
    selectors = parse_selectors(value)
    if len(selectors) != 1:
        raise Invalid("selector_one", value=value)
    return selectors[0]


def _severity_key(value: Any) -> str:
    """A code or a prefix, as --select takes (`I0: error` sets I001…I010); the error names the
    closest code."""
    import re

    from jdcheck.codes import DEFAULT_SEVERITY, unknown_selector

    if not isinstance(value, str):
        raise Invalid("severity_code_type", value=value)
    key = value.strip().upper()
    if not re.fullmatch(r"[A-Z]\d{0,3}", key):
        raise Invalid("severity_code_malformed", value=value)
    if not any(code.startswith(key) for code in DEFAULT_SEVERITY):  # X001, X002 keep their severity
        import difflib

        closest = unknown_selector(key)
        if closest not in DEFAULT_SEVERITY:
            closest = difflib.get_close_matches(key, DEFAULT_SEVERITY, n=1, cutoff=0.0)[0]
        raise Invalid("severity_code", value=value, closest=closest)
    return key


SeverityKey = Annotated[str, BeforeValidator(_severity_key)]  # a code or prefix: S006, I0, I
CodeOrPrefix = Annotated[str, BeforeValidator(_known_selector)]  # as --select/--ignore: I002, S, L00


class FolderConfig(Model):
    type: Literal["groupbuy", "homepage", "platform", "channel"] | None = None
    rules: str | None = None
    select: tuple[CodeOrPrefix, ...] | None = None
    ignore: tuple[CodeOrPrefix, ...] = ()
    severity: dict[SeverityKey, Severity] = {}
    today: dt.date | None = None
    logo: str | None = None  # the brand logo file for I009, relative to this jdcheck.yaml

    # jdcheck.yaml is read relative to its own folder
    path: Path | None = Field(default=None, exclude=True)

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _selectors(cls, value: Any) -> Any:
        """A YAML list, or a comma-separated string (`P007, T004`) split into one."""
        if not isinstance(value, str):
            return value
        import re

        selectors = [part for part in re.split(r"[,;，、\s]+", value) if part]
        if not selectors:  # `select: ""`; an explicit `[]` is deliberate
            raise Invalid("names_no_code")
        return selectors

    @field_validator("severity")
    @classmethod
    def _severity_per_code(cls, value: dict[str, Severity]) -> dict[str, Severity]:
        """Prefixes given as codes, a longer key winning over a shorter (`{I: warning, I002: error}`),
        so the engine looks up a code and a nearer jdcheck.yaml overrides a farther one code by code."""
        from jdcheck.codes import DEFAULT_SEVERITY

        per_code: dict[str, Severity] = {}
        for key in sorted(value, key=len):
            per_code.update({code: value[key] for code in DEFAULT_SEVERITY if code.startswith(key)})
        return per_code

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value  # `GroupBuy`, as folder names

    @field_validator("today", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            raise Invalid("date_no_time", value=f"{value:%Y-%m-%d %H:%M}")
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise Invalid("date", value=value) from None

    def rules_path(self) -> Path | None:
        if self.rules is None or self.path is None:
            return None
        return (self.path.parent / self.rules).resolve()

    def logo_path(self) -> Path | None:
        if self.logo is None or self.path is None:
            return None
        return (self.path.parent / self.logo).resolve()

    def where(self, key: str) -> tuple[str, int | None]:
        """FILE, LINE of `key` in this jdcheck.yaml, for a message about its value (read again:
        only a mistake needs it)."""
        return load_yaml(self.path).locate((key,))


def load_folder_config(path: Path) -> FolderConfig:
    """A folder's jdcheck.yaml, validated; the rule file it names must exist now. Its logo is
    looked for where I009 needs it (config.logo_file).

    Kept in the cache by its bytes, not its path: a drive's folders carry copies of one
    jdcheck.yaml, and new folders every day must not add an entry each."""
    try:
        data = path.read_bytes() if path.stat().st_size <= YAML_MAX_BYTES else None
    except OSError:
        data = None
    if data is None:  # too large or unreadable: load_yaml words it
        config = _validated_config(path)
    else:
        config = remembered("config", hashlib.sha256(data).hexdigest(),
                            lambda: (_validated_config(path).model_copy(update={"path": None}), []))
        config = config.model_copy(update={"path": path})
    rules = config.rules_path()
    if rules is not None and not rules.is_file():
        raise ConfigError("config.no_rules", *config.where("rules"), path=str(rules))
    return config


def _validated_config(path: Path) -> FolderConfig:
    doc = load_yaml(path)
    if doc.data in (None, {}):
        return FolderConfig(path=path)
    if not isinstance(doc.data, dict):
        raise doc.not_mapping("config.not_mapping")
    try:
        return FolderConfig.model_validate({**doc.data, "path": path})
    except ValidationError as exc:
        # `  S006：warning` under `severity:` is one string to YAML: its own line says why
        raise fullwidth_colon(doc.text, doc.file) or validation_error(exc, doc.locate) from None
