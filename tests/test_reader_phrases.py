"""Readers' phrases (an image's or a sheet's error detail) in the report's language."""

from __future__ import annotations

import pytest

from jdcheck.messages import reader_phrase
from tests.folders import SKUS, check, groupbuy
from tests.image_builders import png


@pytest.mark.parametrize(("detail", "zh"), [
    ("JPEG ends without EOI marker", "JPEG 文件缺少结束标记（EOI）"),
    ("PNG chunk IDAT CRC mismatch at byte 33", "PNG 数据块 IDAT 的校验值（CRC）在第 33 字节处不符"),
    ("PNG ends inside its IDAT chunk (which starts at byte 8249; the file ends at byte 11255)",
     "PNG 文件不完整：从第 8249 字节开始的 IDAT 块没有写完（文件在第 11255 字节就结束了）"),
    ("PNG IHDR has bit depth 8 with colour type 1", "PNG 文件头（IHDR）的位深 8 与颜色类型 1 不能搭配"),
    ("PNG has an unknown critical chunk QQQQ at byte 33, which browsers refuse to show",
     "PNG 第 33 字节处有解码器不认识的关键数据块 QQQQ，浏览器不会显示这张图片"),
    ("HEIC/HEIF photo (iPhone camera format), which cannot be read; export it as JPEG",
     "HEIC/HEIF 照片（苹果手机的相机格式），无法读取；请导出为 JPEG"),
    ("PDF document, not an image", "PDF 文档"),
    # the problem after a JPEG's byte offset is translated too, when it is a known phrase
    ("JPEG header damaged at byte 158: lossless JPEG (SOF3), which browsers do not show",
     "JPEG 文件头在第 158 字节处损坏：无损 JPEG（SOF3），浏览器无法显示"),
    ("JPEG image data damaged at byte 9: quantisation table 2 is not defined",
     "JPEG 图像数据在第 9 字节处损坏：quantisation table 2 is not defined"),
    ("JPEG: header not understood by the decoder", "JPEG：解码器无法识别文件头"),
    ("unrecognised content (starts with 00 00 ff d8), not an image", "内容无法识别，开头的字节是 00 00 ff d8"),
    ("GIF declares a 0×32 screen", "GIF 声明的画布尺寸是 0×32"),
    # the truncated download's zipfile error is a known phrase; another library error stays as said
    ("damaged ZIP archive (BadZipFile: File is not a zip file)", "ZIP 压缩包已损坏（不是 ZIP 文件）"),
    ("damaged ZIP archive (BadZipFile: Bad magic number for file header)",
     "ZIP 压缩包已损坏（BadZipFile: Bad magic number for file header）"),
    ("too large: data spread over more than 2,000,000 cells", "文件太大：数据分布超过 2,000,000 个单元格"),
    ("month must be in 1..12", "月份应在 1 到 12 之间"),
    ("HTML page with a spreadsheet extension", "网页（HTML）文件，只是扩展名像表格"),
    ("page too large: 6000000 bytes (limit 5242880)", "文件太大：6000000 字节（上限 5242880 字节）"),
    ("binary content (NUL bytes), not an HTML page", "二进制内容（含 NUL 字节），不是网页"),
    ("cannot read file: Permission denied", "无法读取文件：没有权限"),
    ("cannot decode text (tried utf-8, gb18030)", "文本无法解码（试过 utf-8, gb18030）"),
    # the mail readers (E001)
    ("12,345,678 bytes, limit 5,000,000", "12,345,678 字节，上限 5,000,000 字节"),
    ("too many parts (more than 500)", "超过 500 个部分"),
    ("1008 bytes, an OLE file has at least 1536", "只有 1008 字节，而 OLE 文件至少有 1536 字节"),
    ("IPM.Contact", "联系人（IPM.Contact）"),
    ("a phrase no catalogue knows", "a phrase no catalogue knows"),
])
def test_a_readers_phrase_in_chinese(detail, zh):
    assert (reader_phrase(detail, "zh"), reader_phrase(detail, "en")) == (zh, detail)


def test_a_damaged_png_is_described_in_chinese_in_the_report(tmp_path):
    def damaged(path):
        data = bytearray(png(path).read_bytes())
        data[data.index(b"IDAT") + 20] ^= 0xFF  # inside IDAT's data: its CRC no longer matches
        path.write_bytes(bytes(data))
        return path

    folder = groupbuy(tmp_path, files={f"{SKUS[0]}.jpg": None, f"{SKUS[0]}.png": damaged})
    (finding,) = [f for f in check(folder).findings if f.code == "I001"]
    assert "校验值（CRC）" in finding.message and "CRC mismatch" not in finding.message
