"""The user's cache folder: what costs time to work out and is the same when its inputs are.

Two kinds of entries live there, each under its own sub-folder:
- JSON by content (`load`, `store`): what OCR read from a picture and where the logo matcher
  found the logo, keyed by the SHA-256 of the picture's bytes and the engine's identity, so a
  renamed or copied picture hits and an edited one or a new engine misses.
- Validated rule sets (`remembered`): reading a rule file costs ~35 ms of a ~280 ms check --
  importing PyYAML, parsing, and Pydantic building its validators on the first validation. The
  rule set is kept pickled with the bytes of every file it was read from and the stamps of
  jdcheck's own modules; loading it back costs ~2 ms.

A cache that cannot be read or written (read-only home, full disk, a damaged entry, another
jdcheck's entry) only costs time. Entries are written beside and renamed, so a second jdcheck on
the same machine never reads half of one. A pickle runs code when read: an entry is read only when
this user wrote it and nobody else may change it (`_own`).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def cache_dir() -> Path | None:
    """JDCHECK_CACHE_DIR, else the platform's user cache folder + jdcheck; None when there is no
    home to put it in (a user without one gets `~` back, and `~/.cache` would be made in the
    current folder, maybe the one being checked)."""
    override = os.environ.get("JDCHECK_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        given, below_home, inside = os.environ.get("LOCALAPPDATA"), ("AppData", "Local"), ("jdcheck", "Cache")
    elif sys.platform == "darwin":
        given, below_home, inside = None, ("Library", "Caches"), ("jdcheck",)
    else:
        given, below_home, inside = os.environ.get("XDG_CACHE_HOME"), (".cache",), ("jdcheck",)
    if given:
        return Path(given, *inside)
    try:
        home = Path.home()
    except (RuntimeError, KeyError):
        return None
    return Path(home, *below_home, *inside) if home.is_absolute() else None


def content_key(data: bytes, engine_id: str) -> str:
    digest = hashlib.sha256(data)
    digest.update(b"\0" + engine_id.encode())
    return digest.hexdigest()


def _path(key: str, kind: str, suffix: str = ".json") -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / kind / key[:2] / f"{key}{suffix}"


def load(key: str, kind: str = "ocr"):
    """The cached value, or None (absent, unreadable or damaged: read again)."""
    path = _path(key, kind)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def store(key: str, value, kind: str = "ocr") -> None:
    _write(_path(key, kind), json.dumps(value, ensure_ascii=False).encode("utf-8"))


def remembered(kind: str, name: str, build: Callable[[], tuple[T, list[Path]]]) -> T:
    """What `build()` returns for `name`, from the cache while it still holds.

    `build` returns the value and the files it was made from; the entry holds while each of them
    has the same bytes (a path as given: a relative one is read from the current folder again) and
    jdcheck's modules loaded when it was made are the same files (an upgrade, or an edited
    checkout, builds again). Exceptions from `build` pass through and nothing is kept."""
    path = _path(content_key(name.encode("utf-8", "surrogatepass"), kind), kind, ".pickle")
    if path is None:
        return build()[0]
    try:
        with open(path, "rb") as handle:
            if not _own(os.fstat(handle.fileno())):
                raise PermissionError(path)
            code, inputs, value = pickle.load(handle)
        if code == _code_stamps(file for file, *_ in code) and all(_read(file) == data for file, data in inputs):
            return value
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception:  # noqa: BLE001 - absent, damaged or foreign (unpickling raises anything): build again
        pass
    value, files = build()
    inputs = [(file, _read(file)) for file in files]
    if all(data is not None for _, data in inputs):
        code = _code_stamps(module.__file__ for name, module in list(sys.modules.items())
                            if name.partition(".")[0] == "jdcheck" and getattr(module, "__file__", None))
        _write(path, pickle.dumps((code, inputs, value), protocol=pickle.HIGHEST_PROTOCOL))
    return value


def _own(status: os.stat_result) -> bool:
    """Whether an entry may be unpickled: on POSIX, a file of this user that nobody else may
    write (mkstemp makes it 0600). A cache folder shared through JDCHECK_CACHE_DIR then serves its
    OCR readings but never runs another user's pickle."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the user's own %LOCALAPPDATA%
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _code_stamps(files) -> tuple[tuple[str, int, int], ...]:
    stamps = []
    for file in files:
        try:
            stat = os.stat(file)
        except OSError:
            stamps.append((file, -1, -1))
        else:
            stamps.append((file, stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def _read(file: Path) -> bytes | None:
    try:
        return Path(file).read_bytes()
    except OSError:
        return None


def _write(path: Path | None, data: bytes) -> None:
    if path is None:
        return
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
