"""The user's cache folder, and validated rule sets kept in it between runs.

A rule set read back from the cache must be the one its files give today: equal to a fresh read,
rebuilt as soon as a rule file, a file it extends, or jdcheck's own code changes, and never a
reason to fail (a damaged entry or a cache folder that cannot be written only costs time)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from PIL import Image

from jdcheck import cache, rulefile
from jdcheck.config import logo_file
from jdcheck.codes import TYPES
from jdcheck.rulefile import load_folder_config, load_rules
from jdcheck.yamlfile import ConfigError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("JDCHECK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def no_build(monkeypatch):
    """From here on, a rule set can only come from the cache."""
    def refuse(path):
        raise AssertionError(f"{path} was read and validated again")

    def arm():
        monkeypatch.setattr(rulefile, "_validated", refuse)
    return arm


def entries(folder: Path) -> list[Path]:
    return sorted((folder / "rules").rglob("*.pickle")) if (folder / "rules").is_dir() else []


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edit_keeping_stamp(path: Path, old: str, new: str) -> None:
    """An edit that keeps the file's size and modification time (a copy over the share keeps the
    time; the same length keeps the size): only the bytes tell it changed."""
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old.encode()) == len(new.encode())
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.mark.parametrize(("platform", "env", "expected"), [
    ("linux", {"XDG_CACHE_HOME": "/x/cache"}, Path("/x/cache/jdcheck")),
    ("linux", {}, Path.home() / ".cache" / "jdcheck"),
    ("darwin", {}, Path.home() / "Library" / "Caches" / "jdcheck"),
    ("win32", {"LOCALAPPDATA": "C:/Users/op/AppData/Local"}, Path("C:/Users/op/AppData/Local") / "jdcheck" / "Cache"),
])
def test_cache_folder_is_the_users(monkeypatch, platform, env, expected):
    for key in ("JDCHECK_CACHE_DIR", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(cache.sys, "platform", platform)
    assert cache.cache_dir() == expected


def test_no_home_no_cache(tmp_path, monkeypatch):
    """A user without a home (a service account, a container's bare uid) gets `~` back from
    Path.home(): `~/.cache` must not be made in the current folder, which may be the one checked."""
    for key in ("JDCHECK_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setattr(cache.Path, "home", classmethod(lambda cls: cls("~")))
    monkeypatch.chdir(tmp_path)
    assert cache.cache_dir() is None
    assert load_rules("groupbuy") == load_rules("groupbuy")
    cache.store("k" * 64, {"x": 1})
    assert cache.load("k" * 64) is None and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("type_name", TYPES)
def test_builtin_rules_come_back_equal(cache_folder, no_build, type_name):
    fresh = load_rules(type_name)
    assert len(entries(cache_folder)) == 1
    no_build()
    again = load_rules(type_name)
    assert again == fresh and again is not fresh
    assert again.source == fresh.source and again.enabled_checks == fresh.enabled_checks


def test_custom_rules_with_extends_come_back_equal(cache_folder, no_build, tmp_path):
    base = write(tmp_path / "base.yaml", "extends: groupbuy\nmaterials:\n  slot_image:\n    image: {max_kb: 80}\n")
    child = write(tmp_path / "sub" / "child.yaml", "extends: ../base.yaml\nchecks:\n  T003: {words+: [爆款]}\n")
    fresh = load_rules(child)
    no_build()
    assert load_rules(child) == fresh
    assert fresh.materials["slot_image"].image.max_kb == 80 and "爆款" in fresh.checks.T003.words
    assert base.is_file()


@pytest.mark.parametrize(("edited", "old", "new", "changed"), [
    ("child", "爆款", "秒杀", lambda rules: "秒杀" in rules.checks.T003.words and "爆款" not in rules.checks.T003.words),
    ("base", "max_kb: 80", "max_kb: 90", lambda rules: rules.materials["slot_image"].image.max_kb == 90),
])
def test_an_edited_rule_file_or_its_base_is_read_again(cache_folder, tmp_path, edited, old, new, changed):
    files = {
        "base": write(tmp_path / "base.yaml", "extends: groupbuy\nmaterials:\n  slot_image:\n    image: {max_kb: 80}\n"),
        "child": write(tmp_path / "sub" / "child.yaml", "extends: ../base.yaml\nchecks:\n  T003: {words+: [爆款]}\n"),
    }
    before = load_rules(files["child"])
    edit_keeping_stamp(files[edited], old, new)
    after = load_rules(files["child"])
    assert not changed(before) and changed(after)
    assert load_rules(files["child"]) == after  # and that is what is kept now


def test_a_rule_file_made_invalid_is_an_error_again(cache_folder, tmp_path):
    path = write(tmp_path / "mine.yaml", "extends: groupbuy\nmaterials:\n  slot_image:\n    image: {max_kb: 80}\n")
    load_rules(path)
    edit_keeping_stamp(path, "max_kb: 80", "max_kb: -8")
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    assert (Path(caught.value.file).name, caught.value.line) == ("mine.yaml", 4)


def test_an_invalid_rule_file_is_never_kept(cache_folder, tmp_path):
    path = write(tmp_path / "mine.yaml", "extends: groupbuy\nmaterials:\n  slot_image:\n    image: {max_kb: -8}\n")
    for _ in range(2):
        with pytest.raises(ConfigError):
            load_rules(path)
    assert entries(cache_folder) == []


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # a write cut short
    lambda data: b"",
    lambda data: b"not a pickle at all",
    lambda data: pickle.dumps(("another", "layout")),
    lambda data: pickle.dumps(((("/no/such/module.py", 1, 1),), [], "stale")),  # jdcheck's code changed
])
def test_a_damaged_or_stale_entry_is_built_again(cache_folder, damage):
    fresh = load_rules("groupbuy")
    (entry,) = entries(cache_folder)
    entry.write_bytes(damage(entry.read_bytes()))
    assert load_rules("groupbuy") == fresh
    assert pickle.loads(entry.read_bytes())[2] == fresh  # and written whole again


def test_an_entry_of_other_code_is_built_again(cache_folder, no_build):
    """An upgrade or an edited checkout changes one of jdcheck's module files: the entry recorded
    their stamps, so it no longer holds."""
    load_rules("groupbuy")
    (entry,) = entries(cache_folder)
    code, inputs, value = pickle.loads(entry.read_bytes())
    assert any(file.endswith(os.path.join("jdcheck", "rulefile.py")) for file, *_ in code)
    entry.write_bytes(pickle.dumps((tuple((file, mtime + 1, size) for file, mtime, size in code), inputs, value)))
    no_build()
    with pytest.raises(AssertionError, match="read and validated again"):
        load_rules("groupbuy")


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file modes")
def test_an_entry_others_may_write_is_never_unpickled(cache_folder, no_build):
    """A cache folder shared with others (JDCHECK_CACHE_DIR on a share) must not run their pickle."""
    load_rules("groupbuy")
    (entry,) = entries(cache_folder)
    assert entry.stat().st_mode & 0o077 == 0
    entry.chmod(0o666)
    no_build()
    with pytest.raises(AssertionError, match="read and validated again"):
        load_rules("groupbuy")


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("JDCHECK_CACHE_DIR", str(blocker))
    assert load_rules("groupbuy") == load_rules("groupbuy")
    assert blocker.read_text(encoding="utf-8") == "a file where the cache folder would be"


def test_an_edited_folder_config_is_read_again(cache_folder, tmp_path):
    config = write(tmp_path / "团购-a" / "jdcheck.yaml", "type: groupbuy\nseverity: {S006: warning}\n")
    assert load_folder_config(config).severity == {"S006": "warning"}
    edit_keeping_stamp(config, "S006", "S007")
    assert load_folder_config(config).severity == {"S007": "warning"}


def test_copies_of_one_folder_config_share_an_entry_and_keep_their_own_paths(cache_folder, tmp_path):
    """A drive's folders carry copies of one jdcheck.yaml: one entry, however many folders, and
    each copy's relative logo: and rules: are its own folder's."""
    text = "type: groupbuy\nlogo: 红蜻蜓-logo.png\nrules: 规则.yaml\n"
    configs = [write(tmp_path / f"团购-{n}" / "jdcheck.yaml", text) for n in range(3)]
    for config in configs:
        write(config.parent / "规则.yaml", "extends: groupbuy\n")
    loaded = [load_folder_config(config) for config in configs]
    assert [(c.path, c.logo_path(), c.rules_path()) for c in loaded] == [
        (config, (config.parent / "红蜻蜓-logo.png").resolve(), (config.parent / "规则.yaml").resolve()) for config in configs]
    assert len(list((cache_folder / "config").rglob("*.pickle"))) == 1


def test_a_logo_removed_after_the_config_was_kept_is_named_with_its_line(cache_folder, tmp_path):
    logo = tmp_path / "红蜻蜓-logo.png"
    image = Image.new("RGB", (120, 60), "white")
    image.paste((200, 30, 30), (10, 10, 70, 50))
    image.save(logo)
    config = write(tmp_path / "团购-a" / "jdcheck.yaml", "type: groupbuy\nlogo: ../红蜻蜓-logo.png\n")
    assert logo_file(config.parent) == logo
    logo.unlink()
    assert load_folder_config(config).logo_path() == logo  # kept, and looked for where it is used
    with pytest.raises(ConfigError) as caught:
        logo_file(config.parent)
    assert (caught.value.key, Path(caught.value.file).name, caught.value.line) == ("config.no_logo", "jdcheck.yaml", 2)


def test_a_second_check_reads_no_yaml_and_builds_no_validator(tmp_path):
    """What the cache is for: a re-check imports neither PyYAML nor parses a rule file, and builds
    no rule model's validator (Pydantic's deferred build: ~18 ms for one model, once per process)."""
    code = textwrap.dedent(f"""
        import contextlib, io, sys
        from jdcheck.cli import main
        from jdcheck.rulefile import Model
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main(["check", {str(ROOT / "examples" / "groupbuy-ok")!r}, "--format", "json"])
            except SystemExit:
                pass
        def models(cls):
            for sub in cls.__subclasses__():
                yield sub
                yield from models(sub)
        built = sorted(model.__name__ for model in models(Model) if model.__dict__.get("__pydantic_complete__"))
        print("yaml" in sys.modules, ",".join(built) or "-")
    """)
    env = {**os.environ, "JDCHECK_CACHE_DIR": str(tmp_path / "cache"), "JDCHECK_VISION": "off"}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split()
            for _ in range(2)]
    assert runs[0][0] == "True" and runs[0][1] != "-"  # the first check validates the rule file
    assert runs[1] == ["False", "-"]
