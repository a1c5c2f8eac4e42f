"""`jdcheck fix`: a bad folder, fixed into another folder, passes; the checked folder is untouched."""

from __future__ import annotations

import datetime as dt

import pytest

from jdcheck.cli import main
from jdcheck.fix import byte_target, encode_under, prepare
from jdcheck.images import inspect_image
from jdcheck.materials import scan
from jdcheck.rulefile import load_rules
from tests.builders import has_libreoffice
from tests.folders import SHEET, SKUS, check, gb_row, groupbuy, located
from tests.hostile import assert_untouched, snapshot
from tests.image_builders import gif, jpeg, png, truncate

A, B = SKUS
C = "100034567892"
FIXED_CODES = {"I002", "I003", "I004", "I005", "I006", "I007", "I008", "S007", "S009"}


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def flat_png(path, size=(440, 293)):
    """A small PNG (a flat picture compresses to a few hundred bytes)."""
    from PIL import Image

    Image.new("RGB", size, (20, 40, 120)).save(path, "PNG")


def bad_folder(tmp_path, sheet: str = SHEET, **sheet_options):
    """Every fixable problem at once: sizes, formats, modes, orientation, bytes, and messy cells."""
    rows = [
        gb_row(A, jd_price="￥399.00", group_price="２９９", stock="1000件", start="2026/12/2 9:30"),
        gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315 ", season=" 冬", end="2026年12月5日 09:30"),
        gb_row(C, title="红蜻蜓 加绒 短靴 RQT-2410", ship_hours="24小时"),
    ]
    if not sheet.endswith(".csv"):
        rows[1]["sku"] = int(B)  # a 12-digit number: Excel shows 1.00023E+11 (S007 warning)
    return groupbuy(tmp_path, rows, sheet=sheet, sheet_options=sheet_options, slot_images=False, files={
        f"{A}.jpg": lambda p: png(p, (800, 800)),  # PNG named .jpg, wrong size, too large
        f"{B}.jpg": lambda p: jpeg(p, (293, 440), kb=60, mode="CMYK", orientation=6),
        f"{C}.gif": lambda p: gif(p, (440, 293), frames=3),  # animated, a format the slot refuses
        "说明.docx": b"PK\x03\x04 not fixed, only copied",
    })


def test_bad_folder_fixed_passes_and_source_is_untouched(tmp_path, capsys):
    folder = bad_folder(tmp_path)
    before_codes = {code for code, _, _ in located(check(folder))}
    assert FIXED_CODES - {"I004"} <= before_codes
    before = snapshot(folder)
    out = tmp_path / "fixed"
    code, printed, err = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    assert (code, err) == (0, "")
    assert_untouched(before, folder)
    report = check(out)
    assert located(report) == {("M103", "说明.docx", None)}  # a stray file is not ours to delete
    assert report.passed
    assert (out / "说明.docx").read_bytes() == (folder / "说明.docx").read_bytes()
    assert (out / f"{C}.jpg").exists() and not (out / f"{C}.gif").exists()
    for sku in (A, B, C):
        info = inspect_image(out / f"{sku}.jpg")
        assert (info.format, info.display_size, info.mode, info.orientation) == ("JPEG", (440, 293), "RGB", None)
        assert info.byte_size < 50_000
    assert "800×800 → 440×293 (centre crop)" in printed
    assert "EXIF orientation 6 applied" in printed and "CMYK → RGB" in printed
    assert f"renamed to {C}.jpg" in printed
    assert "D4 京东价: '￥399.00' → 399" in printed


