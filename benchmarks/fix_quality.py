"""How good are `jdcheck fix`'s slot images? SSIM and bytes against ImageMagick's jpeg:extent.

For each photo and slot size, the reference is the source brought to the slot size with the
fixer's own geometry (`jdcheck.fix.prepare`, centre crop). Then it is encoded three ways:

- `magick`: ImageMagick `convert ref.png -define jpeg:extent=50KiB out.jpg` (its own quality
  search; 50 KiB = 51,200 bytes, one byte more than a group-buy slot allows), and the same with
  `jpeg:extent=49999`, the budget jdcheck gives itself;
- `q-only`: jdcheck's quality search with Pillow's defaults (baseline, 4:2:0);
- `jdcheck`: the fixer as shipped (quality search for each progressive × subsampling choice,
  the least squared error kept), aiming under the limit at 1 KB = 1000 too (no I004).

SSIM is scikit-image's over the RGB channels (data_range 255). Needs `pip install ".[bench]"`
and Debian's `imagemagick` (convert). Run: python benchmarks/fix_quality.py [--timing]
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data as skdata
from skimage.metrics import structural_similarity

from jdcheck.fix import JPEG_CHOICES, SUBSAMPLING_NAMES, _highest_quality, encode_under, prepare
from jdcheck.images import inspect_image

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "photos"  # real photographs, sources in tests/corpus/SOURCES.md
# (label, slot size, byte limit for jdcheck, ImageMagick extent)
SLOTS = [
    ("groupbuy 440×293 <50KB", (440, 293), 49_999, "50KiB"),
    ("800×800 <50KB (stress)", (800, 800), 49_999, "50KiB"),
]


def sources(tmp: Path) -> list[Path]:
    paths = sorted(CORPUS.glob("*")) if CORPUS.is_dir() else []
    for name in ("coffee", "chelsea"):  # photos bundled in the scikit-image wheel
        path = tmp / f"{name}.png"
        Image.fromarray(getattr(skdata, name)()).save(path)
        paths.append(path)
    return paths


def ssim(reference: Image.Image, encoded: bytes) -> float:
    with Image.open(io.BytesIO(encoded)) as im:
        decoded = np.asarray(im.convert("RGB"))
    return structural_similarity(np.asarray(reference), decoded, channel_axis=2, data_range=255)


def magick(reference_png: Path, extent: str, out: Path) -> bytes:
    convert = shutil.which("convert-im6.q16") or shutil.which("magick") or "/usr/bin/convert"
    subprocess.run([convert, str(reference_png), "-define", f"jpeg:extent={extent}", str(out)], check=True)
    return out.read_bytes()


def describe(encoded) -> str:
    progressive = " prog" if encoded.progressive else ""
    return f"q{encoded.quality} {SUBSAMPLING_NAMES[encoded.subsampling]}{progressive}"


def quality_table(tmp: Path) -> None:
    print("| slot | photo | ImageMagick 50KiB bytes | SSIM | ImageMagick same budget bytes | SSIM "
          "| q-only bytes | SSIM | jdcheck bytes | SSIM | jdcheck choice | best of 6 by scikit SSIM "
          "| q-only ms | jdcheck ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    wins: dict[str, list[int]] = {}
    for label, size, limit, extent in SLOTS:
        for path in sources(tmp):
            reference = prepare(path, size, "crop", orientation=inspect_image(path).orientation)
            reference_png = tmp / f"ref-{path.stem}-{size[0]}.png"
            reference.save(reference_png)
            im_bytes = magick(reference_png, extent, tmp / f"im-{path.stem}-{size[0]}.jpg")
            im_same = magick(reference_png, str(limit), tmp / f"im-same-{path.stem}-{size[0]}.jpg")
            started = time.perf_counter()
            q_only = encode_under(reference, "JPEG", limit, choices=(JPEG_CHOICES[0],))
            q_ms = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            ours = encode_under(reference, "JPEG", limit)
            ours_ms = (time.perf_counter() - started) * 1000
            s_im, s_q, s_ours = ssim(reference, im_bytes), ssim(reference, q_only.data), ssim(reference, ours.data)
            tally = wins.setdefault(label, [0, 0, 0])
            under = len(ours.data) <= limit
            tally[0] += under and s_ours >= s_im
            tally[1] += under and s_ours >= ssim(reference, im_same)
            tally[2] += 1
            s_same = ssim(reference, im_same)
            # The oracle: the candidate scikit-image's SSIM would keep (how good is block_ssim's pick?).
            candidates = [_highest_quality(reference, limit, sub, prog) for prog, sub in JPEG_CHOICES]
            oracle = max(ssim(reference, c.data) for c in candidates if c is not None)
            print(f"| {label} | {path.stem} | {len(im_bytes):,} | {s_im:.4f} | {len(im_same):,} | {s_same:.4f} "
                  f"| {len(q_only.data):,} | {s_q:.4f} "
                  f"| {len(ours.data):,} | {s_ours:.4f} | {describe(ours)} | {oracle:.4f} | {q_ms:.0f} | {ours_ms:.0f} |")
    print()
    for label, (vs_50kib, vs_same, total) in wins.items():
        print(f"{label}: jdcheck under the limit with SSIM ≥ ImageMagick 50KiB in {vs_50kib}/{total}, "
              f"≥ ImageMagick at the same budget in {vs_same}/{total}")


def fix_timing(tmp: Path, count: int = 10) -> None:
    """`jdcheck fix` on a folder of `count` 4000×3000 camera JPEGs (upscaled corpus photos)."""
    from jdcheck.fix import fix_folder
    from jdcheck.rulefile import load_rules

    folder = tmp / "timing"
    folder.mkdir()
    photos = [p for p in sources(tmp)]
    for index in range(count):
        with Image.open(photos[index % len(photos)]) as im:
            im.convert("RGB").resize((4000, 3000), Image.Resampling.BICUBIC).save(
                folder / f"1000120439{index:02d}.jpg", quality=92)
    started = time.perf_counter()
    result = fix_folder(load_rules("groupbuy"), folder, tmp / "timing-fixed")
    seconds = time.perf_counter() - started
    print(f"\njdcheck fix: {count} photos 4000×3000 → 440×293 < 50 KB in {seconds:.2f} s "
          f"({seconds / count * 1000:.0f} ms each), failures: {result.failed}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timing", action="store_true", help="also time `fix` on a folder of camera-size photos")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        quality_table(tmp)
        if args.timing:
            fix_timing(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
