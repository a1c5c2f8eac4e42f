"""Which rules and options a folder is checked with: the command line, then jdcheck.yaml files.

Search order, the first source that sets a value wins (README "Batch and configuration"):

1. the command line (`--type`, `--rules`, `--today`, `--select`, `--ignore`, `--strict`, `--lang`);
2. the folder's own `jdcheck.yaml` (for the type, next comes the folder's name: `团购-…`, `groupbuy_…`);
3. `jdcheck.yaml` files of the parent folders, nearest first, up to the batch root (batch, and
   `check FOLDER --root ROOT`);
4. the built-in rule file of the type and the defaults (today's date in China).

Per-code `severity` maps merge instead: a nearer file overrides a farther one code by code.
A `rules` file is for one type. A folder's own config or the single-folder `--rules` naming a
rule file of another type is an error; in a batch, `--rules` and a parent's `rules` apply only to
the folders of that file's type (the others are someone else's submissions).

No typer and no Rich here: batch workers import this module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from jdcheck.rulefile import TYPES, FolderConfig, RuleSet, load_folder_config, load_rules
from jdcheck.messages.errors import Text, unknown_type
from jdcheck.yamlfile import ConfigError

if TYPE_CHECKING:
    from jdcheck.engine import Options

CHINA = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")  # no DST since 1991: no tz database needed
CONFIG_NAME = "jdcheck.yaml"

# The words that name a type in a folder name: SPEC §1's names and the short forms operators
# write (首页-红蜻蜓, 二三级-红蜻蜓). A space in a word stands for an optional `-`, `_` or space
# (groupbuy, Group-buy 1201, group_buy).
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "groupbuy": ("group buy", "团购"),
    "homepage": ("homepage", "首页单品", "首页"),
    "platform": ("platform", "服装城", "平台活动"),
    "channel": ("channel", "二三级资源", "二三级"),
}


@dataclass(frozen=True)
class NameType:
    """The type a folder name names. `whole_word`: the type's word stands on its own, between
    separators, brackets, digits or the ends (团购-红蜻蜓-1201, 【团购】红蜻蜓, 1201团购-红蜻蜓,
    groupbuy_1201); otherwise it is glued into a longer word (团购规则, 团购模板, 红蜻蜓团购, channels,
    Platformer-notes), which names something else as often as a submission."""

    type: str
    whole_word: bool


@dataclass(frozen=True)
class _TypeWord:
    type: str
    pattern: re.Pattern[str]
    latin: bool  # ends where Latin letters end; a Chinese word ends where Chinese characters end

    def continues(self, char: str) -> bool:
        """Whether `char` beside a match makes it part of a longer word. Tested in code, not as a
        lookaround class: a class over the CJK ranges cost 2 ms of every start-up, per word, to compile."""
        if self.latin:
            return "a" <= char <= "z"
        # CJK Extension A, the unified ideographs, the compatibility ideographs
        return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"

    def alone(self, text: str) -> re.Match[str] | None:
        """The first match that stands on its own: no letter of the word's script on either side."""
        position = 0
        while (match := self.pattern.search(text, position)) is not None:
            start, end = match.span()
            if not (start > 0 and self.continues(text[start - 1])) and not (end < len(text) and self.continues(text[end])):
                return match
            position = start + 1
        return None


# A space in a word stands for an optional `-`, `_` or space.
_TYPE_WORDS = [_TypeWord(type_name, re.compile(re.escape(word).replace("\\ ", "[-_ ]?")), word.isascii())
               for type_name, words in TYPE_WORDS.items() for word in words]


