"""Meta-tests: every SPEC code has its texts in both languages, every code a built-in rule file
enables has a registered check and a failing test case, and every message variant a check can
yield exists in both catalogs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from jdcheck.checks import registry
from jdcheck.codes import DEFAULT_SEVERITY
from jdcheck.messages import LANGS, entry
from jdcheck.rulefile import TYPES, load_rules
from tests.checks import test_channel_codes, test_groupbuy_codes, test_homepage_codes, test_platform_codes

ROOT = Path(__file__).resolve().parents[1]
# ../shared/SPEC.md beside the repository (or beside the folder of worktrees it is checked out in)
SPEC = next((d / "shared" / "SPEC.md" for d in ROOT.parents if (d / "shared" / "SPEC.md").is_file()), ROOT / "SPEC.md")
CASE_TABLES = {
    "groupbuy": test_groupbuy_codes.CASES,
    "homepage": test_homepage_codes.CASES,
    "platform": test_platform_codes.CASES,
    "channel": test_channel_codes.CASES,
}


def spec_codes() -> set[str]:
    if not SPEC.is_file():
        pytest.skip("SPEC.md not beside the repository")
    return set(re.findall(r"^\| ([A-Z]\d{3}) \|", SPEC.read_text(encoding="utf-8"), re.MULTILINE))


def test_spec_codes_are_the_known_codes():
    assert spec_codes() == set(DEFAULT_SEVERITY)


@pytest.mark.parametrize("lang", LANGS)
def test_every_spec_code_has_title_message_fix_explain(lang):
    for code in sorted(spec_codes()):
        item = entry(code, lang)
        assert item is not None, (code, lang)
        for part in ("title", "message", "fix", "explain"):
            assert item.get(part), (code, lang, part)


@pytest.mark.parametrize("type_name", TYPES)
def test_every_enabled_code_has_a_check_and_a_failing_case(type_name):
    enabled = set(load_rules(type_name).enabled_checks)
    assert enabled <= set(registry()), sorted(enabled - set(registry()))
    failing = {code for _, _, code, expected in CASE_TABLES[type_name] if expected}
    # Online checks need a server: their failing cases are in tests/test_online.py.
    online_tests = (ROOT / "tests" / "test_online.py").read_text(encoding="utf-8")
    failing |= {code for code, check in registry().items() if check.online and f'"{code}"' in online_tests}
    assert enabled <= failing, sorted(enabled - failing)


def _variants_yielded() -> dict[str, set[str]]:
    """code -> the literal `variant=` values its check functions pass to Hit (read from the source)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "src" / "jdcheck" / "checks").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
            codes = [d.args[0].value for d in func.decorator_list
                     if isinstance(d, ast.Call) and getattr(d.func, "id", None) == "check" and d.args]
            unreadable_of = [d.value.id for d in func.decorator_list
                             if isinstance(d, ast.Attribute) and d.attr == "unreadable"]
            if unreadable_of:
                owner = next(f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == unreadable_of[0])
                codes = [d.args[0].value for d in owner.decorator_list if isinstance(d, ast.Call) and d.args]
            for node in ast.walk(func):
                if isinstance(node, ast.keyword) and node.arg == "variant":
                    value = node.value
                    choices = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
                    for choice in choices:
                        if isinstance(choice, ast.Constant) and isinstance(choice.value, str):
                            for code in codes:
                                found.setdefault(code, set()).add(choice.value)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_yielded_variant_has_a_message(lang):
    skipped_reasons = {"link_outside", "unreadable", "too_deep", "too_many"}  # M103: variant=skipped.reason
    variants = _variants_yielded()
    assert variants, "no variants found: the source scan is broken"
    for code, names in variants.items():
        item = entry(code, lang)
        for name in names - {"internal"}:
            assert isinstance(item["message"], dict) and name in item["message"], (code, name, lang)
    for name in skipped_reasons:
        assert name in entry("M103", lang)["message"]


def test_both_catalogs_have_the_same_variants():
    for code in DEFAULT_SEVERITY:
        zh, en = entry(code, "zh"), entry(code, "en")
        for part in ("message", "fix"):
            keys = lambda v: set(v) if isinstance(v, dict) else {"default"}  # noqa: E731
            assert keys(zh[part]) == keys(en[part]), (code, part)
