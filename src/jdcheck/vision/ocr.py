"""Text read from a picture: rapidocr (PP-OCR models shipped inside the wheel) behind the cache.

Only the bundled model settings are used, the input is a picture decoded by Pillow (never a path
or a URL, which rapidocr would fetch; and OpenCV's imread cannot open a non-ASCII path on Windows,
such as 团购-红蜻蜓\促销截图.png) and `.vis()` is never called (it downloads a font): nothing is
downloaded at run time. Measured on this 2-core machine: engine set-up 0.3–1.2 s once per run,
0.4 s for a 440×293 slot image, 1–2 s for a 1280×800 screenshot; a cache hit costs a file hash.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from jdcheck import cache
from jdcheck.vision import OCR_MODULES, Unavailable, require

# Text in slot images and back-office screenshots is upright: the angle classifier only cost time
# (4.7 s -> 1.2 s per screenshot here). rapidocr's default scales every picture up until its
# shorter side is 736 px; pictures are read at their own size instead (text of 12 px is read
# exactly at 1:1, and a 440×293 slot image takes a third of the time).
ENGINE_PARAMS = {"Global.log_level": "error", "Global.use_cls": False,
                 "Det.limit_type": "min", "Det.limit_side_len": 256}
MIN_SCORE = 0.5  # rapidocr's own default: lower lines are mostly texture read as characters


@dataclass(frozen=True, slots=True)
class Line:
    """One detected text line: its text, confidence and box (left, top, right, bottom) in pixels
    of the picture as displayed (after EXIF orientation)."""

    text: str
    score: float
    box: tuple[int, int, int, int]

    @property
    def centre(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2


@dataclass(frozen=True, slots=True)
class Reading:
    width: int
    height: int
    lines: tuple[Line, ...]
    cached: bool = False

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def to_json(self) -> dict:
        return {"width": self.width, "height": self.height,
                "lines": [[line.text, line.score, list(line.box)] for line in self.lines]}

    @classmethod
    def from_json(cls, data: dict) -> Reading:
        lines = tuple(Line(str(t), float(s), tuple(int(v) for v in b)) for t, s, b in data["lines"])
        return cls(int(data["width"]), int(data["height"]), lines, cached=True)


_engine = None
_engine_error: Unavailable | None = None
_lock = threading.Lock()


def engine_id() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"rapidocr {version('rapidocr')}"
    except PackageNotFoundError:
        return "rapidocr ?"


def _load_engine():
    """The OCR engine, set up once per process; Unavailable if it cannot be (reported, not raised twice)."""
    global _engine, _engine_error
    with _lock:
        if _engine is not None:
            return _engine
        if _engine_error is not None:
            raise _engine_error
        require(OCR_MODULES)
        try:
            import logging

            from rapidocr import RapidOCR

            # Bundled models only: no model_path/model_root_dir settings, which would make rapidocr
            # look for (and download) other files.
            _engine = RapidOCR(params=ENGINE_PARAMS)
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        except Exception as exc:  # noqa: BLE001 - any failure of a third-party engine's set-up is "cannot run"
            _engine_error = Unavailable("engine", f"{type(exc).__name__}: {exc}")
            raise _engine_error from None
        return _engine


def read(path: Path) -> Reading:
    """The text lines of the picture at `path`, from the cache when this content was read before.

    Raises Unavailable (no extra, engine failed) or OSError/ValueError for a picture that cannot
    be decoded (the image checks have reported it as I001 already)."""
    require(OCR_MODULES)
    data = Path(path).read_bytes()
    key = cache.content_key(data, engine_id())
    hit = cache.load(key)
    if hit is not None:
        try:
            return Reading.from_json(hit)
        except (KeyError, TypeError, ValueError):
            pass  # a damaged entry: read again
    reading = _read_fresh(data)
    cache.store(key, reading.to_json())
    return reading


def _read_fresh(data: bytes) -> Reading:
    from jdcheck.vision import displayed

    picture = displayed(data)
    engine = _load_engine()
    try:
        result = engine(picture)
    except Exception as exc:  # noqa: BLE001 - the engine failing on one picture is a finding, not a crash
        raise ValueError(f"OCR failed: {type(exc).__name__}: {exc}") from None
    lines = []
    for box, text, score in zip(result.boxes if result.boxes is not None else (),
                                result.txts or (), result.scores or ()):
        xs = [float(point[0]) for point in box]
        ys = [float(point[1]) for point in box]
        lines.append(Line(str(text), round(float(score), 4),
                          (int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1)))
    return Reading(picture.width, picture.height, tuple(lines))
