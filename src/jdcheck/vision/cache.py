"""The OCR cache: what was read from a picture, kept by the picture's content in the user's cache
folder, so re-checking a folder after fixing the sheet reads no picture again.

The key is the SHA-256 of the file's bytes and the engine's identity (rapidocr version and model
files): a renamed or copied picture hits, an edited one or a new engine misses. A cache that
cannot be written (read-only home, full disk) only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    """JDCHECK_CACHE_DIR, else the platform's user cache folder + jdcheck."""
    override = os.environ.get("JDCHECK_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "jdcheck" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "jdcheck"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jdcheck"


def content_key(data: bytes, engine_id: str) -> str:
    digest = hashlib.sha256(data)
    digest.update(b"\0" + engine_id.encode())
    return digest.hexdigest()


def _path(key: str, kind: str) -> Path:
    return cache_dir() / kind / key[:2] / f"{key}.json"


def load(key: str, kind: str = "ocr"):
    """The cached value, or None (absent, unreadable or damaged: read again)."""
    try:
        with open(_path(key, kind), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def store(key: str, value, kind: str = "ocr") -> None:
    path = _path(key, kind)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # written beside and renamed: a second jdcheck running on the same drive never reads half a file
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(value, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)  # noqa: F821 - only bound when mkstemp succeeded
        except (OSError, NameError):
            pass
