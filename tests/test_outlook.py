"""outlook.py: Outlook .msg files and winmail.dat (TNEF), read into the same Email record as .eml.

The .msg files are real ones saved by Outlook (tests/corpus/mail, sources in SOURCES.md): a Chinese
mail whose body is a Word table kept only inside the RTF body, pictures pasted inline, a 32×32
inline icon, a mail attached to a mail. No library writes .msg, so none is built here; the E
checks on the Outlook HTML layout are tested on .eml in tests/checks/test_channel_codes.py.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from jdcheck.emails import EmailReadError, read_email
from tests import eml_builders as eml
from tests.folders import check
from tests.hostile import MUTATIONS, cli
from tests.type_folders import channel

BBOTTEMA = "mail/bbottema+outlook-message-parser/src/test/resources/test-messages"
CHINESE_TABLE = f"{BBOTTEMA}/chinese message.msg"
EMBEDDED = f"{BBOTTEMA}/embedded image.msg"
ICON_ONLY = f"{BBOTTEMA}/HTML mail with replyto and attachment and embedded image.msg"
NESTED = f"{BBOTTEMA}/nested simple mail.msg"
MSG_FILES = [CHINESE_TABLE, EMBEDDED, ICON_ONLY, NESTED, "mail/TeamMsgExtractor+msg-extractor/unicode.msg",
             "mail/TeamMsgExtractor+msg-extractor/strangeDate.msg", "mail/SpamScope+mail-parser/mail_outlook_1"]


def _summary(mail) -> list[tuple]:
    return [(a.filename, a.content_type, a.is_image, a.inline, a.pixel_size) for a in mail.attachments]


# (file, subject, a passage of the text as shown, attachments)
MSGS = [
    # The HTML exists only encapsulated in the RTF body; the table comes out one row a line.
    (CHINESE_TABLE, "", "房型\t时间段\n迷你房\t全天\n大床房\t9:00-12:00", []),
    (EMBEDDED, "email test", "This should pass into the kayako",
     [("image001.png", "image/png", True, True, (163, 40))]),
    (ICON_ONLY, "hey", "We should meet up!",
     [("thumbsup", "image/png", True, True, (32, 32)), ("dresscode.txt", "text/plain", False, False, None),
      ("location.txt", "text/plain", False, False, None)]),
    (NESTED, "outlookmsg2html Testmail", "Mail in mail.",
     [("outlookmsg2html Testmail", "application/vnd.ms-outlook", False, False, None)]),
    ("mail/TeamMsgExtractor+msg-extractor/unicode.msg", "Test for TIF files", "experiment with the MS Outlook MSG Extractor",
     [("import OleFileIO.tif", "image/tiff", True, False, (1920, 1080)),
      ("raised value error.tif", "image/tiff", True, False, (1920, 1080))]),
    # RTF only: extract-msg de-encapsulates the HTML from it.
    ("mail/TeamMsgExtractor+msg-extractor/strangeDate.msg", "MSG Test File", "Purpose: Provide example of this file type", []),
    # An Outlook .msg saved without an extension: told from a MIME mail by its content.
    ("mail/SpamScope+mail-parser/mail_outlook_1", "Newsletter Prüfung Personalwesen / Prüfung Eröffnungsbilanz",
     "Wenn Sie diesen Newsletter nicht lesen können",
     [("newsletter.png", "image/png", True, True, (450, 270)), ("spacer.gif", "image/gif", True, True, (400, 1)),
      ("image004.jpg", "image/jpeg", True, True, (21, 21)), ("image006.jpg", "image/jpeg", True, True, (21, 21)),
      ("image008.jpg", "image/jpeg", True, True, (27, 25))]),
]


@pytest.mark.parametrize(("name", "subject", "passage", "attachments"), MSGS, ids=[Path(m[0]).name for m in MSGS])
def test_real_outlook_msg(corpus, name, subject, passage, attachments):
    mail = read_email(corpus / name)
    assert mail.subject == subject
    assert passage in mail.text
    assert _summary(mail) == attachments


def test_msg_sender_and_recipients(corpus):
    mail = read_email(corpus / "mail/TeamMsgExtractor+msg-extractor/unicode.msg")
    assert mail.sender == "Brian Zhou <brizhou@gmail.com>"
    assert "brianzhou@me.com" in " ".join(mail.recipients)


def _damaged(data: bytes, how: str) -> bytes:
    rnd = random.Random(how)
    if how.startswith("cut"):
        return data[: int(len(data) * float(how[3:]))]
    flipped = bytearray(data)
    for _ in range(int(how[4:])):
        flipped[rnd.randrange(512, len(flipped))] ^= 1 << rnd.randrange(8)
    return bytes(flipped)


# Damaged copies of a real .msg: read as far as they can be, or E001 with the reason.
DAMAGE = ["cut0.1", "cut0.5", "cut0.9", "cut0.99", "flip1", "flip20", "flip500"]


@pytest.mark.parametrize("how", DAMAGE)
@pytest.mark.parametrize("name", MSG_FILES, ids=[Path(n).name for n in MSG_FILES])
def test_damaged_msg_is_a_mail_or_a_read_error(corpus, tmp_path, name, how):
    path = tmp_path / "提报邮件.msg"
    path.write_bytes(_damaged((corpus / name).read_bytes(), how))
    try:
        mail = read_email(path)
    except EmailReadError as exc:
        assert exc.reason in ("corrupt", "truncated", "not_a_mail_item"), exc.detail
    else:
        assert isinstance(mail.text, str)


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_hostile_mutations_of_a_msg(corpus, tmp_path, mutation):
    path = tmp_path / "提报邮件.msg"
    path.write_bytes(MUTATIONS[mutation]((corpus / EMBEDDED).read_bytes(), random.Random(mutation)))
    try:
        read_email(path)
    except EmailReadError:
        pass


def test_truncated_msg_reason(corpus, tmp_path):
    path = tmp_path / "提报邮件.msg"
    path.write_bytes((corpus / EMBEDDED).read_bytes()[:20_000])
    with pytest.raises(EmailReadError, match=r"^OleFileError: ") as info:
        read_email(path)
    assert info.value.reason == "corrupt"


def test_an_ole_file_that_is_no_mail(corpus, tmp_path):
    """A Word/Excel 97 file saved as .msg: an OLE file, not an Outlook item."""
    source = corpus / "sheets/python-excel+xlrd/tests/samples/Formate.xls"
    path = tmp_path / "提报邮件.msg"
    shutil.copyfile(source, path)
    with pytest.raises(EmailReadError) as info:
        read_email(path)
    assert info.value.reason in ("not_a_mail_item", "corrupt"), info.value.detail


# ---------------------------------------------------------------------------------------------
# winmail.dat inside an .eml


def _with_winmail(tnef: bytes, *, plain: str = "附件见 winmail.dat") -> bytes:
    return eml.outlook("二三级资源 RTF", plain=plain, html="",
                       attachments=(eml.File("winmail.dat", tnef, "application/ms-tnef"),))


TNEFS = [
    ("two-files.tnef", [("AUTHORS", False, None), ("README", False, None)]),
    # Two signature logos (100×66 and 38×25): pictures, but not screenshots (E002).
    ("umlaut.tnef", [("TBZ PARIV GmbH.jpg", True, (100, 66)), ("image003.jpg", True, (38, 25)),
                     ("UmlautAnhang-äüö.txt", False, None)]),
    ("long-filename.tnef", [("allproductsmar2000.dat", False, None)]),
    ("bad_checksum.tnef", [("image001.png", True, (1397, 786))]),
]


@pytest.mark.parametrize(("name", "inside"), TNEFS, ids=[t[0] for t in TNEFS])
def test_winmail_dat_attachments_are_read(corpus, tmp_path, name, inside):
    data = (corpus / "mail/koodaamo+tnefparse" / name).read_bytes()
    mail = read_email(eml.write(tmp_path, "提报邮件.eml", _with_winmail(data)))
    assert [(a.filename, a.is_image, a.pixel_size) for a in mail.attachments] == inside


def test_unreadable_winmail_dat_stays_an_attachment(tmp_path):
    mail = read_email(eml.write(tmp_path, "提报邮件.eml", _with_winmail(b"\x78\x9f\x3e\x22" + bytes(40))))
    assert [(a.filename, a.content_type) for a in mail.attachments] == [("winmail.dat", "application/ms-tnef")]


def test_screenshot_inside_winmail_dat_passes_E002(corpus, tmp_path):
    from tests.type_folders import MAIL

    data = (corpus / "mail/koodaamo+tnefparse/bad_checksum.tnef").read_bytes()
    folder = channel(tmp_path, mail=_with_winmail(data))
    assert "E002" not in {f.code for f in check(folder, "channel").findings if f.file == MAIL}


# ---------------------------------------------------------------------------------------------
# The command an operator runs on a folder with an Outlook .msg


def _msg_folder(tmp_path: Path, msg: bytes) -> Path:
    folder = channel(tmp_path)
    (folder / "提报邮件.eml").unlink()
    (folder / "提报邮件.msg").write_bytes(msg)
    return folder


def test_cli_reads_the_msg_as_the_email(corpus, tmp_path):
    folder = _msg_folder(tmp_path, (corpus / EMBEDDED).read_bytes())
    result = cli("check", folder, "--type", "channel", "--format", "json", "--today", "2026-11-27")
    findings = {(f["code"], f["file"]) for f in result.document["findings"]}
    # Read as the email: neither "no email" (M101) nor "move it out" (M103). This mail is not a
    # submission: its only picture is a 163×40 signature logo (E002), it names no SKU (E003 for
    # each row) and its subject is off-pattern (E004).
    assert findings == {("E002", "提报邮件.msg"), ("E003", "提报邮件.msg"), ("E004", "提报邮件.msg")}
    assert result.code == 1


def test_cli_signature_icon_only_msg_is_E002(corpus, tmp_path):
    folder = _msg_folder(tmp_path, (corpus / ICON_ONLY).read_bytes())
    result = cli("check", folder, "--type", "channel", "--format", "json", "--today", "2026-11-27")
    [e002] = [f for f in result.document["findings"] if f["code"] == "E002"]
    assert (e002["file"], e002["actual"]) == ("提报邮件.msg", "thumbsup 32×32, dresscode.txt, location.txt")


def test_cli_truncated_msg_is_E001_with_the_reason(corpus, tmp_path):
    folder = _msg_folder(tmp_path, (corpus / EMBEDDED).read_bytes()[:20_000])
    result = cli("check", folder, "--type", "channel", "--format", "json", "--today", "2026-11-27")
    findings = [(f["code"], f["file"]) for f in result.document["findings"] if f["file"] == "提报邮件.msg"]
    assert findings == [("E001", "提报邮件.msg")]
    [e001] = [f for f in result.document["findings"] if f["code"] == "E001"]
    assert "OleFileError" in e001["message"] and result.code == 1


# ---------------------------------------------------------------------------------------------
# A .msg of the channel-submission shape: Outlook's Word table, kept only in the RTF body


def _submission_msg(corpus: Path, tmp_path: Path, price_b: str) -> bytes:
    from tests.msg_builders import channel_msg
    from tests.type_folders import SKUS

    a, b = SKUS
    links = f"链接 https://item.jd.com/{a}.html https://item.jd.com/{b}.html 您好"
    return channel_msg(corpus, tmp_path / "built.msg", ("SKU编码", "价格"), [(a, "299"), (b, price_b)], links).read_bytes()


@pytest.mark.parametrize(("price_b", "e003"), [("349", set()), ("329", {("349", "329")})], ids=["prices-agree", "b-differs"])
def test_channel_msg_with_an_outlook_table(corpus, tmp_path, price_b, e003):
    folder = _msg_folder(tmp_path, _submission_msg(corpus, tmp_path, price_b))
    report = check(folder, "channel")
    assert {(f.expected, f.actual) for f in report.findings if f.code == "E003"} == e003
    # The table is read from the RTF body; the plain body lists the cells one per line.
    assert read_email(folder / "提报邮件.msg").text.endswith("SKU编码\t价格\n100012043978\t299\n100023456781\t" + price_b)
    # This Outlook mail has no subject and no picture: what remains to fix, and nothing else.
    assert {(f.code, f.file) for f in report.findings} == {("E002", "提报邮件.msg"), ("E004", "提报邮件.msg"),
                                                          *{("E003", "提报邮件.msg") for _ in e003}}


def test_body_only_in_a_huge_rtf_is_not_rebuilt(corpus, monkeypatch):
    """Past RTF_LIMIT the HTML kept only in the RTF body is not rebuilt (RTFDE's time grows with
    the RTF); the plain body, one cell a line, is read instead."""
    import jdcheck.outlook

    monkeypatch.setattr(jdcheck.outlook, "RTF_LIMIT", 10_000)  # this RTF is 66,868 bytes
    mail = read_email(corpus / CHINESE_TABLE)
    assert "房型\n时间段\n迷你房\n全天" in mail.text


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_hostile_mutations_of_a_winmail_dat(corpus, tmp_path, mutation):
    """A damaged winmail.dat never stops the mail: its attachments are read, or it stays one."""
    data = MUTATIONS[mutation]((corpus / "mail/koodaamo+tnefparse/two-files.tnef").read_bytes(), random.Random(mutation))
    mail = read_email(eml.write(tmp_path, "提报邮件.eml", _with_winmail(data)))
    assert mail.text == "附件见 winmail.dat"


# The body Outlook packed into winmail.dat, read when the mail has none of its own: an HTML
# body, text encapsulated in the RTF body (\fromtext), HTML encapsulated in it (\fromhtml1).
TNEF_BODIES = [
    ("body.tnef", "THE BILL OF RIGHTS\nAmendments 1-10 of the Constitution"),
    ("long-filename.tnef", "I've attached a temp. license for QARun 4.7."),
    ("umlaut.tnef", "TEST äöü +-*/~"),
]


@pytest.mark.parametrize(("name", "passage"), TNEF_BODIES, ids=[t[0] for t in TNEF_BODIES])
def test_winmail_dat_bodies(corpus, tmp_path, name, passage):
    data = (corpus / "mail/koodaamo+tnefparse" / name).read_bytes()
    raw = _with_winmail(data, plain="").replace(b"Content-Type: text/plain;", b"Content-Type: text/x-none;")
    assert passage in read_email(eml.write(tmp_path, "提报邮件.eml", raw)).text
