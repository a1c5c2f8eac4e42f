"""--format html (SPEC §5) and --output FILE, without a browser: the page's content, its escaping,
its independence from the network, the thumbnails and the marked sheet; the report file's rules.

The page as a browser shows it is tested in test_html_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jdcheck.exhibits import THUMBNAIL_HEIGHT, THUMBNAIL_WIDTH, cell_text, thumbnail
from jdcheck.images import inspect_image
from tests.folders import TODAY, check, gb_row, groupbuy
from tests.hostile import assert_untouched, cli, snapshot
from tests.html_pages import HOSTILE_CELL, HOSTILE_IMAGE, HOSTILE_LINK, hostile_folder, parse, thumbnail_size
from tests.image_builders import gif, jpeg, png, truncate

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "examples" / "groupbuy-bad"
CJK = re.compile(r"[\u4e00-\u9fff]")


def page_and_report(folder: Path, *args: str) -> tuple[str, dict]:
    html = cli("check", folder, "--format", "html", *args)
    document = cli("check", folder, "--format", "json", *args)
    assert html.code == document.code
    return html.out, json.loads(document.out)


def words(text: str) -> str:
    return " ".join(text.split())


# ── what the page shows ──────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_finding_is_on_the_page_with_its_code_message_and_fix(lang):
    html, report = page_and_report(BAD, "--lang", lang)
    page = parse(html)
    assert report["findings"], "the bad example must have findings"
    for finding in report["findings"]:
        for part in ("code", "message", "fix"):
            assert words(finding[part]) in page.text, (finding["code"], part)
    verdict = {"zh": "未通过", "en": "FAILED"}[lang]
    banner = page.with_class("banner")
    assert banner and verdict in page.text
    assert f"{report['summary']['errors']} {'错误' if lang == 'zh' else 'Errors'}" in page.text
    assert report["folder"] in page.text


def test_english_page_has_no_chinese_label():
    html, _ = page_and_report(BAD, "--lang", "en")
    page = parse(html)
    labels = " ".join(a.get("aria-label") or "" for _, a in page.elements)
    for label in ("表格", "图片", "错误", "警告", "修改", "应为", "实际", "文件夹", "检查时间"):
        assert label not in page.text, label
    assert not CJK.search(labels)
    for label in ("Spreadsheet", "Images", "Errors", "Warnings", "Checked", "expected", "fix"):
        assert label in page.text, label


def test_the_page_asks_nothing_of_the_network():
    html, _ = page_and_report(BAD)
    page = parse(html)
    assert not page.all("script")
    assert not any(tag in ("iframe", "object", "embed", "base", "form") for tag, _ in page.elements)
    links = page.all("link")
    assert links == [{"rel": "icon", "href": "data:,"}]  # no favicon request either
    for attrs in page.all("img"):
        assert attrs["src"].startswith("data:image/jpeg;base64,")
    assert "@import" not in page.styles and "url(" not in page.styles and "@font-face" not in page.styles
    csp = page.all("meta", **{"http-equiv": "Content-Security-Policy"})
    assert csp and "default-src 'none'" in csp[0]["content"]
    for tag, attrs in page.elements:  # every other URL is a link a person clicks
        for name in ("src", "href", "srcset", "poster", "data"):
            value = attrs.get(name) or ""
            if value.startswith(("http", "//")):
                assert tag == "a" and name == "href", (tag, name, value)


def test_every_image_has_a_thumbnail_at_most_240_wide_and_the_broken_one_a_placeholder():
    html, report = page_and_report(BAD)
    page = parse(html)
    images = {"100012043978.jpg": (800, 800), "100023456781.jpg": (440, 293), "100034567892.jpg": (440, 293),
              "团购图.jpg": (440, 293)}
    thumbs = {a["alt"]: a for a in page.all("img")}
    assert set(thumbs) == set(images)
    for name, (width, height) in images.items():
        size = thumbnail_size(thumbs[name]["src"])
        assert size[0] <= THUMBNAIL_WIDTH and size[1] <= THUMBNAIL_HEIGHT
        assert abs(size[0] / size[1] - width / height) < 0.02  # the picture's shape, not stretched
        assert (thumbs[name]["width"], thumbs[name]["height"]) == (str(size[0]), str(size[1]))
        assert f"{width}×{height}" in page.text
    # 100045678903.jpg is truncated (I001): a placeholder with its name and size, not a crash
    assert len(page.with_class("placeholder")) == 1
    assert "100045678903.jpg" in page.text and "8.8 KB" in page.text
    assert any(f["code"] == "I001" and f["file"] == "100045678903.jpg" for f in report["findings"])


def sheet_cells(html: str) -> dict[tuple[int, int], str | None]:
    """{(Excel row, column index): class} of the sheet grid's cells."""
    cells: dict[tuple[int, int], str | None] = {}
    for row in re.findall(r'<tr(?: class="[^"]*")?><th class="rownum[^"]*">(\d+)</th>(.*?)</tr>', html, re.S):
        number, body = int(row[0]), row[1]
        for column, td in enumerate(re.findall(r"<td([^>]*)>", body), start=1):
            match = re.search(r'class="(error|warning)\b', td)
            cells[(number, column)] = match.group(1) if match else None
    return cells


