"""Looking at pictures (the optional extra `jdcheck[vision]`): OCR, the logo matcher, the OCR cache.

Called by the picture checks (checks/pictures.py) and by `fix --logo`, never the other way round.
This module itself imports nothing heavy: `missing()` asks whether the extra is installed without
importing it, so a plain install never loads numpy, OpenCV or onnxruntime.
"""

from __future__ import annotations

import importlib.util
import os

# The distributions of the extra and the module each one installs (what pip reports if absent).
OCR_MODULES = ("numpy", "cv2", "onnxruntime", "rapidocr")
LOGO_MODULES = ("numpy",)
INSTALL = 'pip install "jdcheck[vision]"'


class Unavailable(Exception):
    """A vision check cannot run here: `reason` is "extra" (not installed), "off" (JDCHECK_VISION=off)
    or "engine" (installed but the OCR engine failed to load; `detail` says why)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail = reason, detail


def displayed(source):
    """The first frame of a picture (a path or bytes) as RGB, turned as the manager's browser
    turns it (jdcheck.images.orientation: the same reading as the image checks and `fix`).
    Pillow's warnings about broken metadata are not the user's business here (I001/I007 report
    what matters)."""
    import io
    import warnings

    from PIL import Image

    from jdcheck.images.orientation import orientation_of, upright

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with (io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")) as fp:
            image = Image.open(fp)
            image.seek(0)
            return upright(image, orientation_of(image, fp)).convert("RGB")


def missing(modules: tuple[str, ...]) -> list[str]:
    """The modules of `modules` that cannot be imported, found without importing anything."""
    absent = []
    for name in modules:
        try:
            if importlib.util.find_spec(name) is None:
                absent.append(name)
        except (ImportError, ValueError):
            absent.append(name)
    return absent


def require(modules: tuple[str, ...]) -> None:
    """Raise Unavailable unless the extra's `modules` are there and vision is not switched off."""
    if os.environ.get("JDCHECK_VISION", "").strip().lower() in ("off", "0", "no", "false"):
        raise Unavailable("off", "JDCHECK_VISION=off")
    absent = missing(modules)
    if absent:
        raise Unavailable("extra", ", ".join(absent))
