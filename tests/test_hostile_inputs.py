"""Every format, broken every way, through the whole CLI: never a traceback, exit 0/1/2 only,
one valid JSON document, the broken file reported (I001/S001), its other checks skipped, the
folder untouched. Seeds are real files from tests/corpus (made by other programs) where the
corpus has one, else files built by tests/…_builders."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from jdcheck.emails import EmailReadError, read_email
from jdcheck.htmlpage import HtmlReadError, read_html_anchors
from tests import eml_builders
from tests.folders import SKUS, groupbuy
from tests.hostile import MUTATIONS, assert_untouched, cli, snapshot

SLOT = f"{SKUS[0]}"
IMAGES = ("jpeg", "png", "gif", "webp", "bmp")
SHEETS = ("xlsx", "xlsm", "xls", "csv")
EXTENSION = {"jpeg": ".jpg", "png": ".png", "gif": ".gif", "webp": ".webp", "bmp": ".bmp", "xlsx": ".xlsx",
             "xlsm": ".xlsm", "xls": ".xls", "csv": ".csv", "eml": ".eml", "html": ".html"}
FORMATS = tuple(EXTENSION)

CORPUS_SEEDS = {
    "jpeg": "images/hopper.jpg",
    "png": "images/hopper.png",
    "gif": "images/hopper.gif",
    "webp": "images/hopper.webp",
    "bmp": "images/wrong_ext/bmp_named_as.png",  # a real BMP (from Pillow's suite) named .png
    "xlsx": "sheets/libreoffice_generated/zh_utf8.xlsx",
    "xlsm": "sheets/tafia+calamine/tests/vba.xlsm",
    "xls": "sheets/libreoffice_generated/zh_utf8.xls",
    "csv": "sheets/csv_matplotlib/msft.csv",
}


def seed(corpus: Path, fmt: str) -> bytes:
    if fmt in CORPUS_SEEDS:
        return (corpus / CORPUS_SEEDS[fmt]).read_bytes()
    if fmt == "eml":
        png = eml_builders.File("款式截图.png", eml_builders.tiny_png())
        return eml_builders.outlook("团购提报 红蜻蜓", plain="SKU 100012043978 团购价 299",
                                    html="<p>SKU 100012043978</p>", attachments=(png,))
    return ('<html><head><meta charset="gbk"></head><body>'
            '<a href="https://item.jd.com/100012043978.html" target="_blank">雪地靴</a></body></html>').encode("gbk")


def place(tmp_path: Path, fmt: str, data: bytes, ext: str | None = None) -> tuple[Path, str]:
    """A valid group-buy folder whose slot image / spreadsheet is replaced by `data`."""
    ext = ext or EXTENSION[fmt]
    if ext in (".xlsx", ".xlsm", ".xls", ".csv"):
        name = "团购提报" + ext
        folder = groupbuy(tmp_path, sheet=None, files={name: data})
    elif ext in (".jpg", ".png", ".gif", ".webp", ".bmp"):
        name = SLOT + ext
        folder = groupbuy(tmp_path, files={f"{SLOT}.jpg": None, name: data})
    else:
        name = ("邮件草稿" if ext == ".eml" else "店铺装修") + ext
        folder = groupbuy(tmp_path, files={name: data})
    return folder, name


def run_json(folder: Path):
    before = snapshot(folder)
    result = cli("groupbuy", folder, "--format", "json", "--lang", "en", "--today", "2026-11-25")
    assert_untouched(before, folder)
    assert result.code in (0, 1)
    return result


# A mutation that certainly leaves the file unreadable, per format family; the others (bit flips,
# a chopped tail of a CSV…) may leave a readable file, and then only the contract is asserted.
CERTAINLY_BROKEN = {
    **{fmt: {"zero_byte", "truncated", "random_bytes", "header_then_garbage", "tail_chopped"} for fmt in IMAGES},
    # Neither VP8 lossy data nor BMP's raw pixel rows have a checksum: noise of the right length
    # after a valid header decodes to a noisy picture, in Pillow as in every browser, so it is
    # "readable" (and then judged: I002, I005…).
    "webp": {"zero_byte", "truncated", "random_bytes", "tail_chopped"},
    "bmp": {"zero_byte", "truncated", "random_bytes", "tail_chopped"},
    "xlsx": {"zero_byte", "truncated", "random_bytes", "header_then_garbage", "tail_chopped"},
    "xlsm": {"zero_byte", "truncated", "random_bytes", "header_then_garbage", "tail_chopped"},
    "xls": {"zero_byte", "truncated", "random_bytes", "header_then_garbage"},
    "csv": {"zero_byte", "random_bytes"},
}


@pytest.mark.parametrize("mutation", MUTATIONS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_broken_file_is_a_finding_never_a_crash(tmp_path, corpus, fmt, mutation):
    rng = random.Random(f"{fmt}-{mutation}")
    data = MUTATIONS[mutation](seed(corpus, fmt), rng)
    folder, name = place(tmp_path, fmt, data)
    result = run_json(folder)
    codes = result.codes(name)
    if fmt in IMAGES:
        gate = "I001"
    elif fmt in SHEETS:
        gate = "S001"
    else:  # .eml/.html are no material of a group-buy submission: a stray file, never opened
        assert codes == {"M103"}
        return
    if mutation in CERTAINLY_BROKEN[fmt]:
        assert gate in codes, result.document["findings"]
    if gate in codes:  # unreadable: that file's other checks are skipped
        assert codes - {gate, "M103", "I005", "M104", "M105"} == set(), codes


@pytest.mark.parametrize("fmt", FORMATS)
def test_wrong_extension(tmp_path, corpus, fmt):
    """The bytes of one format under every other format's extension."""
    data = seed(corpus, fmt)
    for other in FORMATS:
        if other == fmt:
            continue
        folder, name = place(tmp_path / other, fmt, data, EXTENSION[other])
        codes = run_json(folder).codes(name)
        if other in IMAGES:
            # A readable image of another format is I005 (extension lies); anything else is I001.
            assert codes & {"I001", "I005"}, (fmt, other, codes)
        elif other in SHEETS and fmt not in SHEETS:
            assert "S001" in codes or other == "csv", (fmt, other, codes)


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_email_reader_only_raises_its_own_error(tmp_path, mutation):
    """E001's reader (the channel type's checks come with that type): broken mails give
    EmailReadError or a parsed mail, never another exception."""
    for index, data in enumerate((eml_builders.many_parts(50), eml_builders.nested(20), seed(Path(), "eml"))):
        path = tmp_path / f"{index}.eml"
        path.write_bytes(MUTATIONS[mutation](data, random.Random(index)))
        try:
            read_email(path)
        except EmailReadError:
            pass


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_html_reader_only_raises_its_own_error(tmp_path, mutation):
    path = tmp_path / "店铺装修.html"
    path.write_bytes(MUTATIONS[mutation](seed(Path(), "html") * 20, random.Random(mutation)))
    try:
        read_html_anchors(path)
    except HtmlReadError:
        pass