def test_each_cell_with_a_finding_is_coloured_by_its_severity_and_no_other():
    from jdcheck.engine import Options, run
    from jdcheck.reporters import html as reporter
    from jdcheck.rulefile import load_rules

    import io

    report = run(load_rules("groupbuy"), BAD, Options(today=TODAY), exhibits="all")
    stream = io.StringIO()
    reporter.render(report, stream, "zh")
    cells = sheet_cells(stream.getvalue())
    expected: dict[tuple[int, int], str] = {}
    for finding in report.findings:
        if finding.file != "团购提报-红蜻蜓.xlsx" or finding.cell is None or finding.cell.column is None:
            continue
        row = finding.row if finding.row is not None else 3  # a header finding sits on the header row
        if expected.get((row, finding.cell.column)) != "error":
            expected[(row, finding.cell.column)] = finding.severity.value
    assert len(expected) >= 15
    marked = {at: cls for at, cls in cells.items() if cls}
    assert marked == expected
    assert len({row for row, _ in cells}) == 7  # the title rows, the header and every data row


def test_hostile_names_and_cells_are_shown_as_text(tmp_path):
    folder = hostile_folder(tmp_path)
    html, report = page_and_report(folder)
    page = parse(html)
    assert not page.all("script")
    assert not page.all("img", src="x")
    assert not any((a.get("href") or "").lower().startswith("javascript") for a in page.all("a"))
    assert not any(name.startswith("on") for _, attrs in page.elements for name in attrs)
    assert HOSTILE_IMAGE in page.text and HOSTILE_CELL in page.text and HOSTILE_LINK in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.jpg" in html
    assert any(f["file"] == HOSTILE_IMAGE for f in report["findings"])  # M105: no row for its SKU


def test_a_hostile_mail_subject_is_shown_as_text(tmp_path):
    from tests.type_folders import ch_row, channel, outlook_mail

    subject = '<b onmouseover="alert(1)">提报</b>'
    folder = channel(tmp_path, mail=outlook_mail([ch_row()], subject=subject), rows=[ch_row()])
    html = cli("channel", folder, "--format", "html", "--today", "2026-11-25")
    e004 = [f for f in json.loads(cli("channel", folder, "--format", "json", "--today", "2026-11-25").out)["findings"]
            if f["code"] == "E004"]
    assert e004 and subject in e004[0]["actual"]
    page = parse(html.out)
    assert subject in page.text
    assert not any("onmouseover" in attrs for _, attrs in page.elements)
    assert "&lt;b onmouseover=" in html.out


def test_links_are_clickable_and_open_in_a_new_tab():
    html, _ = page_and_report(BAD)
    links = parse(html).all("a")
    cells = [a for a in links if a["href"] == "https://item.jd.com/100012043978.html"]
    assert cells and all(a["target"] == "_blank" and a["rel"] == "noopener noreferrer" for a in cells)
    assert any(a["href"] == "https://u.jd.com/AbCdEf" for a in links)  # in a finding's message


@pytest.mark.parametrize("text, links", [
    ("店铺链接指向不同的店铺：https://mall.jd.com/index-1.html, https://mall.jd.com/index-2.html。",
     ["https://mall.jd.com/index-1.html", "https://mall.jd.com/index-2.html"]),
    ("（https://item.jd.com/100012043978.html）", ["https://item.jd.com/100012043978.html"]),
    ("see https://item.jd.com/1.html?a=1&b=2.", ["https://item.jd.com/1.html?a=1&amp;b=2"]),
    ("javascript:alert(1) and ftp://x.test/ are not links", []),
    ('https://x.test/"onmouseover="alert(1)', ["https://x.test/"]),
])
def test_links_in_messages(text, links):
    from jdcheck.reporters.html import _linkify

    html = str(_linkify(text))
    assert re.findall(r'<a href="([^"]*)"', html) == links
    assert parse(html).text == " ".join(text.split())