def type_in_name(name: str) -> NameType | None:
    """The type a folder name names, and whether as a whole word; the first in the name wins.
    Read as the operator sees it: full-width letters (ＧＲＯＵＰＢＵＹ) and spaces, any case, a
    leading space (` 团购-…`)."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    for whole_word in (True, False):
        found = [(match.start(), word.type) for word in _TYPE_WORDS
                 if (match := (word.alone(text) if whole_word else word.pattern.search(text))) is not None]
        if found:
            return NameType(min(found)[1], whole_word)
    return None


@dataclass(frozen=True)
class Choices:
    """What the command line asked for, already parsed; None means "not given"."""

    type: str | None = None
    rules: Path | None = None
    today: dt.date | None = None
    lang: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    strict: bool = False
    debug: bool = False
    online: bool = False
    allow_private: bool = False
    logo: Path | None = None  # --logo FILE


def type_from_name(name: str) -> str | None:
    """The submission type a folder name names (`团购-红蜻蜓-1201`, `红蜻蜓团购` → groupbuy), else None.
    `jdcheck check FOLDER` takes it; `batch` trusts a glued word only in a folder that holds what
    a submission holds (batch.discover)."""
    named = type_in_name(name)
    return named.type if named is not None else None


def config_chain(folder: Path, root: Path | None = None) -> list[FolderConfig]:
    """The jdcheck.yaml files that apply to `folder`, nearest first: its own, then its parents'
    up to and including `root` (none without a root). Raises ConfigError with file:line."""
    folder = Path(os.path.abspath(folder))
    directories = [folder]
    if root is not None:
        root = Path(os.path.abspath(root))
        if folder != root and folder.is_relative_to(root):
            for parent in folder.parents:
                directories.append(parent)
                if parent == root:
                    break
    configs = []
    for directory in directories:
        path = directory / CONFIG_NAME
        if path.is_file():
            configs.append(folder_config(path))
    return configs


def resolve(folder: Path, choices: Choices, root: Path | None = None,
            batch: bool | None = None) -> tuple[RuleSet, Options]:
    """The rule set and run options for `folder`. `root` is the batch root (None: one folder):
    the jdcheck.yaml files from there down apply. `batch` (default: a root is given) is False for
    `jdcheck check FOLDER --root ROOT`, one folder configured as its batch configures it, where
    a --rules file of another type is still an error.

    Raises ConfigError for a broken jdcheck.yaml or rule file (with file:line) and for a folder
    whose type nothing names."""
    from jdcheck.checks.pictures import read_roles  # tells nothing without jdcheck[vision]
    from jdcheck.engine import Options
    from jdcheck.messages import resolve_lang

    configs = config_chain(folder, root)
    own = configs[0] if configs and configs[0].path.parent == Path(os.path.abspath(folder)) else None
    parents = configs[1:] if own is not None else configs
    batch = root is not None if batch is None else batch

    own_type = _first([own] if own else [], "type")
    if choices.type and own_type and choices.type != own_type:
        # `jdcheck homepage` on a folder whose jdcheck.yaml says groupbuy: checked as homepage it
        # gives only "no header row matching the template" (S002); which one is meant?
        raise ConfigError("type_conflict", own.path, wanted=choices.type, configured=own_type)
    type_name = (choices.type or own_type
                 or type_from_name(Path(os.path.abspath(folder)).name) or _first(parents, "type"))
    if type_name is None:
        raise ConfigError("no_type")
    if type_name not in TYPES:
        raise ConfigError("unknown_type", **unknown_type(type_name))

    ruleset = None
    # (rule file, whether a file of another type is an error here rather than meant for other folders)
    sources: list[tuple[Path | None, bool]] = [(choices.rules, not batch)]
    sources += [(config.rules_path(), config is own) for config in configs]
    for source, strict_type in sources:
        if source is None:
            continue
        candidate = _rules(source)
        if candidate.type == type_name:
            ruleset = candidate
            break
        if strict_type:
            raise ConfigError("rules_other_type", source, actual=candidate.type, wanted=type_name)
    if ruleset is None:
        ruleset = _rules(type_name)

    severity: dict = {}
    for config in reversed(configs):
        severity.update(config.severity)
    options = Options(
        today=choices.today or _first(configs, "today") or dt.datetime.now(CHINA).date(),
        lang=resolve_lang(choices.lang),
        select=choices.select if choices.select is not None else _first(configs, "select"),
        ignore=choices.ignore if choices.ignore is not None else (_first(configs, "ignore") or ()),
        severity=severity,
        strict=choices.strict,
        debug=choices.debug,
        online=choices.online,
        allow_private=choices.allow_private,
        logo=None,
        role_readers=(read_roles,),
    )
    if not any(options.wants(code) for code in ruleset.enabled_checks):
        # SPEC §5: a typo must never turn the checker off, and neither may a selection that
        # leaves nothing (`select: []`, `--select H --ignore H`): that would pass every folder.
        given = dataclasses.replace(options, select=choices.select, ignore=choices.ignore or ())
        by_command_line = (choices.select is not None or choices.ignore is not None) and not any(
            given.wants(code) for code in ruleset.enabled_checks)
        raise NothingSelected(type_name, options.select, options.ignore, by_command_line=by_command_line)
    if choices.logo is not None or _matches_logo(ruleset, options):
        options = dataclasses.replace(options, logo=logo_file(folder, choices.logo))
    return ruleset, options


def _matches_logo(ruleset: RuleSet, options) -> bool:
    """Whether I009 will match a logo file here: enabled, selected, and the matcher can run (numpy,
    vision not switched off). A `logo:` nothing would match is not looked for, so a copied example
    folder whose `logo: ../红蜻蜓-logo.png` is not beside it still checks; --logo always is."""
    from jdcheck.checks.pictures import cannot_run

    return ("I009" in ruleset.enabled_checks and options.wants("I009")
            and not cannot_run(("I009",), with_logo=True))


class NothingSelected(ConfigError):
    """select/ignore leave no check of the folder's type to run. `by_command_line`: --select and
    --ignore alone leave none, whatever jdcheck.yaml says: in a batch over folders of several
    types (`--select H`, the page checks), such a folder is skipped, not failed."""

    def __init__(self, type_name: str, select: tuple[str, ...] | None, ignore: tuple[str, ...], *,
                 by_command_line: bool) -> None:
        self.type_name, self.by_command_line = type_name, by_command_line
        self.selection = Text("selection", select=select or Text("word.none"), ignore=ignore or Text("word.none"))
        super().__init__("nothing_selected_type", type=type_name, selection=self.selection)


def logo_file(folder: Path, given: Path | None = None) -> Path | None:
    """The brand logo for I009: --logo, else `logo:` of the nearest jdcheck.yaml at or above the
    folder (up to the drive's root, batch or not: one logo serves a whole shop's drive).

    Raises ConfigError (exit 2, one line) when the file is missing or is not an image."""
    if given is not None:
        return _usable_logo(Path(given), None)
    config = _logo_config(folder)
    return _usable_logo(config.logo_path(), config) if config is not None else None


def _logo_config(folder: Path) -> FolderConfig | None:
    """The nearest jdcheck.yaml at or above `folder` that names a logo."""
    for directory in (Path(os.path.abspath(folder)), *Path(os.path.abspath(folder)).parents):
        path = directory / CONFIG_NAME
        if path.is_file():
            config = folder_config(path)
            if config.logo is not None:
                return config
    return None


def brand_logos(folder: Path, given: Path | None = None) -> frozenset[Path]:
    """The brand logo files of this folder (--logo, the nearest `logo:`), resolved: a logo kept in
    the submission folder is no material of it, whether or not I009 runs (materials.scan)."""
    found = set()
    if given is not None:
        found.add(Path(given).resolve())
    try:
        config = _logo_config(folder)
    except ConfigError:  # a broken jdcheck.yaml is reported where it is read for its settings
        config = None
    if config is not None:
        found.add(config.logo_path().resolve())
    return frozenset(found)


def _usable_logo(path: Path, config: FolderConfig | None) -> Path:
    """`path` when it is a picture to match; else ConfigError naming --logo, or the `logo:` line
    of the jdcheck.yaml `config` that names it."""
    from PIL import Image, UnidentifiedImageError

    if config is not None and not path.is_file():
        key = "config.logo_folder" if path.is_dir() else "config.no_logo"
        raise ConfigError(key, *config.where("logo"), path=str(path))
    if path.is_dir():
        raise ConfigError("logo_is_folder", option="--logo", path=path, example=path / "红蜻蜓-logo.png")
    if not path.is_file():
        raise ConfigError("file_not_found", option="--logo", path=path)

    def refused(key: str, **fields) -> ConfigError:
        where = config.where("logo") if config is not None else ()
        return ConfigError(key, *where, option="logo" if config is not None else "--logo", name=path.name, **fields)

    try:
        with Image.open(path) as image:
            image.verify()
    except UnidentifiedImageError:
        raise refused("not_picture_format") from None
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise refused("not_image", error=type(exc).__name__) from None
    from jdcheck.vision.logo import logo_problem  # Pillow only

    problem = logo_problem(path)  # a fully transparent or tiny picture is no logo to match
    if problem is not None:
        raise refused("named_problem", problem=problem)
    return path


def _first(configs, key: str):
    """The value of `key` in the first config that sets it (explicitly, even to an empty list)."""
    for config in configs or ():
        if key in config.model_fields_set:
            return getattr(config, key)
    return None


# A batch resolves the same parent configs and rule files for hundreds of folders; each worker
# process parses each file once. The key holds size and mtime, so an edited file is read again.


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return str(path), -1, -1
    return str(path), stat.st_mtime_ns, stat.st_size


def folder_config(path: Path) -> FolderConfig:
    return _cached_folder_config(_stamp(path))


@lru_cache(maxsize=256)
def _cached_folder_config(stamp: tuple[str, int, int]) -> FolderConfig:
    return load_folder_config(Path(stamp[0]))


def _rules(source: str | Path) -> RuleSet:
    if isinstance(source, str) and source in TYPES:
        return _cached_builtin(source)
    return _cached_rules(_stamp(Path(source)))


@lru_cache(maxsize=8)
def _cached_builtin(type_name: str) -> RuleSet:
    return load_rules(type_name)


@lru_cache(maxsize=64)
def _cached_rules(stamp: tuple[str, int, int]) -> RuleSet:
    return load_rules(Path(stamp[0]))
