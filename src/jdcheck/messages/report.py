"""Words of the HTML report (`--format html`) in zh and en.

Kept apart from the rule-code catalogues (zh.py, en.py) as the fixing commands' words are
(fixing.py): these label a page, they are not findings. The words the console report shares
(错误, 警告, 通过, 应为, 修改 …) come from `messages.ui` so both reports say the same thing.
"""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "title": {"zh": "jdcheck 检查报告 · {folder}", "en": "jdcheck report · {folder}"},
    "batch_title": {"zh": "jdcheck 批量检查报告 · {root}", "en": "jdcheck batch report · {root}"},
    "type": {"zh": "类型", "en": "Type"},
    "folder": {"zh": "文件夹", "en": "Folder"},
    "root": {"zh": "根目录", "en": "Root"},
    "checked_at": {"zh": "检查时间", "en": "Checked"},
    "files": {"zh": "文件", "en": "Files"},
    "errors": {"zh": "错误", "en": "Errors"},
    "warnings": {"zh": "警告", "en": "Warnings"},
    "strict": {"zh": "--strict：警告也算不通过", "en": "--strict: warnings fail too"},
    "whole": {"zh": "整体问题（不属于某个文件）", "en": "About the submission as a whole"},
    "sheet": {"zh": "表格", "en": "Spreadsheet"},
    "sheet_caption": {"zh": "工作表「{sheet}」，标题行在第 {header} 行", "en": "Sheet “{sheet}”, header in row {header}"},
    "sheet_caption_no_header": {"zh": "工作表「{sheet}」，没有找到标题行", "en": "Sheet “{sheet}”, no header row found"},
    "sheet_legend": {
        "zh": "红色单元格是错误，黄色是警告；每行下面写着原因。",
        "en": "Red cells are errors, yellow cells warnings; the reasons are under each row.",
    },
    "pictures_omitted": {
        "zh": "另有 {count} 张图片没有问题，未显示缩略图。",
        "en": "{count} more images without findings are not shown.",
    },
    "rows_omitted": {
        "zh": "另有 {count} 行没有问题，未显示。",
        "en": "{count} more rows without findings are not shown.",
    },
    "cols_omitted": {"zh": "表格太宽：只显示前 {count} 列。", "en": "Sheet too wide: only the first {count} columns are shown."},
    "column": {"zh": "列", "en": "column"},
    "images": {"zh": "图片", "en": "Images"},
    "pixels": {"zh": "{width}×{height} 像素", "en": "{width}×{height} px"},
    "no_thumbnail": {"zh": "无法显示这张图片", "en": "This image cannot be shown"},
    "image_ok": {"zh": "没有问题", "en": "No problems"},
    "other_files": {"zh": "其他文件", "en": "Other files"},
    "findings_count": {"zh": "{count} 个问题", "en": "{count:finding|findings}"},
    "batch_folders": {"zh": "文件夹", "en": "Folders"},
    "batch_counts": {
        "zh": "检查了 {folders} 个文件夹：{passed} 个通过，{failed} 个未通过；跳过 {skipped} 个",
        "en": "{folders:folder|folders} checked: {passed} passed, {failed} failed; {skipped} skipped",
    },
    "batch_passed_folder": {"zh": "通过，没有问题。", "en": "Passed, no problems."},
    "batch_compact": {
        "zh": "为了页面打开快，这里只显示有问题的图片和表格行。",
        "en": "To keep the page quick to open, only images and sheet rows with findings are shown.",
    },
    "back_to_top": {"zh": "回到目录", "en": "Back to the list"},
    "tty_hint": {
        "zh": "提示：网页报告请用 --output 报告.html 写入文件，再用浏览器打开。",
        "en": "Tip: write the page to a file with --output report.html and open it in a browser.",
    },
    "wrote": {"zh": "报告已写入 {path}", "en": "Report written to {path}"},
    "generated": {"zh": "由 jdcheck {version} 生成", "en": "Made by jdcheck {version}"},
}


def say(key: str, lang: str, **fields: Any) -> str:
    from jdcheck.messages import say_in

    return say_in(TEXTS, key, lang, **fields)
