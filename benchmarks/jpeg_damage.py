"""JPEG damage experiment: what the 1/8 decode flags against what the structure walk flags.

    python benchmarks/jpeg_damage.py [--placements 200] [--seed 14] [--show 5]
    python benchmarks/jpeg_damage.py --fuzz 5000    # the walk against djpeg on edited JPEGs

Damages a real slot JPEG (440×293, ~40 KB) and a QQ screenshot JPEG (1920×1080), both made by
benchmarks/data.py, and the same slot picture saved with a restart marker after every MCU row
(as many phone cameras write them), at --placements random places per kind of damage, and asks
of every damaged file whether it is flagged:
- "1/8 decode": the header check (``inspect_image(..., integrity="header")``) or Pillow's decode
  at 1/8 scale, which is how jdcheck checked slot JPEGs until issue 14;
- "to EOI": the same decode with the whole file in Pillow's buffer, so that libjpeg also reads
  every marker after the last scan (Pillow's chunked decode may stop before them): what libjpeg
  itself treats as an error;
- "djpeg" (when libjpeg-turbo's djpeg is installed): libjpeg's own decoder, reading the whole
  file, exits with an error (a file cut short is only a warning there);
- "walk": ``inspect_image(..., integrity="structure")``, the structure walk.
The last columns count the files the 1/8 decode flags and the walk does not (the walk must not be
weaker: 0 is the target), and the files the walk flags that libjpeg reads to EOI without an error:
"truncated" ones, where a segment forged by the damage runs past the end of the file (libjpeg meets
the end of the file there, as in a file cut short, after greying the rest of the picture);
anything else would be a false alarm. --show N keeps N files of each kind next to the temporary
folder and prints their names.
Seeded and reproducible: the same seed damages the same bytes.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import data  # noqa: E402  (benchmarks/data.py: the real-looking files)

from jdcheck.images import inspect_image  # noqa: E402


def regions(jpeg: bytes) -> dict[str, list[tuple[int, int]]]:
    """Byte ranges of the header segments, the DHT and DQT payloads, and the scan's data."""
    found: dict[str, list[tuple[int, int]]] = {"DHT": [], "DQT": []}
    position = 2
    while True:
        marker = jpeg[position + 1]
        length = int.from_bytes(jpeg[position + 2 : position + 4], "big")
        if marker == 0xC4:
            found["DHT"].append((position + 4, position + 2 + length))
        elif marker == 0xDB:
            found["DQT"].append((position + 4, position + 2 + length))
        position += 2 + length
        if marker == 0xDA:
            break
    found["header"] = [(0, position)]
    found["scan"] = [(position, jpeg.rindex(b"\xff\xd9"))]
    return found


def place(rng: random.Random, ranges: list[tuple[int, int]], width: int = 1) -> int:
    start, end = rng.choice(ranges)
    return rng.randrange(start, end - width + 1)


def overwrite(width: int) -> Callable[[bytes, random.Random, dict], bytes]:
    def damage(jpeg: bytes, rng: random.Random, where: dict) -> bytes:
        at = place(rng, where["scan"], width)
        return jpeg[:at] + rng.randbytes(width) + jpeg[at + width :]

    return damage


def zeros(jpeg: bytes, rng: random.Random, where: dict) -> bytes:
    at = place(rng, where["scan"], 4096)
    return jpeg[:at] + bytes(4096) + jpeg[at + 4096 :]


def cut_and_zero_padded(jpeg: bytes, rng: random.Random, where: dict) -> bytes:
    at = place(rng, where["scan"])
    return jpeg[:at] + bytes(len(jpeg) - at)


def changed_byte(region: str) -> Callable[[bytes, random.Random, dict], bytes]:
    def damage(jpeg: bytes, rng: random.Random, where: dict) -> bytes:
        at = place(rng, where[region])
        value = rng.choice([v for v in range(256) if v != jpeg[at]])
        return jpeg[:at] + bytes([value]) + jpeg[at + 1 :]

    damage.region = region  # type: ignore[attr-defined]
    return damage


