"""The check registry: one function per rule code, registered with `@check`.

A check receives an opened material (or the whole submission), its validated options from the
rule file, and a context; it yields `Hit`s. It never opens files, prints, picks a severity or
knows about output formats: the engine does that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from jdcheck.findings import Hit
from jdcheck.rulefile import RuleSet

# "image", "sheet", "email", "html": called once per material of that kind that could be read;
# a `gate` check is called instead for each one that could not (I001, S001, E001). A code with no
# reading code of its own (shop HTML has no H-code for "unreadable") may add an `unreadable`
# function to its ordinary check, called for the unreadable materials of its kind.
# "submission": called once with the whole submission (cross-material rules).
KINDS = ("image", "sheet", "email", "html", "submission")


@dataclass(frozen=True, slots=True)
class Context:
    rules: RuleSet
    today: dt.date
    submission: Any  # materials.Submission
    online: Any = None  # online.LinkVerifier with --online, else None
    logo: Any = None  # Path of the brand logo file (--logo or `logo:` in jdcheck.yaml), else None


class NotRun(Exception):
    """Raised by a check that cannot run here (its optional extra is missing, or its engine failed
    to load). The engine lists the code once under `not_run` instead of a finding; the exit code
    is not affected. `reason`: "extra" | "off" | "engine"; `detail`: what was missing or failed."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


@dataclass(frozen=True, slots=True)
class CheckDef:
    code: str
    kind: str
    func: Callable[[Any, Any, Context], Iterable[Hit]]
    gate: bool = False
    # A more specific code replaces these codes' findings at the same (file, row, column):
    # an empty 广告语 is T002, not also S004; a key size without stock is V002, not also S006.
    supersedes: tuple[str, ...] = ()
    on_unreadable: Callable[[Any, Any, Context], Iterable[Hit]] | None = None
    online: bool = False  # needs the network: runs only with --online

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()

    def for_material(self, readable: bool) -> Callable[[Any, Any, Context], Iterable[Hit]] | None:
        """The function to call for one material of the check's kind, or None."""
        if readable:
            return None if self.gate else self.func
        return self.func if self.gate else self.on_unreadable


REGISTRY: dict[str, CheckDef] = {}


def check(code: str, kind: str, *, gate: bool = False, supersedes: tuple[str, ...] = (), online: bool = False):
    assert kind in KINDS, kind

    def register(func):
        if code in REGISTRY:
            raise RuntimeError(f"check {code} registered twice")
        REGISTRY[code] = CheckDef(code, kind, func, gate, supersedes, online=online)
        func.unreadable = _unreadable_registrar(code)
        return func

    return register


def _unreadable_registrar(code: str):
    """`@some_check.unreadable`: what the code reports for a material of its kind that cannot be read."""

    def register(func):
        from dataclasses import replace

        REGISTRY[code] = replace(REGISTRY[code], on_unreadable=func)
        return func

    return register


def registry() -> dict[str, CheckDef]:
    """All checks, their modules imported on first use (they import nothing heavy themselves)."""
    # Every module, even when one was imported before for another reason (config imports
    # pictures' role reader): an emptiness test would then miss all the others.
    from jdcheck.checks import email, files, html, images, links, online, pictures, prices, sheets, text, variants  # noqa: F401
    return REGISTRY


def num(value: Any) -> str:
    """A Decimal or number as an operator writes it: 199, 199.5 (no trailing zeros, no exponent)."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def when(value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return f"{value:%Y-%m-%d}"


def shown(value: Any) -> str:
    """A raw cell value for a message: text as typed, numbers without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return when(value)
    return str(value)
