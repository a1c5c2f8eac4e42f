"""Localized texts for rule codes: titles, messages, fix hints and explanations in zh and en."""

from __future__ import annotations

import functools
import os
import re
from string import Formatter
from typing import Any

LANGS = ("zh", "en")


class Term(str):
    """A parameter value that is a vocabulary word (a role, a kind) and is translated on render."""


def resolve_lang(lang: str | None) -> str:
    """--lang, else JDCHECK_LANG, else Chinese: operators read Chinese.

    A locale-style value is understood (`en_US.UTF-8`, `zh-CN`); anything else is a usage error
    (exit 2), for the variable too: a CI job that sets JDCHECK_LANG=fr would otherwise get
    Chinese reports without a word, and its owner wants to hear about the typo once, loudly."""
    from jdcheck.yamlfile import ConfigError

    source = "--lang"
    if lang is None or not lang.strip():
        lang, source = os.environ.get("JDCHECK_LANG") or "", "JDCHECK_LANG"
        if not lang.strip():
            return "zh"
    value = lang.strip().lower().split(".")[0].split("_")[0].split("-")[0]
    if value not in LANGS:
        raise ConfigError("one_of", option=source, choices=LANGS, value=lang)
    return value


def _catalog(lang: str):
    if lang == "en":
        from jdcheck.messages import en as module
    else:
        from jdcheck.messages import zh as module
    return module


def entry(code: str, lang: str) -> dict[str, Any] | None:
    return _catalog(lang).MESSAGES.get(code)


def term(word: str, lang: str) -> str:
    return _catalog(lang).TERMS.get(word, word)


def _pick(value: str | dict[str, str], variant: str | None) -> str:
    if isinstance(value, str):
        return value
    return value.get(variant or "default") or value["default"]


class _Fields(dict):
    """Format fields; a field the template names but the hit lacks renders as '?', never raises."""

    def __missing__(self, key: str) -> str:
        return "?"


def _localize(value: Any, lang: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, Term):
        return term(value, lang)
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else ", ").join(str(_localize(v, lang)) for v in value)
    return value


def render(code: str, variant: str | None, fields: dict[str, Any], lang: str) -> tuple[str, str]:
    """(message, fix) for a hit of `code`, in `lang`."""
    item = entry(code, lang)
    if item is None:
        return code, ""
    values = _Fields(localized_fields(fields, lang))
    formatter = Formatter()
    message = formatter.vformat(_pick(item["message"], variant), (), values)
    fix = formatter.vformat(_pick(item["fix"], variant), (), values)
    return message, fix


def localized_fields(fields: dict[str, Any], lang: str) -> dict[str, Any]:
    """A hit's fields as a message shows them in `lang`: vocabulary words translated, a list
    joined, a reader's phrase (`detail`) in `lang`."""
    values = {key: _localize(value, lang) for key, value in fields.items()}
    if isinstance(values.get("detail"), str):
        values["detail"] = reader_phrase(values["detail"], lang)
    return values


def reader_phrase(detail: str, lang: str) -> str:
    """A reader's phrase in `lang`: a fixed one (``JPEG ends without EOI marker``) looked up, one
    with figures (``PNG chunk IDAT CRC mismatch at byte 33``) by its catalogue's pattern; any
    other stays as the reader wrote it."""
    catalog = _catalog(lang)
    fixed = getattr(catalog, "DETAILS", {})
    if detail in fixed:
        return fixed[detail]
    for pattern, template in _detail_patterns(lang):
        match = pattern.fullmatch(detail)
        if match is not None:  # each part in `lang` too (a JPEG's problem after its byte offset)
            parts = [reader_phrase(part or "", lang) for part in match.groups()]
            return _GROUP.sub(lambda ref: parts[int(ref[1]) - 1], template)
    return detail


_GROUP = re.compile(r"\\(\d)")


@functools.cache
def _detail_patterns(lang: str) -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(pattern), template) for pattern, template in getattr(_catalog(lang), "DETAIL_PATTERNS", ()))


def ui(key: str, lang: str, **fields: Any) -> str:
    """A fixed interface string (labels, the summary line) in `lang`. A count may choose its noun:
    `{errors:error|errors}` gives "1 error" and "2 errors" (the English catalog needs it)."""
    return fill(_catalog(lang).UI[key], **fields)


def say_in(texts: dict[str, dict[str, str]], key: str, lang: str, /, **fields: Any) -> str:
    """`texts[key]` in `lang` (Chinese where a text has no other), filled: the catalogues of
    bilingual texts (report.py, fixing.py) each pass their own TEXTS."""
    text = texts[key]
    return fill(text.get(lang) or text["zh"], **fields)


def fill(template: str, /, **fields: Any) -> str:
    """`template` formatted with `fields`; a whole-number field may choose its noun, as in
    `{errors:error|errors}` ("1 error", "2 errors"). Every catalogue of interface words uses it."""
    counts = {name: _Count(value) if type(value) is int else value for name, value in fields.items()}
    return template.format(**counts)


class _Count(int):
    def __format__(self, spec: str) -> str:
        if "|" not in spec:
            return int.__format__(self, spec)
        one, other = spec.split("|", 1)
        return f"{int(self)} {one if self == 1 else other}"