@pytest.mark.parametrize("value, text", [
    (None, ""),
    (199.0, "199"),
    (0.1 + 0.2, "0.3"),
    (True, "TRUE"),
    ("  带空格 ", "  带空格 "),
    (__import__("datetime").datetime(2026, 12, 2, 9, 30), "2026-12-02 09:30"),
    (__import__("datetime").datetime(2026, 12, 2), "2026-12-02"),
    (__import__("datetime").datetime(2026, 12, 2, 9, 30, 15), "2026-12-02 09:30:15"),
    (__import__("datetime").time(23, 59), "23:59"),
    (__import__("decimal").Decimal("459.00"), "459"),
    (100012043978, "1.00012E+11"),  # a SKU stored as a number: what Excel shows (S007)
    (100023456781.0, "1.00023E+11"),
    (100000000000, "1E+11"),
    (99999999999, "99999999999"),
    ("100012043978", "100012043978"),  # stored as text: shown whole
])
def test_cells_read_as_excel_shows_them(value, text):
    assert cell_text(value) == text


# ── thumbnails ───────────────────────────────────────────────────────────────────────────────


THUMBNAILS = [
    # id, builder, expected thumbnail size (as displayed)
    ("square photo", lambda p: jpeg(p, (800, 800)), (240, 240)),
    ("slot image", lambda p: jpeg(p, (440, 293)), (240, 160)),
    ("small image not enlarged", lambda p: jpeg(p, (120, 80)), (120, 80)),
    ("phone screenshot, tall", lambda p: jpeg(p, (750, 5000)), (48, 320)),
    ("EXIF rotated: shown upright", lambda p: jpeg(p, (400, 200), orientation=6), (160, 320)),
    ("CMYK JPEG", lambda p: jpeg(p, (440, 293), mode="CMYK"), (240, 160)),
    ("greyscale JPEG", lambda p: jpeg(p, (440, 293), mode="L"), (240, 160)),
    ("PNG with transparency", lambda p: png(p, (300, 300), mode="RGBA"), (240, 240)),
    ("palette PNG", lambda p: png(p, (300, 150), mode="P"), (240, 120)),
    ("16-bit greyscale PNG", lambda p: png(p, (300, 150), mode="I;16"), (240, 120)),
    ("animated GIF: first frame", lambda p: gif(p, (480, 240), frames=3), (240, 120)),
]


@pytest.mark.parametrize("build, size", [t[1:] for t in THUMBNAILS], ids=[t[0] for t in THUMBNAILS])
def test_thumbnail_sizes(tmp_path, build, size):
    path = build(tmp_path / "image")
    info = inspect_image(path)
    assert info.error is None
    made = thumbnail(path, info.stored_size, info.orientation)
    assert made is not None
    assert made[1] == size == thumbnail_size(made[0])


def test_rotated_photo_thumbnail_is_upright(tmp_path):
    """Stored 400×200 with orientation 6 (turned 90° clockwise to view): the thumbnail is tall."""
    path = jpeg(tmp_path / "rotated.jpg", (400, 200), orientation=6)
    info = inspect_image(path)
    assert info.display_size == (200, 400)
    assert thumbnail(path, info.stored_size, info.orientation)[1] == (160, 320)


def test_large_jpeg_is_decoded_at_a_reduced_scale(tmp_path, monkeypatch):
    from PIL import JpegImagePlugin

    path = jpeg(tmp_path / "photo.jpg", (4000, 3000), quality=70)
    info = inspect_image(path)
    scales = []
    real_draft = JpegImagePlugin.JpegImageFile.draft

    def draft(self, mode, size):
        result = real_draft(self, mode, size)
        scales.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", draft)
    started = time.perf_counter()
    made = thumbnail(path, info.stored_size, info.orientation)
    elapsed = time.perf_counter() - started
    assert made[1] == (240, 180)
    assert scales[0] == (500, 375)  # 1/8 scale: 64 times fewer pixels decoded
    assert elapsed < 1.0