def test_cleaned_sheet_keeps_values_typed_and_other_sheets(tmp_path):
    import openpyxl

    from openpyxl.styles import Font

    folder = bad_folder(tmp_path, extra_sheets={"说明": [["填写说明", "见模板"]]})
    wb = openpyxl.load_workbook(folder / SHEET)
    wb["Sheet1"].column_dimensions["B"].width = 42
    wb["Sheet1"]["B3"].font = Font(bold=True, color="FF0000")
    wb.save(folder / SHEET)
    out = tmp_path / "fixed"
    assert main(["fix", "groupbuy", str(folder), "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out / SHEET)
    assert wb.sheetnames == ["Sheet1", "说明"] and wb["说明"]["B1"].value == "见模板"
    ws = wb["Sheet1"]
    assert (ws["A5"].value, ws["A5"].number_format) == (B, "@")
    assert (ws["D4"].value, ws["E4"].value, ws["F4"].value) == (399, 299, 1000)
    assert ws["I4"].value == dt.datetime(2026, 12, 2, 9, 30)
    assert ws["G5"].value == "冬" and ws["B5"].value == "红蜻蜓 牛皮系带 马丁靴 RQT-2315"
    assert ws.column_dimensions["B"].width == 42 and ws["B3"].font.bold  # formatting kept
    assert ws.merged_cells.ranges  # the merged title row too


def test_gbk_csv_is_cleaned_as_gbk_csv(tmp_path):
    folder = bad_folder(tmp_path, sheet="团购提报.csv", encoding="gbk")
    out = tmp_path / "fixed"
    assert main(["fix", "groupbuy", str(folder), "--out", str(out)]) == 0
    text = (out / "团购提报.csv").read_bytes().decode("gbk")
    assert "￥" not in text and "2026-12-02 09:30" in text
    assert located(check(out)) == {("M103", "说明.docx", None)}


def test_png_named_jpg_under_the_limit_only_gets_its_true_name(tmp_path, capsys):
    folder = groupbuy(tmp_path, files={f"{A}.jpg": flat_png})
    original = (folder / f"{A}.jpg").read_bytes()
    assert len(original) < 50_000
    out = tmp_path / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    assert code == 0 and f"renamed to {A}.png" in printed
    assert (out / f"{A}.png").read_bytes() == original
    assert located(check(out)) == set()


def test_a_screenshot_under_a_false_extension_gets_its_true_name(tmp_path, capsys):
    """款式截图.jpg that is a PNG (QQ and the Snipping Tool save PNG): I005 (SPEC: an error for
    any image), and the fixed copy carries the true extension, the bytes unchanged."""
    folder = groupbuy(tmp_path, files={"款式截图.jpg": lambda p: png(p, (1280, 720))})
    assert ("I005", "款式截图.jpg", None) in located(check(folder))
    out = tmp_path / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    assert code == 0 and "renamed to 款式截图.png" in printed and not (out / "款式截图.jpg").exists()
    assert (out / "款式截图.png").read_bytes() == (folder / "款式截图.jpg").read_bytes()
    assert located(check(out)) == set()


def test_pad_keeps_the_whole_picture(tmp_path):
    from PIL import Image

    folder = groupbuy(tmp_path, files={f"{A}.jpg": lambda p: jpeg(p, (800, 800), quality=95)})
    out = tmp_path / "fixed"
    assert main(["fix", "groupbuy", str(folder), "--out", str(out), "--fit", "pad"]) == 0
    with Image.open(out / f"{A}.jpg") as im:
        assert im.size == (440, 293)
        assert min(im.getpixel((3, 146))) > 245 and min(im.getpixel((436, 146))) > 245  # white side bars
    assert located(check(out)) == set()


def test_unreachable_byte_limit_fails_loudly_per_file(tmp_path, capsys):
    rules = tmp_path / "tiny.yaml"
    rules.write_text("extends: groupbuy\nmaterials: {slot_image: {image: {max_kb: 0.5}}}\n", encoding="utf-8")
    folder = groupbuy(tmp_path)
    out = tmp_path / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--rules", rules, "--lang", "en")
    assert code == 1
    failures = [line for line in printed.splitlines() if "cannot fix" in line]
    assert len(failures) == 2 and all("over the 499-byte limit" in line for line in failures)
    assert (out / f"{A}.jpg").read_bytes() == (folder / f"{A}.jpg").read_bytes()  # copied unchanged


@pytest.mark.parametrize(("lang", "line"), [
    ("zh", f"{A}.jpg: 无法修复：图片无法读取（JPEG 文件缺少结束标记（EOI））（已原样复制）"),
    ("en", f"{A}.jpg: cannot fix: the image cannot be read (JPEG ends without EOI marker) (copied unchanged)"),
])
def test_an_unreadable_picture_is_said_in_the_operators_language(tmp_path, capsys, lang, line):
    """The reader's phrase, as the check's report says it (messages.reader_phrase)."""
    folder = groupbuy(tmp_path, files={f"{A}.jpg": lambda p: truncate(jpeg(p), 2000)})
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", tmp_path / "fixed", "--lang", lang)
    assert code == 1 and line in printed.splitlines()


def test_the_copys_config_still_names_the_logo_and_rules_it_named(tmp_path, capsys):
    """`logo: ../红蜻蜓-logo.png` in the folder's jdcheck.yaml named another file once the copy was
    elsewhere, and checking the copy stopped at exit 2 (newcomer trial): the copy's relative paths
    are changed to reach the same files; the rest of the file stays as written."""
    from PIL import Image

    from jdcheck.rulefile import load_folder_config

    drive = tmp_path / "drive"
    folder = groupbuy(drive)
    logo = Image.new("RGB", (120, 60), "white")
    logo.paste((200, 20, 30), (10, 10, 110, 50))
    logo.save(drive / "红蜻蜓-logo.png")
    (drive / "规则.yaml").write_text("extends: groupbuy\n", encoding="utf-8")
    (folder / "jdcheck.yaml").write_text(
        "type: groupbuy\nrules: '../规则.yaml'\nlogo: ../红蜻蜓-logo.png   # 品牌 logo\ntoday: 2026-11-25\n", encoding="utf-8")
    out = tmp_path / "elsewhere" / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    assert code == 0
    assert "jdcheck.yaml: logo changed to ../../drive/红蜻蜓-logo.png (the copy is elsewhere; it names the same file)" in printed
    copied = load_folder_config(out / "jdcheck.yaml")
    assert (copied.logo_path(), copied.rules_path()) == ((drive / "红蜻蜓-logo.png").resolve(), (drive / "规则.yaml").resolve())
    text = (out / "jdcheck.yaml").read_text(encoding="utf-8")
    assert text.startswith("type: groupbuy\n") and text.splitlines()[2].endswith("   # 品牌 logo")
    assert run(capsys, "groupbuy", out)[0] == 0
    # beside the original, nothing needs changing: the file is copied byte for byte
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", drive / "fixed", "--lang", "en")
    assert (drive / "fixed" / "jdcheck.yaml").read_bytes() == (folder / "jdcheck.yaml").read_bytes()


@pytest.mark.parametrize("named_by", ["jdcheck.yaml", "--logo"])
def test_a_logo_kept_in_the_folder_is_no_slot_image_to_check_or_fix(tmp_path, capsys, named_by):
    """红蜻蜓-logo.png beside the slot images, named by `logo:` or --logo, was checked as a slot
    image (I002 200×80, M104) and `fix` cropped it to 440×293, renamed it .jpg and stamped the
    logo on it (newcomer round 10). It is the brand's logo, not a material of the submission:
    copied as it is when jdcheck.yaml names it, left out when --logo alone does."""
    folder = groupbuy(tmp_path, files={"红蜻蜓-logo.png": lambda p: png(p, (200, 80), mode="RGBA")})
    logo_args = ["--logo", folder / "红蜻蜓-logo.png"] if named_by == "--logo" else []
    if named_by == "jdcheck.yaml":
        (folder / "jdcheck.yaml").write_text("type: groupbuy\nlogo: 红蜻蜓-logo.png\n", encoding="utf-8")
    code, printed, _ = run(capsys, "groupbuy", folder, "--format", "json", "--today", "2026-11-25", *logo_args)
    assert "红蜻蜓-logo.png" not in printed and code == 0
    out = tmp_path / "elsewhere" / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en", *logo_args)
    assert not [line for line in printed.splitlines() if line.startswith("红蜻蜓-logo")]  # nothing done to it
    # copied as it is, and the copy's jdcheck.yaml still names its own (newcomer round 11: it named
    # the original, and the copy put on the shared drive stopped at exit 2)
    assert not (out / "红蜻蜓-logo.jpg").exists()
    if named_by == "jdcheck.yaml":
        assert (out / "红蜻蜓-logo.png").read_bytes() == (folder / "红蜻蜓-logo.png").read_bytes()
        assert (out / "jdcheck.yaml").read_bytes() == (folder / "jdcheck.yaml").read_bytes()
    else:  # named by --logo alone: no part of what is sent
        assert not (out / "红蜻蜓-logo.png").exists()
    assert run(capsys, "groupbuy", out, "--format", "json", "--today", "2026-11-25")[0] == 0


def test_output_inside_the_folder_or_not_empty_is_refused(tmp_path, capsys):
    folder = groupbuy(tmp_path)
    before = snapshot(folder)
    code, _, err = run(capsys, "fix", "groupbuy", folder, "--out", folder / "fixed", "--lang", "en")
    assert code == 2 and "inside the checked folder" in err
    code, _, err = run(capsys, "fix", "groupbuy", folder, "--out", folder)
    assert code == 2
    out = tmp_path / "fixed"
    assert run(capsys, "fix", "groupbuy", folder, "--out", out)[0] == 0
    code, _, err = run(capsys, "fix", "groupbuy", folder, "--out", out)
    assert code == 2 and "--force" in err
    assert run(capsys, "fix", "groupbuy", folder, "--out", out, "--force")[0] == 0
    assert_untouched(before, folder)


@pytest.mark.parametrize("size", [(440, 293), (800, 800)])
def test_encoder_takes_the_highest_quality_under_the_limit(tmp_path, size):
    spec = load_rules("groupbuy").material("slot_image").image.model_copy(update={"width": size[0], "height": size[1]})
    picture = prepare(jpeg(tmp_path / "a.jpg", (1200, 900), quality=95), size, "crop", orientation=None)
    limit = byte_target(spec)
    assert limit == 49_999
    best = encode_under(picture, "JPEG", limit)
    assert len(best.data) <= limit
    if best.quality < 100:
        from jdcheck.fix import _jpeg

        assert len(_jpeg(picture, best.quality + 1, best.subsampling, best.progressive).data) > limit


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparency_is_laid_over_white(mode):
    from PIL import Image

    from jdcheck.fix import to_rgb

    picture = Image.new("RGBA", (4, 4), (255, 0, 0, 0))
    picture.putpixel((0, 0), (255, 0, 0, 255))
    if mode == "LA":
        picture = picture.convert("LA")
    elif mode == "P":
        picture = picture.convert("P")
        picture.info["transparency"] = picture.getpixel((1, 1))
    rgb = to_rgb(picture)
    assert rgb.mode == "RGB" and rgb.getpixel((3, 3)) == (255, 255, 255)
    assert rgb.getpixel((0, 0)) != (255, 255, 255)


def test_a_fixed_name_taken_by_another_file_is_not_overwritten(tmp_path, capsys):
    folder = groupbuy(tmp_path, files={f"{A}.gif": lambda p: gif(p, (440, 293), frames=2)})
    out = tmp_path / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    assert code == 1 and f"{A}.gif: cannot fix: its fixed name {A}.jpg is taken" in printed
    assert (out / f"{A}.jpg").read_bytes() == (folder / f"{A}.jpg").read_bytes()
    assert (out / f"{A}.gif").read_bytes() == (folder / f"{A}.gif").read_bytes()


def test_csv_fix_counts_only_changed_cells_and_keeps_every_field(tmp_path, capsys):
    """A CSV holds text: 399 read as a number is written back as 399, so it is not "cleaned";
    the trailing empty fields Excel writes (`…,普通团,,`) stay, so every record keeps its width."""
    folder = groupbuy(tmp_path, [gb_row(A, jd_price="￥399.00"), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315")],
                      sheet="团购提报.csv")
    path = folder / "团购提报.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\r\n".join(line + ",," for line in lines) + "\r\n", encoding="utf-8", newline="")
    original = path.read_bytes().decode("utf-8").split("\r\n")
    out = tmp_path / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    assert code == 0
    assert "团购提报.csv: 1 cell cleaned" in printed and "D2 京东价: '￥399.00' → 399" in printed
    written = (out / "团购提报.csv").read_bytes().decode("utf-8").split("\r\n")
    assert len(written) == len(original)
    assert [line.count(",") for line in written] == [line.count(",") for line in original]
    assert written[1] == original[1].replace("￥399.00", "399")
    assert written[2] == original[2] and written[0] == original[0]


def test_invisible_characters_inside_cells_are_cleaned(tmp_path, capsys):
    """A zero-width space inside a SKU and a title (pasted from a web page): fix writes the
    visible value, and the fixed folder passes."""
    sku = A[:7] + "\u200b" + A[7:]
    rows = [gb_row(sku, product_link=f"https://item.jd.com/{A}.html"),
            gb_row(B, title="红蜻蜓 牛皮\u200b系带 马丁靴 RQT-2315")]
    folder = groupbuy(tmp_path, rows, files={f"{A}.jpg": lambda p: jpeg(p, (440, 293), kb=40)})
    out = tmp_path / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    assert code == 0
    assert "团购提报.xlsx: 2 cells cleaned" in printed
    assert "A4 SKU编码: '1000120\\u200b43978' → '100012043978'" in printed
    assert "B5 商品名称: '红蜻蜓 牛皮\\u200b系带 马丁靴 RQT-2315' → '红蜻蜓 牛皮系带 马丁靴 RQT-2315'" in printed
    assert located(check(out)) == set()


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_csv_fix_rewrites_only_the_cleaned_field(tmp_path, capsys, encoding):
    """LibreOffice's "quote all text cells" (and Excel's quoting where a field needs it): every
    record fix does not clean stays byte for byte, and in a cleaned one only the cleaned field
    changes, keeping its quotes (it stripped every line's quotes before, newcomer trial)."""
    folder = groupbuy(tmp_path, [gb_row(A, jd_price="￥399.00"), gb_row(B, title='红蜻蜓 "牛皮", 马丁靴 RQT-2315')],
                      sheet="团购提报.csv", sheet_options={"encoding": encoding})
    path = folder / "团购提报.csv"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n").writerows(
        [[int(v) if v.isdigit() and len(v) < 6 else v for v in row] for row in rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    original = path.read_bytes().decode(encoding).split("\r\n")
    out = tmp_path / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    assert code == 0 and "团购提报.csv: 1 cell cleaned" in printed
    written = (out / "团购提报.csv").read_bytes().decode(encoding).split("\r\n")
    changed = [(before, after) for before, after in zip(original, written) if before != after]
    assert len(written) == len(original) and len(changed) == 1
    before, after = changed[0]
    assert after == before.replace('"￥399.00"', '"399"')


def test_a_clean_csv_is_not_cleaned(tmp_path, capsys):
    folder = groupbuy(tmp_path, sheet="团购提报.csv")
    out = tmp_path / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    assert code == 0 and "团购提报.csv: nothing to clean" in printed
    assert (out / "团购提报.csv").read_bytes() == (folder / "团购提报.csv").read_bytes()


@pytest.mark.parametrize(("fit", "size", "noted"), [
    ("crop", (440, 293), "2.7"),  # 800×800 from 440×293: the height decides
    ("pad", (440, 293), "1.8"),
    ("crop", (1000, 1000), None),  # made smaller: nothing to say
])
def test_fix_says_when_it_enlarges_a_picture(tmp_path, capsys, fit, size, noted):
    from tests.type_folders import platform

    folder = platform(tmp_path, files={f"{A}.jpg": lambda p: jpeg(p, size, kb=40)})
    code, printed, _ = run(capsys, "fix", "platform", folder, "--out", tmp_path / "fixed", "--fit", fit, "--lang", "en")
    assert code == 0
    line = next(line for line in printed.splitlines() if line.startswith(f"{A}.jpg"))
    assert ("enlarged" in line) == (noted is not None)
    if noted:
        assert f"enlarged {noted} times" in line


def _formula_folder(tmp_path, saved_by_libreoffice: bool):
    """团购价 as formulas (=D4*0.8; row 5's reads ' 399', a cell fix cleans) and a messy 库存, so
    fix writes a copy; saved by LibreOffice the formulas carry their results, as Excel's and WPS's do."""
    from tests.builders import libreoffice

    folder = groupbuy(tmp_path, [gb_row(A, group_price="=D4*0.8", stock="1000件"),
                                 gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", jd_price=" 399", group_price="=D5*0.8")])
    if saved_by_libreoffice:
        libreoffice(folder / SHEET, folder / SHEET)
    return folder


@pytest.mark.parametrize(("saved_by_libreoffice", "results", "remaining"), [
    # the results Calc saved are kept with the formulas: the copy has no S012 the source lacked
    pytest.param(True, [319.2, 319.2], set(), marks=pytest.mark.skipif(not has_libreoffice(), reason="no soffice")),
    # formulas never computed (written by a program) stay without a result: S012, as in the source
    (False, [None, None], {("S012", SHEET, 4), ("S012", SHEET, 5)}),
])
def test_formulas_keep_the_results_saved_with_them(tmp_path, capsys, saved_by_libreoffice, results, remaining):
    import openpyxl

    from jdcheck.sheets import read_workbook

    folder = _formula_folder(tmp_path, saved_by_libreoffice)
    assert {code for code, _, _ in located(check(folder))} == {"S009"} | {code for code, _, _ in remaining}
    out = tmp_path / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    assert code == 0 and "F4 库存: '1000件' → 1000" in printed and "D5 京东价: ' 399' → 399" in printed
    assert located(check(out)) == remaining
    sheet = read_workbook(out / SHEET).sheets[0]
    assert [sheet.rows[row][4].value for row in (3, 4)] == results
    ws = openpyxl.load_workbook(out / SHEET)["Sheet1"]
    assert (ws["E4"].value, ws["E5"].value) == ("=D4*0.8", "=D5*0.8")  # still formulas
    # E5 reads the cleaned D5: its result is from before cleaning, and fix says so
    said = "  1 formula reads cleaned cells (E5): the result saved before is kept"
    assert (said in printed) == saved_by_libreoffice


def _encrypted_sheet(folder, corpus):
    import shutil

    (folder / SHEET).unlink()
    shutil.copyfile(corpus / "sheets" / "tafia+calamine" / "tests" / "pass_protected.xlsx", folder / SHEET)


def _as_xls(folder, annotated: bool, tmp_path):
    """The sheet saved as .xls by LibreOffice: as it is, or jdcheck's annotated copy of it."""
    from tests.builders import libreoffice

    source = folder / SHEET
    if annotated:
        main(["groupbuy", str(folder), "--annotate", str(tmp_path / "annotated")])
        source = tmp_path / "annotated" / SHEET
    libreoffice(source, folder / "团购提报.xls")
    (folder / SHEET).unlink()


needs_soffice = pytest.mark.skipif(not has_libreoffice(), reason="no soffice")


@pytest.mark.parametrize(("make", "name", "code", "said"), [
    pytest.param(lambda folder, tmp_path, corpus: _encrypted_sheet(folder, corpus), SHEET, 1,
                 f"{SHEET}: cannot fix: the spreadsheet cannot be read (password-protected", id="encrypted"),
    pytest.param(lambda folder, tmp_path, corpus: _as_xls(folder, True, tmp_path), "团购提报.xls", 1,
                 "团购提报.xls: cannot fix: legacy .xls cannot be written back safely; save it as .xlsx (copied unchanged)",
                 id="annotated-xls", marks=needs_soffice),
    pytest.param(lambda folder, tmp_path, corpus: _as_xls(folder, False, tmp_path), "团购提报.xls", 0,
                 "团购提报.xls: nothing to clean", id="clean-xls", marks=needs_soffice),
])
def test_a_sheet_fix_cannot_touch_is_counted_as_not_fixed(tmp_path, capsys, corpus, make, name, code, said):
    """A sheet fix could not read, or could not write back while it needs cleaning (an annotated
    copy saved as .xls still fails M107), is a file that could not be fixed: said, exit 1."""
    folder = groupbuy(tmp_path)
    make(folder, tmp_path, corpus)
    capsys.readouterr()
    out = tmp_path / "fixed"
    result, printed, err = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    assert (result, err) == (code, "") and said in printed
    assert f"0 files fixed, {code} could not be fixed" in printed
    assert (out / name).read_bytes() == (folder / name).read_bytes()


def test_pillow_warnings_do_not_reach_the_operator(tmp_path, capsys, recwarn):
    """A malformed MPO from a camera: Pillow warns while opening it; fix, like the check, keeps
    that library noise off the terminal and fixes the picture."""
    from tests.image_builders import malformed_mpo

    folder = groupbuy(tmp_path, files={f"{A}.jpg": malformed_mpo})
    code, printed, err = run(capsys, "fix", "groupbuy", folder, "--out", tmp_path / "fixed", "--lang", "en")
    assert (code, err) == (0, "") and f"{A}.jpg: 640×480 → 440×293 (centre crop)" in printed
    assert [str(w.message) for w in recwarn if "PIL" in w.filename] == []


@pytest.mark.parametrize(("rows", "said"), [
    # everything wrong is what fix repairs: nothing more to say
    ([gb_row(A, jd_price="￥399.00"), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315")], None),
    # formulas never computed (S012): fix cannot compute them
    ([gb_row(A, group_price="=D4*0.8", stock="1000件"), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", group_price="=D5*0.8")],
     "the copy passes, with 2 warnings that fix does not repair (S012 ×2)"),
    # a 合计 row (S014) stays the operator's to delete
    ([gb_row(A, stock="1000件"), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315"), {"sku": "合计", "stock": 2000}],
     "the copy still fails: 1 error and 0 warnings that fix does not repair (S014)"),
])
def test_fix_says_what_it_left_for_the_operator(tmp_path, capsys, rows, said):
    """After writing, fix checks its copy (picture checks aside) and says what is still wrong; the
    exit code stays that of the fixing (1 only for a file it could not fix)."""
    folder = groupbuy(tmp_path, rows)
    out = tmp_path / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    lines = printed.splitlines()
    assert code == 0 and lines[-1].endswith(f"Check again: jdcheck groupbuy {out}")
    assert [line for line in lines if "that fix does not repair" in line] == ([said] if said else [])


@pytest.mark.parametrize(("make", "said", "fixed_codes"), [
    (lambda p: jpeg(p, (750, 1000), mode="CMYK"), "款式截图.jpg: CMYK → RGB; ", {"I006"}),
    (lambda p: jpeg(p, (1000, 750), orientation=6), "款式截图.jpg: EXIF orientation 6 applied; ", {"I007"}),
    (lambda p: jpeg(p, (1000, 750), mode="CMYK", orientation=8), "款式截图.jpg: EXIF orientation 8 applied; CMYK → RGB; ",
     {"I006", "I007"}),
])
def test_a_screenshot_gets_rgb_and_its_orientation_at_its_own_size(tmp_path, capsys, make, said, fixed_codes):
    """A screenshot has no slot size or byte limit: fix turns it upright and RGB (near-lossless
    JPEG) and keeps its displayed size and name, so the copy shows none of I005–I007."""
    folder = groupbuy(tmp_path, files={"款式截图.jpg": make})
    assert {code for code, _, _ in located(check(folder))} == fixed_codes
    shown = inspect_image(folder / "款式截图.jpg").display_size
    out = tmp_path / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--lang", "en")
    assert code == 0 and said in printed
    assert located(check(out)) == set()
    info = inspect_image(out / "款式截图.jpg")
    assert (info.format, info.mode, info.orientation, info.display_size) == ("JPEG", "RGB", None, shown)


@pytest.mark.parametrize(("fit", "size", "refused"), [
    ("crop", (1, 1), "the picture is 1×1: enlarging it to 440×293 takes 440.0 times (over 4)"),
    ("crop", (100, 66), "the picture is 100×66: enlarging it to 440×293 takes 4.4 times (over 4)"),
    ("crop", (110, 74), None),  # 4.0 times: the limit itself is still fixed (and said to look soft)
    ("crop", (109, 73), "the picture is 109×73: enlarging it to 440×293 takes 4.04 times (over 4)"),  # not "4.0 (over 4)"
    ("crop", (100, 180), "the picture is 100×180: enlarging it to 440×293 takes 4.4 times (over 4)"),
    ("pad", (100, 180), None),  # pad fits the picture inside: 1.6 times
])
def test_a_picture_far_too_small_for_the_slot_is_not_blown_up(tmp_path, capsys, fit, size, refused):
    """Enlarging more than 4 times is refused: the copy would pass and show the manager a blur."""
    folder = groupbuy(tmp_path, files={f"{A}.jpg": lambda p: jpeg(p, size)})
    out = tmp_path / "fixed"
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--fit", fit, "--lang", "en")
    line = next(line for line in printed.splitlines() if line.startswith(f"{A}.jpg"))
    assert code == (1 if refused else 0)
    if refused:
        assert line == f"{A}.jpg: cannot fix: {refused} and would show a blur; a larger original is needed (copied unchanged)"
        assert (out / f"{A}.jpg").read_bytes() == (folder / f"{A}.jpg").read_bytes()
    else:
        assert "→ 440×293" in line and "enlarged" in line


def test_force_names_the_files_an_earlier_run_left_in_the_output(tmp_path, capsys):
    """--force writes over an earlier copy; a file that run wrote and this one does not (the
    source was renamed since) is left, as the folder is the operator's, but named."""
    folder = groupbuy(tmp_path)
    out = tmp_path / "fixed"
    assert run(capsys, "fix", "groupbuy", folder, "--out", out)[0] == 0
    (folder / f"{A}.jpg").rename(folder / f"{A}_new.jpg")
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", out, "--force", "--lang", "en")
    assert code == 0 and (out / f"{A}.jpg").exists()
    assert f"the output folder also holds 1 file this run did not write ({A}.jpg);" in printed
    code, printed, _ = run(capsys, "fix", "groupbuy", folder, "--out", tmp_path / "fresh", "--lang", "en")
    assert "this run did not write" not in printed


@pytest.mark.parametrize(("formula", "own", "reads"), [
    ("D4*0.8", "Sheet1", True),
    ("D5*0.8", "Sheet1", False),
    ("SUM($D$3:$D$10)", "Sheet1", True),
    ("SUM(D:D)", "Sheet1", True),
    ("SUM(4:4)", "Sheet1", True),
    ("Sheet1!D4*2", "说明", True),  # another sheet reading the data sheet
    ("D4*2", "说明", False),  # its own D4
    ("'其他 表'!D4", "Sheet1", False),
    ("[1]Sheet1!D4", "Sheet1", False),  # another workbook
    ('INDIRECT("D4")', "Sheet1", True),  # cannot be followed
    ("单价*0.8", "Sheet1", True),  # a defined name: cannot be followed
])
def test_which_formulas_may_read_a_cleaned_cell(formula, own, reads):
    from jdcheck.fix import _may_read

    assert _may_read(formula, own, "Sheet1", {(4, 4)}) == reads


def _far_cell(folder, by_libreoffice: bool):
    """An `x` at XFD1048576, the last cell of a sheet (a stray key press after Ctrl+End), in the
    folder's sheet as openpyxl writes it or as LibreOffice saves it."""
    import openpyxl

    from tests.builders import libreoffice

    wb = openpyxl.load_workbook(folder / SHEET)
    wb.worksheets[0]["XFD1048576"] = "x"
    wb.save(folder / SHEET)
    if by_libreoffice:
        libreoffice(folder / SHEET, folder / SHEET)


@pytest.mark.parametrize("by_libreoffice", [
    False,
    pytest.param(True, marks=pytest.mark.skipif(not has_libreoffice(), reason="no soffice")),
])
def test_a_far_cell_is_fixed_in_bounded_memory_and_time(tmp_path, by_libreoffice):
    """fix walked the sheet's whole bounding box (17 billion cells) and ran out of memory; it now
    visits the cells the sheet holds: under 1 GB of address space and 60 s, the copy keeps the `x`."""
    import os
    import resource
    import subprocess
    import sys

    import openpyxl

    folder = groupbuy(tmp_path, [gb_row(A, stock="1000件")])
    _far_cell(folder, by_libreoffice)
    out = tmp_path / "fixed"

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run([sys.executable, "-m", "jdcheck", "fix", "groupbuy", str(folder), "-o", str(out), "--lang", "en"],
                          capture_output=True, text=True, timeout=60, preexec_fn=limit,
                          env={**os.environ, "JDCHECK_VISION": "off"})
    assert (done.returncode, done.stderr) == (0, "")
    assert "  F4 库存: '1000件' → 1000" in done.stdout.splitlines()
    ws = openpyxl.load_workbook(out / SHEET).worksheets[0]
    assert (ws["F4"].value, ws["XFD1048576"].value) == (1000, "x")


def test_a_fix_that_fails_half_way_leaves_no_out(tmp_path, capsys, monkeypatch):
    """The pictures are copied before the sheet: a crash on the sheet left OUT with some of them."""
    import jdcheck.fix

    def crash(material, target):
        raise RuntimeError("boom")

    monkeypatch.setattr(jdcheck.fix, "clean_sheet", crash)
    folder = groupbuy(tmp_path, [gb_row(A, stock="1000件")])
    out = tmp_path / "fixed"
    code, printed, err = run(capsys, "fix", "groupbuy", folder, "-o", out, "--lang", "en")
    assert (code, printed) == (2, "")
    assert err.strip().endswith("internal error (a bug in jdcheck, please report it): RuntimeError: boom; "
                                "run with --debug for the traceback")
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # no OUT, no staging folder
    with pytest.raises(RuntimeError, match="boom"):  # --debug: fix has it, as the line says
        main(["fix", "groupbuy", str(folder), "-o", str(out), "--debug"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]


def test_a_fix_that_fails_over_an_earlier_copy_leaves_it_as_it_was(tmp_path, capsys, monkeypatch):
    import jdcheck.fix

    folder = groupbuy(tmp_path, [gb_row(A, stock="1000件")])
    out = tmp_path / "fixed"
    assert run(capsys, "fix", "groupbuy", folder, "-o", out)[0] == 0
    (out / "旧的.txt").write_text("an earlier run's", encoding="utf-8")
    before = snapshot(out)
    monkeypatch.setattr(jdcheck.fix, "clean_sheet", lambda material, target: 1 / 0)
    assert run(capsys, "fix", "groupbuy", folder, "-o", out, "--force")[0] == 2
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([folder.name, out.name])


def test_fix_copies_only_the_files_the_check_sees(tmp_path, capsys):
    """Lock files, Thumbs.db, desktop.ini, .DS_Store, hidden files and folders and __MACOSX (SPEC
    §2) are not part of the submission: the copy has none of them (fix copied them)."""
    folder = groupbuy(tmp_path, [gb_row(A, stock="1000件")], files={
        ".~lock.团购提报.xlsx#": b"", "~$团购提报.xlsx": b"x", "Thumbs.db": b"x", "desktop.ini": "[.ShellClassInfo]",
        ".DS_Store": b"x", ".git/config": "x", "__MACOSX/._a.jpg": b"x", "说明/Thumbs.db": b"x", "说明/说明.txt": "x",
    })
    seen = sorted(material.rel for material in scan(folder, load_rules("groupbuy")).materials
                  + scan(folder, load_rules("groupbuy")).strays)
    out = tmp_path / "fixed"
    assert run(capsys, "fix", "groupbuy", folder, "-o", out)[0] == 0
    copied = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert copied == seen == sorted([SHEET, f"{A}.jpg", "促销截图.jpg", "款式截图.jpg", "说明/说明.txt"])