def test_every_corpus_image_in_one_folder(tmp_path, corpus):
    """All of Pillow's broken and odd images at once as slot images: one finding list, and every
    file the manifest calls unopenable gets I001."""
    folder = groupbuy(tmp_path, files={f"{SLOT}.jpg": None})
    expected_unreadable = set()
    header, *rows = (corpus / "images/MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(rows):
        fields = dict(zip(header.split("\t"), line.split("\t")))
        source = corpus / "images" / fields["path"]
        if not source.is_file():
            continue
        name = f"{SLOT}_{number:03d}{source.suffix.lower() if source.suffix.lower() in EXTENSION.values() else '.jpg'}"
        shutil.copyfile(source, folder / name)
        if fields.get("open") not in ("ok", None, ""):
            expected_unreadable.add(name)
    result = run_json(folder)
    by_file: dict[str, set[str]] = {}
    for finding in result.document["findings"]:
        by_file.setdefault(finding["file"], set()).add(finding["code"])
    missed = {name for name in expected_unreadable if "I001" not in by_file.get(name, set())}
    assert not missed


def test_every_corpus_spreadsheet_in_one_folder(tmp_path, corpus):
    """All corpus workbooks at once: each is read or gets S001; encrypted ones say so."""
    folder = groupbuy(tmp_path, sheet=None)
    sheets = sorted(p for p in (corpus / "sheets").rglob("*") if p.is_file() and p.name != "MANIFEST.tsv")
    names = {}
    for number, source in enumerate(sheets):
        ext = source.suffix.lower() if source.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".csv") else ".xlsx"
        name = f"团购提报_{number:03d}{ext}"
        shutil.copyfile(source, folder / name)
        names[name] = source
    result = run_json(folder)
    assert "M102" in result.codes()  # many spreadsheets: which one is meant?
    assert "X001" not in result.codes()
    encrypted = {name for name, source in names.items() if "password" in source.name.lower() and "plain" not in source.name
                 or source.name in ("issue_385.xls", "encryptAES.xlsx", "encryptSHA512.xlsx")}
    messages = {f["file"]: f["message"] for f in result.document["findings"] if f["code"] == "S001"}
    assert encrypted and all("password-protected" in messages.get(name, "") for name in encrypted), {
        n: messages.get(n) for n in encrypted}


ENCRYPTED = [
    "sheets/nolze+msoffcrypto-tool/tests/inputs/example_password.xlsx",  # OOXML in CFB, Agile
    "sheets/qax-os+excelize/test/encryptAES.xlsx",  # Standard encryption (AES)
    "sheets/qax-os+excelize/test/encryptSHA512.xlsx",  # Agile, SHA-512
    "sheets/tafia+calamine/tests/pass_protected.xlsx",
    "sheets/nolze+msoffcrypto-tool/tests/inputs/rc4cryptoapi_password.xls",  # BIFF8 RC4 CryptoAPI
    "sheets/nolze+msoffcrypto-tool/tests/inputs/xor_password_123456789012345.xls",  # BIFF8 XOR
    "sheets/tafia+calamine/tests/issue_385.xls",  # Excel for Mac, FILEPASS
]


@pytest.mark.parametrize("source", ENCRYPTED, ids=lambda s: s.rsplit("/", 1)[1])
@pytest.mark.parametrize("extension", [None, ".xlsx", ".xls"])
def test_password_protected_workbooks(tmp_path, corpus, source, extension):
    """Whatever the extension says, an encrypted workbook is S001 "password-protected" with the
    fix "remove the password", in both languages, and nothing else is reported on it."""
    name = "团购提报" + (extension or "." + source.rsplit(".", 1)[1])
    folder = groupbuy(tmp_path, sheet=None, files={name: (corpus / source).read_bytes()})
    for lang, said, fix in (("en", "password-protected", "Remove the password"), ("zh", "密码", "密码")):
        before = snapshot(folder)
        result = cli("groupbuy", folder, "--format", "json", "--lang", lang)
        assert_untouched(before, folder)
        found = [f for f in result.document["findings"] if f["file"] == name]
        assert [f["code"] for f in found] == ["S001"]
        assert said in found[0]["message"] and fix in found[0]["fix"], found[0]