def test_every_corpus_image_gets_a_thumbnail_or_a_placeholder(corpus, recwarn):
    """Real files from Pillow's test suite (truncated, bombs, CMYK, 16-bit, MPO, every orientation):
    an image the checks could read gets a thumbnail; one they could not, a placeholder; no warning
    reaches the operator's terminal."""
    paths = sorted(p for p in (corpus / "images").rglob("*") if p.is_file() and p.suffix != ".tsv")
    assert len(paths) > 50
    for path in paths:
        info = inspect_image(path)
        if info.error is not None or info.stored_size is None:
            continue
        made = thumbnail(path, info.stored_size, info.orientation)
        assert made is not None, path.name
        width, height = thumbnail_size(made[0])
        assert width <= THUMBNAIL_WIDTH and height <= THUMBNAIL_HEIGHT, path.name
    assert not [w for w in recwarn if "PIL" in (w.filename or "")]


def test_an_image_that_breaks_after_inspection_gets_no_thumbnail(tmp_path):
    path = jpeg(tmp_path / "photo.jpg", (440, 293))
    info = inspect_image(path)
    truncate(path, 200)
    assert thumbnail(path, info.stored_size, info.orientation) is None


def test_thumbnails_cost_little_page_weight():
    html, _ = page_and_report(BAD)
    sizes = [len(a["src"]) for a in parse(html).all("img")]
    assert max(sizes) < 24_000  # base64 of a ≤ 240 px JPEG at quality 70
    assert len(html) < 150_000


# ── --output FILE ────────────────────────────────────────────────────────────────────────────