DAMAGE = [
    ("2,000 random bytes inside the scan", overwrite(2000)),
    ("cut short and zero-padded", cut_and_zero_padded),
    ("1 random byte inside the scan", overwrite(1)),
    ("16 random bytes inside the scan", overwrite(16)),
    ("4,096 zero bytes inside the scan", zeros),
    ("one changed byte in the header segments", changed_byte("header")),
    ("one changed byte inside a DHT segment", changed_byte("DHT")),
    ("one changed byte inside a DQT segment", changed_byte("DQT")),
]


def with_restart_markers(jpeg: bytes) -> bytes:
    """The same picture re-encoded with a restart marker after every MCU row."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    with Image.open(io.BytesIO(jpeg)) as im:
        im.save(buffer, "JPEG", quality=85, restart_marker_rows=1)
    return buffer.getvalue()


def decode_flags(path: Path, *, whole_file: bool) -> bool:
    """The header check, then Pillow's 1/8 decode (whole_file: with all bytes in one buffer)."""
    from PIL import Image

    if inspect_image(path, integrity="header").error is not None:
        return True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(path) as im:
                width, height = im.size
                im.draft(None, (max(1, width // 8), max(1, height // 8)))
                if whole_file:
                    im.decodermaxblock = path.stat().st_size + 1
                im.load()
        except Exception:  # noqa: BLE001  (any failure of the reference decode is a flag)
            return True
    return False


def djpeg_refuses(path: Path) -> bool:
    """libjpeg's own decoder reading the whole file (djpeg, from libjpeg-turbo-progs): exit 1 is
    an error, 2 only warnings (a file cut short is a warning there)."""
    done = subprocess.run(["djpeg", "-outfile", os.devnull, str(path)], capture_output=True, check=False)
    return done.returncode == 1


def fuzz(count: int, seed: int) -> int:
    """Differential fuzz against djpeg: ``count`` files, each one to three random edits (a changed
    byte, a forged marker, 8 random bytes) of a small JPEG of one of seven kinds. Counts the files
    djpeg refuses and the walk passes (misses) and the reverse (false alarms); truncation, which
    djpeg only warns about, and files Pillow cannot open (the header check) are counted apart."""
    import io

    from PIL import Image

    picture = data.photo_crop(7, (200, 130), zoom=0.6)
    kinds = {
        "baseline": {}, "progressive": {"progressive": True}, "restarts": {"restart_marker_blocks": 3},
        "4:4:4 optimised": {"subsampling": 0, "optimize": True},
        "progressive, restarts": {"progressive": True, "restart_marker_rows": 1},
    }
    seeds = []
    for mode, options in [("RGB", kinds[k]) for k in kinds] + [("L", {}), ("CMYK", {})]:
        buffer = io.BytesIO()
        picture.convert(mode).save(buffer, "JPEG", quality=85, **options)
        seeds.append(buffer.getvalue())
    rng = random.Random(seed)
    tally = {"agree": 0, "miss": 0, "false alarm": 0, "truncated (djpeg warns)": 0, "header check": 0}
    with tempfile.TemporaryDirectory(prefix="jpeg-fuzz-") as folder:
        path = Path(folder) / "fuzzed.jpg"
        for _ in range(count):
            jpeg = bytearray(rng.choice(seeds))
            for _ in range(rng.randint(1, 3)):
                at, edit = rng.randrange(2, len(jpeg) - 2), rng.random()
                if edit < 0.6:
                    jpeg[at] = rng.randrange(256)
                elif edit < 0.8:
                    jpeg[at : at + 2] = bytes([0xFF, rng.randrange(256)])
                else:
                    jpeg[at : at + 8] = rng.randbytes(8)
            path.write_bytes(bytes(jpeg))
            if inspect_image(path, integrity="header").error is not None:
                tally["header check"] += 1
                continue
            walked, refused = inspect_image(path).error, djpeg_refuses(path)
            if walked == "truncated" and not refused:
                tally["truncated (djpeg warns)"] += 1
            elif (walked is not None) == refused:
                tally["agree"] += 1
            else:
                tally["miss" if refused else "false alarm"] += 1
    print(f"{count} fuzzed JPEGs, seed {seed}: " + ", ".join(f"{key} {n}" for key, n in tally.items()))
    return 1 if tally["miss"] or tally["false alarm"] else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--placements", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--show", type=int, default=0, help="keep and name up to N files of each disagreement")
    parser.add_argument("--fuzz", type=int, default=0, metavar="N",
                        help="instead: N randomly edited JPEGs, the walk against djpeg (needs libjpeg-turbo-progs)")
    args = parser.parse_args(argv)
    if args.fuzz:
        if shutil.which("djpeg") is None:
            parser.error("--fuzz needs djpeg (apt-get install libjpeg-turbo-progs)")
        return fuzz(args.fuzz, args.seed)
    slot = data.real_file("slot", 0)
    sources = {"slot JPEG 440×293": slot, "QQ JPEG 1920×1080": data.real_file("qq1920", 0),
               "slot JPEG, restarts": with_restart_markers(slot)}
    djpeg = shutil.which("djpeg") is not None
    print(f"{args.placements} placements per kind, seed {args.seed}; "
          + ", ".join(f"{name} {len(jpeg):,} bytes" for name, jpeg in sources.items()))
    columns = ["1/8 decode", "to EOI", *(["djpeg"] if djpeg else []), "walk", "decode only", "walk only"]
    print(f"{'damage':40} {'file':19} " + " ".join(f"{c:>11}" for c in columns))
    totals = {"decode only": 0, "walk only": 0, "walk only, truncated": 0}
    with tempfile.TemporaryDirectory(prefix="jpeg-damage-") as folder:
        path = Path(folder) / "damaged.jpg"
        for kind, damage in DAMAGE:
            for name, jpeg in sources.items():
                where = regions(jpeg)
                if not where[getattr(damage, "region", "scan")]:
                    continue  # e.g. no DHT segment in an arithmetic-coded JPEG
                rng = random.Random(f"{args.seed}/{kind}/{name}")
                counts = dict.fromkeys(columns, 0)
                for _ in range(args.placements):
                    path.write_bytes(damage(jpeg, rng, where))
                    decoded = decode_flags(path, whole_file=False)
                    to_eoi = decode_flags(path, whole_file=True)
                    walked = inspect_image(path, integrity="structure")
                    flags = {"1/8 decode": decoded, "to EOI": to_eoi, "walk": walked.error is not None,
                             "decode only": decoded and walked.error is None,
                             "walk only": walked.error is not None and not to_eoi}
                    if djpeg:
                        flags["djpeg"] = djpeg_refuses(path)
                    for key in columns:
                        counts[key] += flags[key]
                    if flags["walk only"] and walked.error == "truncated":
                        totals["walk only, truncated"] += 1
                    for key in ("decode only", "walk only"):
                        if flags[key] and counts[key] <= args.show:
                            kept = Path(folder).parent / f"jpeg-damage-{key.replace(' ', '-')}-{counts[key]}.jpg"
                            kept.write_bytes(path.read_bytes())
                            print(f"    {key}: {kept}: {walked.error_detail}")
                totals["decode only"] += counts["decode only"]
                totals["walk only"] += counts["walk only"]
                n = args.placements
                cells = [f"{counts[c] / n:>11.0%}" for c in columns[:-2]] + [f"{counts[c]:>11}" for c in columns[-2:]]
                print(f"{kind:40} {name:19} " + " ".join(cells))
    print(f"files the 1/8 decode flags and the walk does not: {totals['decode only']}")
    print(f"files the walk flags and libjpeg reads to EOI without an error: {totals['walk only']} "
          f"({totals['walk only, truncated']} of them truncated: a segment forged by the damage runs past "
          "the end of the file)")
    return 1 if totals["decode only"] else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
