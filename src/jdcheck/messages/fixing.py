"""Texts of the fixing commands (template, fix, --annotate) in zh and en.

Kept apart from the rule-code catalogues (zh.py, en.py): these are the words of the tools that hand
a submission back, not of findings.
"""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    # ── template: the title row and the header comments ─────────────────────────────────────
    "title": {"zh": "{name}提报表", "en": "{name} submission form"},
    "required": {"zh": "必填。", "en": "Required."},
    "optional": {"zh": "选填。", "en": "Optional."},
    "kind.sku": {
        "zh": "商品SKU编码：{min}–{max}位数字。单元格已设为文本格式，长编码不会变成 1.00012E+11。",
        "en": "Product SKU: {min}–{max} digits. The cell is formatted as text, so long SKUs never turn into 1.00012E+11.",
    },
    "kind.text": {"zh": "文本。", "en": "Text."},
    "kind.number": {"zh": "数字，不要带 ¥、元 等符号或单位。", "en": "A number, without ¥, 元 or other signs and units."},
    "kind.integer": {"zh": "整数，不要带单位。", "en": "A whole number, without units."},
    "kind.choice": {"zh": "从下拉列表中选择：{choices}。", "en": "Pick from the drop-down list: {choices}."},
    "kind.choice_typed": {"zh": "填写其中之一：{choices}。", "en": "Type one of: {choices}."},
    "kind.datetime": {"zh": "日期和时间，例如 2026-12-02 09:30。", "en": "Date and time, e.g. 2026-12-02 09:30."},
    "kind.product_link": {
        "zh": "京东商品链接，例如 https://item.jd.com/<SKU>.html（不要用 u.jd.com 等短链接）。",
        "en": "JD product link, e.g. https://item.jd.com/<SKU>.html (no u.jd.com short links).",
    },
    "kind.shop_link": {
        "zh": "京东店铺链接，例如 https://mall.jd.com/index-<店铺ID>.html。",
        "en": "JD shop link, e.g. https://mall.jd.com/index-<shop id>.html.",
    },
    "kind.url": {"zh": "网址（http:// 或 https:// 开头）。", "en": "A web address (http:// or https://)."},
    "default": {"zh": "留空表示“{value}”。", "en": "Empty means “{value}”."},
    "range": {"zh": "允许范围：{range}。", "en": "Allowed: {range}."},
    "advice": {"zh": "建议：{range}（超出会有警告）。", "en": "Advised: {range} (outside gives a warning)."},
    "range_when": {"zh": "{column}为“{value}”时允许范围：{range}。", "en": "Where {column} is “{value}”, allowed: {range}."},
    "range_unless": {"zh": "允许范围：{range}（{column}为“{value}”时不受此限）。",
                     "en": "Allowed: {range} (not where {column} is “{value}”)."},
    "invalid_title": {"zh": "输入有误", "en": "Invalid entry"},
    # ── fix: what was changed ───────────────────────────────────────────────────────────────
    "fix.header": {"zh": "jdcheck fix {type}：{folder} → {out}", "en": "jdcheck fix {type}: {folder} → {out}"},
    "fix.logo": {"zh": "{file}: 左上角加了品牌 logo（{detail}）", "en": "{file}: brand logo put top-left ({detail})"},
    "fix.logo_there": {"zh": "{file}: 左上角已有品牌 logo", "en": "{file}: the brand logo is already top-left"},
    "fix.logo_top_right": {"zh": "{file}: 品牌 logo 在右上角，没有再加一个：请把它移到左上角",
                           "en": "{file}: the brand logo is top-right; no second one added: move it to the top-left"},
    "fix.logo_top_middle": {"zh": "{file}: 品牌 logo 在顶部中间，没有再加一个：请把它移到左上角",
                            "en": "{file}: the brand logo is at the top middle; no second one added: move it to the top-left"},
    "fix.logo_failed": {"zh": "{file}: 无法加 logo：{detail}", "en": "{file}: cannot add the logo: {detail}"},
    "fix.copied": {"zh": "{count} 个文件原样复制", "en": "{count:file|files} copied unchanged"},
    "fix.config_path": {"zh": "{file}: {setting} 改为 {path}（副本在另一个位置，仍指向同一个文件）",
                        "en": "{file}: {setting} changed to {path} (the copy is elsewhere; it names the same file)"},
    "fix.leftovers": {
        "zh": "输出文件夹里还有 {count} 个本次没有写入的旧文件（{names}），检查副本时会一并检查：不该发送的请删除，或换一个空文件夹",
        "en": "the output folder also holds {count:file|files} this run did not write ({names}); the check of the copy reads every file there: delete what is not to be sent, or use an empty folder",
    },
    "fix.image": {"zh": "{file}: {changes}", "en": "{file}: {changes}"},
    "fix.renamed": {"zh": "改名为 {name}", "en": "renamed to {name}"},
    "fix.orientation": {"zh": "已按 EXIF 方向 {orientation} 旋转", "en": "EXIF orientation {orientation} applied"},
    "fix.mode": {"zh": "{mode} → RGB", "en": "{mode} → RGB"},
    "fix.size": {"zh": "{old} → {new}（{fit}）", "en": "{old} → {new} ({fit})"},
    "fix.upscaled": {"zh": "注意：原图被放大了 {factor} 倍，可能发虚，最好换一张更大的原图",
                     "en": "note: the picture was enlarged {factor} times and may look soft; a larger original is better"},
    "fix.fit.crop": {"zh": "居中裁剪", "en": "centre crop"},
    "fix.fit.pad": {"zh": "白边补齐", "en": "padded with white"},
    "fix.format": {"zh": "{old} → {new}", "en": "{old} → {new}"},
    "fix.frames": {"zh": "只保留第一帧", "en": "first frame kept"},
    "fix.bytes": {"zh": "{old} → {new}", "en": "{old} → {new}"},
    "fix.encoding": {"zh": "JPEG 质量 {quality}、{subsampling}{progressive}", "en": "JPEG quality {quality}, {subsampling}{progressive}"},
    "fix.progressive": {"zh": "、渐进式", "en": ", progressive"},
    "fix.failed": {"zh": "{file}: 无法修复：{reason}（已原样复制）", "en": "{file}: cannot fix: {reason} (copied unchanged)"},
    "fix.too_large": {
        "zh": "在 {size} 下最低质量也有 {bytes} 字节，超过上限 {limit} 字节",
        "en": "even the lowest quality at {size} is {bytes} bytes, over the {limit}-byte limit",
    },
    "fix.too_small": {
        "zh": "原图只有 {size}，放大到 {target} 要 {factor} 倍（超过 {limit} 倍），会很模糊：请换一张更大的原图",
        "en": "the picture is {size}: enlarging it to {target} takes {factor} times (over {limit}) and would show a blur; a larger original is needed",
    },
    "fix.collision": {"zh": "修复后的文件名 {name} 已被文件夹中另一个文件占用", "en": "its fixed name {name} is taken by another file of the folder"},
    "fix.unreadable": {"zh": "图片无法读取（{detail}）", "en": "the image cannot be read ({detail})"},
    "fix.sheet": {"zh": "{file}: 清理了 {count} 个单元格", "en": "{file}: {count:cell|cells} cleaned"},
    "fix.cell": {"zh": "  {cell} {column}: {old} → {new}", "en": "  {cell} {column}: {old} → {new}"},
    "fix.marks": {
        "zh": "{file}: 去掉了 jdcheck 的标注（{sheets} 个 jdcheck 工作表，{comments} 条批注及其底色）",
        "en": "{file}: jdcheck's marks removed ({sheets} jdcheck sheet(s), {comments} comment(s) and their fills)",
    },
    "fix.stale": {
        "zh": "  {count} 个公式引用了清理过的单元格（{cells}）：保留原来保存的结果，用 Excel 或 WPS 打开副本会重新计算",
        "en": "  {count:formula reads|formulas read} cleaned cells ({cells}): the result saved before is kept; Excel or WPS recompute it when the copy is opened",
    },
    "fix.sheet_unchanged": {"zh": "{file}: 无需清理", "en": "{file}: nothing to clean"},
    "fix.sheet_unreadable": {"zh": "表格无法读取（{detail}）", "en": "the spreadsheet cannot be read ({detail})"},
    "fix.xls": {"zh": ".xls 旧格式无法安全写回，请另存为 .xlsx", "en": "legacy .xls cannot be written back safely; save it as .xlsx"},
    "fix.unopenable": {"zh": "表格无法按原格式写回", "en": "the workbook cannot be written back in its own format"},
    "fix.no_table": {"zh": "找不到模板表头", "en": "no template header found"},
    "fix.remaining": {
        "zh": "副本仍未通过：还有 {errors} 个错误、{warnings} 个警告是 fix 改不了的（{codes}），需要手动修改",
        "en": "the copy still fails: {errors:error|errors} and {warnings:warning|warnings} that fix does not repair ({codes})",
    },
    "fix.remaining_warnings": {
        "zh": "副本可以通过，但还有 {warnings} 个警告是 fix 改不了的（{codes}）",
        "en": "the copy passes, with {warnings:warning|warnings} that fix does not repair ({codes})",
    },
    "fix.summary": {
        "zh": "已修复 {fixed} 个文件，{failed} 个无法修复。请再运行：jdcheck {type} {out}",
        "en": "{fixed:file|files} fixed, {failed} could not be fixed. Check again: jdcheck {type} {out}",
    },
    # ── annotate ────────────────────────────────────────────────────────────────────────────
    "annotate.sheet_header": {"zh": "代码|级别|文件|工作表|单元格|行|列|说明|修改方法", "en": "Code|Severity|File|Sheet|Cell|Row|Column|Message|Fix"},
    "annotate.error": {"zh": "错误", "en": "error"},
    "annotate.warning": {"zh": "警告", "en": "warning"},
    "annotate.wrote": {"zh": "已写入标注副本：{path}", "en": "annotated copy written: {path}"},
    "annotate.skipped": {"zh": "未标注 {file}：{reason}", "en": "not annotated {file}: {reason}"},
    "annotate.unreadable": {"zh": "表格无法读取", "en": "the spreadsheet cannot be read"},
    # ── compose ─────────────────────────────────────────────────────────────────────────────
    "compose.wrote": {"zh": "已写入：{path}", "en": "written: {path}"},
    "compose.forced": {
        "zh": "检查未通过（{errors} 个错误，{warnings} 个警告），按 --force 仍已生成：发送前请核对。详情：jdcheck {type} {folder}",
        "en": "the check failed ({errors:error|errors}, {warnings:warning|warnings}); written anyway (--force): review before sending. Details: jdcheck {type} {folder}",
    },
    "compose.warnings": {
        "zh": "检查通过，有 {warnings} 个警告。详情：jdcheck {type} {folder}",
        "en": "the check passed with {warnings:warning|warnings}. Details: jdcheck {type} {folder}",
    },
    "compose.refused": {
        "zh": "检查未通过，未生成任何文件。改正后重新运行，或加 --force 仍然生成：jdcheck compose {type} {folder} --out …",
        "en": "the check failed, nothing was written. Fix the findings and run again, or add --force: jdcheck compose {type} {folder} --out …",
    },
    "compose.blank_refused": {
        "zh": "未生成任何文件。以下 {count} 处要发送的内容是空的：",
        "en": "Nothing was written. {count:field|fields} to send would be blank:",
    },
    "compose.blank_next": {
        "zh": "补上后重新运行（公式单元格：用 Excel 或 WPS 打开并保存），"
              "或加 --force 仍然生成（空处写作“【待补】”）：jdcheck compose {type} {folder} --out …",
        "en": "Fill them in and run again (a formula cell: open and save the file in Excel or WPS), "
              "or add --force (a blank is written “[to fill]”): jdcheck compose {type} {folder} --out …",
    },
    "compose.blank_next_files": {
        "zh": "补上后重新运行，或加 --force 仍然生成（空处写作“【待补】”）：jdcheck compose {type} {folder} --out …",
        "en": "Add them and run again, or add --force (a blank is written “[to fill]”): jdcheck compose {type} {folder} --out …",
    },
    "compose.blank_forced": {
        "zh": "有 {count} 处要发送的内容是空的，按 --force 仍已生成（写作“【待补】”）：发送前请补上",
        "en": "written anyway (--force): {count:blank field is|blank fields are} marked “[to fill]”; fill in before sending",
    },
    "compose.others": {
        "zh": "注意：{out} 里还有不是这次生成的图片：{files}（不在这次的消息里，发送时不要拖进去）",
        "en": "note: {out} also holds pictures this run did not write: {files} (not in this message; leave them out when sending)",
    },
    "compose.blank.cell": {
        "zh": "{file} 第 {row} 行 [{column}] 单元格 {cell} 没有可发送的值：{why}",
        "en": "{file} row {row} [{column}] cell {cell} has no value to send: {why}",
    },
    "compose.blank.empty": {"zh": "单元格是空的", "en": "the cell is empty"},
    "compose.blank.unreadable": {"zh": "读不出“{actual}”", "en": "“{actual}” cannot be read as a value"},
    "compose.blank.missing": {"zh": "没有{what}可发送", "en": "no {what} to send"},
    "compose.blank.missing_row": {"zh": "{file} 第 {row} 行（SKU {sku}）：没有{what}可发送",
                                  "en": "{file} row {row} (SKU {sku}): no {what} to send"},
    "compose.field.sku": {"zh": "SKU编码", "en": "SKU"},
    "compose.field.title": {"zh": "商品名称", "en": "product name"},
    "compose.field.price": {"zh": "价格", "en": "price"},
    "compose.field.product_link": {"zh": "商品链接", "en": "product link"},
    "compose.field.shop_link": {"zh": "店铺链接", "en": "shop link"},
    "compose.field.images": {"zh": "图片", "en": "image"},
    "compose.field.style_screenshots": {"zh": "款式截图", "en": "style screenshot"},
    # what a blank field says when --force writes it anyway: never a blank that looks like a value
    "compose.to_fill": {"zh": "【待补：{where}】", "en": "[to fill: {where}]"},
    "compose.to_fill_bare": {"zh": "【待补】", "en": "[to fill]"},
    # words inside what is sent
    "compose.list_separator": {"zh": "、", "en": ", "},
    "compose.items": {"zh": "{count}款", "en": "{count:item|items}"},
    "compose.screenshots": {"zh": "{count}张截图", "en": "{count:screenshot|screenshots}"},
    "compose.sold_out": {"zh": "（售罄）", "en": " (sold out)"},
    "compose.brand": {
        "zh": "主题中的品牌“{brand}”取自{source}；不对请用 --subject 给出主题",
        "en": "the brand “{brand}” in the subject comes from {source}; if it is wrong, give the subject with --subject",
    },
    "compose.brand.folder": {"zh": "文件夹名“{folder}”（每个商品名称都含有它）",
                             "en": "the folder's name “{folder}” (every 商品名称 holds it)"},
    "compose.brand.titles": {"zh": "商品名称（每个商品名称都含有的第一个词）",
                             "en": "the 商品名称 column (the first word every title holds)"},
    "compose.brand.first_title": {"zh": "第一个商品名称的第一个词", "en": "the first word of the first 商品名称"},
}


def say(key: str, lang: str, **fields: Any) -> str:
    from jdcheck.messages import say_in

    return say_in(TEXTS, key, lang, **fields)
