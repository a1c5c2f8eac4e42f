"""`jdcheck fix --logo FILE`: the brand logo put top-left on each slot image of the fixed copy
where the logo matcher finds it nowhere (found top-right or top middle, it is left for the
designer to move: a second logo would not fix I009).

The logo keeps its transparency, sits a margin of 3% of the width from the corner and takes a
quarter of the slot image's width (a share, so an 800×800 platform image gets a larger one than a
440×293 group-buy image); the result is encoded under the slot's byte limit as the fixer does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LOGO_SHARE = 0.25
MARGIN_SHARE = 0.03


@dataclass(frozen=True, slots=True)
class Stamped:
    file: str  # relative to the output folder
    done: bool  # False: the logo was already there (or the image could not be changed)
    detail: str = ""
    where: str = ""  # "top_right" | "top_middle": the logo is there, so no second one was added


def stamp_folder(rules, out: Path, logo_path: Path) -> list[Stamped]:
    """Every slot image under `out` (the fixed copy) checked for the logo, and given it where missing."""
    from jdcheck.materials import scan
    from jdcheck.vision import LOGO_MODULES, require
    from jdcheck.vision.logo import load_logo, locate

    require(LOGO_MODULES)
    logo = load_logo(logo_path)
    results = []
    for material in scan(out, rules).of_role("slot_image"):
        if material.info.error is not None:
            continue
        try:
            match = locate(material.path, logo)
            if match.found and match.where == "top_left":
                results.append(Stamped(material.rel, False))
                continue
            if match.found:  # elsewhere: a second logo would make it worse; moving it is the designer's
                results.append(Stamped(material.rel, False, where=match.where))
                continue
            results.append(_stamp(material, logo_path))
        except (OSError, ValueError) as exc:
            results.append(Stamped(material.rel, False, f"{type(exc).__name__}: {exc}"))
    return results


def _stamp(material, logo_path: Path) -> Stamped:
    from PIL import Image

    from jdcheck.fix import byte_target, encode_under

    with Image.open(logo_path) as source:
        mark = source.convert("RGBA")
    bbox = mark.getchannel("A").getbbox()
    if bbox:
        mark = mark.crop(bbox)
    from jdcheck.vision import displayed

    with Image.open(material.path) as image:
        fmt = "PNG" if image.format == "PNG" else "JPEG"
    picture = displayed(material.path).convert("RGBA")
    width = max(16, round(picture.width * LOGO_SHARE))
    height = max(1, round(width * mark.height / mark.width))
    if height > picture.height * 0.4:  # a tall logo: bound by height instead
        height = round(picture.height * 0.4)
        width = max(1, round(height * mark.width / mark.height))
    mark = mark.resize((width, height), Image.LANCZOS)
    margin = round(picture.width * MARGIN_SHARE)
    picture.alpha_composite(mark, (margin, margin))
    spec = material.spec
    limit = byte_target(spec) if spec is not None else None
    encoded = encode_under(picture.convert("RGB"), fmt, limit)
    if encoded is None:
        return Stamped(material.rel, False, "too_large")
    material.path.write_bytes(encoded.data)
    return Stamped(material.rel, True, f"{len(encoded.data):,} B")
