"""Rule files and folder configs are hostile input too: every broken one is one line
`jdcheck: error: FILE:LINE: …` and exit 2, with safe loading only (no tag constructs an object,
no alias bomb expands), and the checked folder untouched."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.folders import groupbuy
from tests.hostile import assert_untouched, cli, snapshot

ALIAS_BOMB = "type: groupbuy\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi"))

CASES = {
    # name: (file text or bytes, where the error must point, words in the message)
    "invalid_yaml": ("type: groupbuy\nchecks:\n  M101: {\n", 3, "invalid YAML"),  # where the { opens
    "tab_indent": ("type: groupbuy\nchecks:\n\tM101: {}\n", 3, "invalid YAML"),
    "wrong_type": ("extends: groupbuy\nfolder:\n  max_depth: lots\n", 3, "folder.max_depth"),
    "negative": ("extends: groupbuy\nfolder:\n  max_files: -1\n", 3, "folder.max_files"),
    # YAML reads an unquoted 2026.10 as the number 2026.1: the message says to quote it.
    "unquoted_version": ("extends: groupbuy\ntemplate_version: 2026.10\n", 2, "write it in quotes"),
    "unknown_key": ("extends: groupbuy\nfolder:\n  max_dpeth: 3\n", 3, "unknown key"),
    "unknown_check": ("extends: groupbuy\nchecks:\n  Z999: {}\n", 3, "unknown key"),
    "python_object": ('extends: groupbuy\nname: !!python/object/apply:os.system ["touch {sentinel}"]\n', 2, "invalid YAML"),
    "python_name": ("extends: groupbuy\nname: !!python/name:os.system\n", 2, "invalid YAML"),
    "python_module": ("extends: groupbuy\nname: !!python/module:os\n", 2, "invalid YAML"),
    "custom_tag": ("extends: groupbuy\nname: !Secret abc\n", 2, "invalid YAML"),
    "alias_bomb": (ALIAS_BOMB, None, "alias bomb"),
    "duplicate_key": ("extends: groupbuy\nfolder: {}\nfolder: {}\n", 3, "duplicate key"),
    "top_level_list": ("- type\n- groupbuy\n", 1, "mapping"),
    # Saved as ANSI by Notepad on a Chinese Windows: read as GBK, so the mistake itself is named
    "gbk_text": ("extends: groupbuy\ntype: 团购\n".encode("gbk"), None, "type '团购'"),
    "binary": (b"\x00\x01\x02\xff\xfe" * 100, None, "not text in UTF-8, GBK or UTF-16"),
    "online_private_hosts": ("extends: groupbuy\nonline:\n  max_concurrency: 0\n", 3, "online.max_concurrency"),
    "online_unknown": ("extends: groupbuy\nonline:\n  follow_everything: true\n", 3, "unknown key"),
}


def _assert_one_line(result, path: Path, line: int | None, words: str) -> None:
    assert result.code == 2 and result.document["passed"] is False  # the error document (ERROR_SCHEMA)
    where = f"{path}:{line}:" if line else f"{path}"
    assert result.err.startswith(f"jdcheck: error: {where}"), result.err
    assert words in result.err, result.err


@pytest.mark.parametrize("name", CASES)
def test_broken_rule_file(tmp_path, name):
    text, line, words = CASES[name]
    sentinel = tmp_path / "pwned"
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.replace("{sentinel}", str(sentinel)).encode())
    folder = groupbuy(tmp_path)
    before = snapshot(folder)
    started = time.perf_counter()
    result = cli("groupbuy", folder, "--rules", path, "--format", "json", "--lang", "en")
    assert time.perf_counter() - started < 5
    _assert_one_line(result, path, line, words)
    assert not sentinel.exists()
    assert_untouched(before, folder)


@pytest.mark.parametrize("name", [n for n in CASES if not n.startswith("online") and n not in ("unknown_check", "negative")])
def test_broken_folder_config(tmp_path, name):
    text, line, words = CASES[name]
    text = text if isinstance(text, bytes) else text.replace("extends: groupbuy", "type: groupbuy")
    text = text.replace(b"folder:", b"severity:") if isinstance(text, bytes) else text.replace("folder:", "severity:")
    folder = groupbuy(tmp_path)
    config = folder / "jdcheck.yaml"
    config.write_bytes(text if isinstance(text, bytes) else text.replace("{sentinel}", str(tmp_path / "pwned")).encode())
    before = snapshot(folder)
    result = cli("check", folder, "--format", "json")
    assert result.code == 2 and str(config) in result.document["error"]
    assert not (tmp_path / "pwned").exists()
    assert_untouched(before, folder)


def test_rule_file_paths_that_are_not_files(tmp_path):
    folder = groupbuy(tmp_path)
    for path in (tmp_path / "missing.yaml", tmp_path, Path("/dev/null")):
        result = cli("groupbuy", folder, "--rules", path, "--lang", "en")
        assert result.code == 2


def test_extends_loop(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    result = cli("groupbuy", groupbuy(tmp_path), "--rules", tmp_path / "a.yaml", "--lang", "en")
    assert result.code == 2 and "loops back" in result.err


@pytest.mark.parametrize("code", ["", " ", "I002'; rm -rf /", "Z" * 10_000, "ＩＯＯ２", "\udcff", "-", "I 002"])
def test_explain_with_hostile_codes(code):
    result = cli("explain", code)
    assert result.code == 2


def test_schema_is_always_one_json_document():
    result = cli("schema")
    assert result.code == 0 and json.loads(result.out)["type"] == "object"


@pytest.mark.parametrize("args", [
    ["groupbuy"], ["groupbuy", "/no/such/folder"], ["groupbuy", "/dev/null"], ["nosuchcommand"],
    ["groupbuy", ".", "--format", "xml"], ["groupbuy", ".", "--today", "2026-13-45"],
    ["groupbuy", ".", "--select", "💥"], ["check", "/tmp", "--type", "nope"], ["--no-such-option"],
])
def test_bad_arguments_are_one_line_and_exit_2(args):
    assert cli(*args).code == 2
