"""Accuracy and time of the vision checks on the rendered fixtures (tests/vision_fixtures).

    python benchmarks/vision_accuracy.py [dev|held] [--cold]

Logo found / false hits (logo file given), brand text found without a logo file, too-much-text
errors (I010), promotion-screenshot read-back exact-match rate (times, prices, SKUs), and time per
slot image and per screenshot: cold (empty OCR cache: engine set-up + OCR) and warm (engine set
up, cache empty), and with a cache hit. Needs `jdcheck[vision]`. Figures on a shared machine are
noisy: run twice.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "vision_fixtures"


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "held"
    os.environ["JDCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="jdcheck-vision-bench-")
    folder = FIXTURES / which
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))

    from jdcheck.vision import logo as logo_mod
    from jdcheck.vision import ocr, readback
    from jdcheck.checks.pictures import brand_in_corner, count_text

    start = time.perf_counter()
    ocr._load_engine()
    setup = time.perf_counter() - start
    logo = logo_mod.load_logo(FIXTURES / "logo.png")

    hits = misses = false_hits = 0
    text_errors = 0
    brand_found = brand_false = brand_total = brand_negatives = 0
    slot_times, slot_logo_times, cached_times = [], [], []
    for entry in manifest["slots"]:
        path = folder / entry["file"]
        t0 = time.perf_counter()
        match = logo_mod.locate(path, logo)
        slot_logo_times.append(time.perf_counter() - t0)
        found = match.found and match.where == "top_left"
        if entry["logo_top_left"]:
            hits += found
            misses += not found
        else:
            false_hits += found
        t0 = time.perf_counter()
        reading = ocr.read(path)
        slot_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ocr.read(path)
        cached_times.append(time.perf_counter() - t0)
        exclude = match.box if found else None
        too_much = count_text(reading, exclude)[0]
        text_errors += too_much != entry["too_much_text"]
        has_text = brand_in_corner(reading, ["红蜻蜓"]) is not None
        if entry["brand_text_top_left"]:
            brand_total += 1
            brand_found += has_text
        elif not entry["logo_top_left"]:  # the logo carries the name too: neither a hit nor a false hit
            brand_negatives += 1
            brand_false += has_text
    logos_total = sum(e["logo_top_left"] for e in manifest["slots"])

    exact = total = 0
    screen_times = []
    failures = []
    for entry in manifest["screens"]:
        if entry["kind"] != "promo":
            continue
        t0 = time.perf_counter()
        reading = ocr.read(folder / entry["file"])
        screen_times.append(time.perf_counter() - t0)
        promo = readback.promo_reading(reading)
        candidates = {c.strftime("%Y-%m-%d %H:%M") for t in promo.times for c in t.candidates}
        for value in (entry["start"], entry["end"]):
            total += 1
            ok = value[:16] in candidates
            exact += ok
            if not ok:
                failures.append((entry["file"], value, sorted(candidates)))
        for row in entry["rows"]:
            if entry["table"]:
                total += 2
                ok_sku = row["sku"] in promo.skus
                ok_price = Decimal(row["price"]) in promo.by_sku.get(row["sku"], [])
                exact += ok_sku + ok_price
                if not (ok_sku and ok_price):
                    failures.append((entry["file"], row, promo.by_sku))
            else:
                total += 1
                ok = Decimal(row["price"]) in [p.value for p in promo.prices]
                exact += ok
                if not ok:
                    failures.append((entry["file"], row, promo.prices))
    slots = len(manifest["slots"])
    print(f"set: {which} ({slots} slot images, {len(screen_times)} promotion screenshots)")
    print(f"logo top-left found: {hits}/{logos_total}; false hits: {false_hits}/{slots - logos_total}")
    print(f"brand text top-left (no logo file) found: {brand_found}/{brand_total}; false hits: {brand_false}/{brand_negatives}")
    print(f"too-much-text (I010) errors: {text_errors}/{slots}")
    print(f"read-back exact: {exact}/{total}")
    for failure in failures:
        print("  missed:", failure)
    avg = lambda xs: sum(xs) / len(xs)  # noqa: E731
    print(f"OCR engine set-up: {setup:.2f} s")
    print(f"slot image: OCR {avg(slot_times):.2f} s (max {max(slot_times):.2f}), logo {avg(slot_logo_times):.2f} s, "
          f"cache hit {avg(cached_times) * 1000:.1f} ms")
    print(f"screenshot: OCR {avg(screen_times):.2f} s (max {max(screen_times):.2f})")


if __name__ == "__main__":
    main()