def _without_time(text: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d \(UTC[+-]\d\d:\d\d\)", "TIME", text)


@pytest.mark.parametrize("format", ["rich", "json", "junit", "html"])
def test_output_writes_the_same_report_as_utf8_and_nothing_on_stdout(tmp_path, format):
    target = tmp_path / f"report.{format}"
    printed = cli("groupbuy", BAD, "--format", format)
    written = cli("groupbuy", BAD, "--format", format, "--output", target)
    assert written.code == printed.code == 1
    assert written.out == ""
    assert str(target) in written.err
    text = target.read_bytes().decode("utf-8")  # strict: UTF-8 whatever the console
    assert _without_time(text) == _without_time(printed.out)
    assert "\x1b" not in text


def test_output_rich_is_plain_text_even_when_colour_is_forced(tmp_path):
    target = tmp_path / "report.txt"
    result = subprocess.run([sys.executable, "-m", "jdcheck", "groupbuy", str(BAD), "--output", str(target)],
                            capture_output=True, env={"FORCE_COLOR": "1", "PYTHONIOENCODING": "cp1252",
                                                      "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1, result.stderr
    text = target.read_text(encoding="utf-8")
    assert "\x1b" not in text and "团购" in text


def test_batch_output_and_format_html(tmp_path):
    root = tmp_path / "drive"
    for name in ("groupbuy-bad", "groupbuy-ok"):
        shutil.copytree(ROOT / "examples" / name, root / name)
    hostile_folder(root)
    target = root / "report.html"  # the root itself holds no submission: allowed, as for --report
    result = cli("batch", root, "--format", "html", "--output", target, "--jobs", "2")
    assert result.code == 1 and result.out == ""
    html = target.read_text(encoding="utf-8")
    page = parse(html)
    anchors = [a["href"] for a in page.all("a") if (a.get("href") or "").startswith("#f")]
    ids = {a.get("id") for _, a in page.elements if a.get("id")}
    assert len(anchors) == 3 and all(anchor[1:] in ids for anchor in anchors)
    assert not page.all("script") and HOSTILE_IMAGE in page.text
    # only what has a finding: the passing folder shows no picture, the failing ones theirs
    alts = {a["alt"] for a in page.all("img")}
    assert "100012043978.jpg" in alts and "团购图.jpg" in alts
    assert "100034567892.jpg" in alts  # I006 warning
    assert all(thumbnail_size(a["src"])[0] <= 160 for a in page.all("img"))  # the batch's smaller thumbnails
    document = json.loads(cli("batch", root, "--format", "json").out)
    for report in document["reports"]:
        assert report["folder"] in page.text
        for finding in report["findings"]:
            assert words(finding["message"]) in page.text


@pytest.mark.parametrize("command", ["check", "batch"])
def test_output_is_never_written_inside_the_checked_folder(tmp_path, command):
    folder = groupbuy(tmp_path / "drive")
    root = folder.parent
    checked = folder if command == "check" else root
    target = folder / "report.html"
    before = snapshot(root)
    args = ("check", folder, "--type", "groupbuy") if command == "check" else ("batch", root)
    result = cli(*args, "--format", "html", "--output", target)
    assert result.code == 2 and "--output" in result.err and result.out == ""
    assert_untouched(before, root)
    assert checked.exists()


def test_output_replaces_an_existing_file_only_with_force(tmp_path):
    folder = groupbuy(tmp_path / "drive")
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    refused = cli("check", folder, "--type", "groupbuy", "--format", "json", "--output", target, "--today", "2026-11-25")
    assert refused.code == 2 and "--force" in refused.err
    assert target.read_text(encoding="utf-8") == "old"
    replaced = cli("check", folder, "--type", "groupbuy", "--format", "json", "--output", target, "--force",
                   "--today", "2026-11-25")
    assert replaced.code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["passed"] is True


@pytest.mark.parametrize("where", ["missing folder", "a folder"])
def test_output_to_an_impossible_place_is_exit_2(tmp_path, where):
    folder = groupbuy(tmp_path / "drive")
    target = tmp_path / "no" / "such" / "report.html" if where == "missing folder" else tmp_path
    result = cli("check", folder, "--type", "groupbuy", "--format", "html", "--output", target, "--lang", "en")
    assert result.code == 2 and "cannot write" in result.err


def test_other_formats_never_import_jinja2():
    code = ("import sys; from jdcheck.cli import main; main(['groupbuy', sys.argv[1], '--format', 'json']); "
            "print('jinja2' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(BAD)], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_a_passing_folder_page(tmp_path):
    folder = groupbuy(tmp_path, [gb_row()])
    html = cli("check", folder, "--type", "groupbuy", "--format", "html", "--today", "2026-11-25", "--lang", "en")
    assert html.code == 0
    page = parse(html.out)
    assert "PASSED" in page.text and "0 Errors" in page.text
    assert len(page.all("img")) == 3  # the slot image and both screenshots
    assert not page.with_class("finding")


def test_a_large_folder_page_shows_the_images_with_findings_and_the_first_others(tmp_path, monkeypatch):
    """Past MAX_PICTURES images, the page keeps every image with a finding and fills the rest with
    the first others; a note counts those left out (2,000 thumbnails were a 22 MB page)."""
    import jdcheck.exhibits

    monkeypatch.setattr(jdcheck.exhibits, "MAX_PICTURES", 6)
    skus = [f"1000120439{n:02d}" for n in range(10)]
    files = {f"{sku}.jpg": (lambda p: jpeg(p, (440, 293))) for sku in skus}
    files[f"{skus[8]}.jpg"] = lambda p: jpeg(p, (800, 800))  # I002, near the end
    folder = groupbuy(tmp_path, [gb_row(sku) for sku in skus], files=files)
    html = cli("groupbuy", folder, "--format", "html", "--today", TODAY, "--lang", "en")
    page = parse(html.out)
    # 6 pictures: the flagged slot image, and the first 5 others (the two screenshots sort first)
    assert len(page.all("img")) == 6
    assert f"{skus[8]}.jpg" in page.text and f"{skus[9]}.jpg" not in page.text
    assert "6 more images without findings are not shown." in page.text


def test_thumbnails_of_a_large_folder_are_made_on_all_cores_the_same(tmp_path, monkeypatch):
    """From PARALLEL_IMAGES images on, forked workers make the thumbnails: the same pictures."""
    import jdcheck.materials
    from jdcheck.exhibits import _pictures, picture
    from jdcheck.materials import scan
    from jdcheck.rulefile import load_rules

    folder = tmp_path / "folder"
    for index in range(6):
        jpeg(folder / f"10001204397{index}.jpg", (440 + index * 10, 293), orientation=6 if index == 2 else None)
    truncate(jpeg(folder / "100012043979.jpg", (440, 293)), 300)
    submission = scan(folder, load_rules("groupbuy"))
    images = submission.of_kind("image")
    serial = [picture(image) for image in images]
    monkeypatch.setattr(jdcheck.materials, "PARALLEL_IMAGES", 4)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert _pictures(images, (THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT)) == serial
    assert serial[-1].thumbnail is None and all(p.thumbnail for p in serial[:-1])


def test_batch_report_html_beside_the_console_summary(tmp_path):
    """A nightly script prints the summary to its log and leaves the page for the managers."""
    root = tmp_path / "drive"
    shutil.copytree(BAD, root / "groupbuy-bad")
    page_path = tmp_path / "夜间检查.html"
    result = cli("batch", root, "--report", page_path)
    assert result.code == 1 and "groupbuy-bad" in result.out and "<html" not in result.out
    page = parse(page_path.read_text(encoding="utf-8"))
    assert "100012043978.jpg" in {a["alt"] for a in page.all("img")}
