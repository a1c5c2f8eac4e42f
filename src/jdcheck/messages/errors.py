"""Texts of the failures that end a run with exit 2, in zh and en: a bad argument, a broken
jdcheck.yaml or rule file, and what Click and Pydantic say about them.

A failure is raised as data, a key of TEXTS and its fields (`Failure`), and is put into words
only when it is shown, in the report's language (cli.main decides it once, from --lang or
JDCHECK_LANG, before the command line is parsed). A field may itself be a `Text` (a nested
phrase, a Pydantic error) and is rendered in the same language.

Click's and Pydantic's own texts are English; the Chinese for them is chosen by the exception's
class (Click) or the error's `type` and `ctx` (Pydantic). English keeps the library's words, and a
kind of error not in the tables keeps them in Chinese too: an untranslated line beats a wrong one.
"""

from __future__ import annotations

import functools
import re
from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    # ── the last boundary (cli.main) ───────────────────────────────────────────────────────
    "aborted": {"zh": "已中止", "en": "aborted"},
    "interrupted": {"zh": "已中断", "en": "interrupted"},
    "internal": {
        "zh": "内部错误（jdcheck 的 bug，请报告）：{error}；加 --debug 运行可看到 traceback",
        "en": "internal error (a bug in jdcheck, please report it): {error}; run with --debug for the traceback",
    },
    # ── words used inside other texts ──────────────────────────────────────────────────────
    "word.all": {"zh": "全部", "en": "all"},
    "word.none": {"zh": "无", "en": "none"},
    "selection": {"zh": "select：{select}；ignore：{ignore}", "en": "select: {select}; ignore: {ignore}"},
    "closest": {"zh": "最接近的是 {code}", "en": "closest: {code}"},
    "codes_look_like": {"zh": "代码形如 I002", "en": "codes look like I002"},
    "more": {"zh": "（另有 {count} 处问题）", "en": " (+{count} more)"},
    "top_level": {"zh": "（顶层）", "en": "(top level)"},
    # ── arguments ──────────────────────────────────────────────────────────────────────────
    "one_of": {"zh": "{option} 只能是 {choices}，不能是 {value!r}", "en": "{option} must be one of {choices}, not {value!r}"},
    "option_problem": {"zh": "{option}：{problem}", "en": "{option}: {problem}"},
    "named_problem": {"zh": "{option}：{name}：{problem}", "en": "{option}: {name}: {problem}"},
    "unknown_type": {
        "zh": "未知的提报类型 {value!r}（可选：{choices}）{meant}",
        "en": "unknown submission type {value!r} (choose from {choices}){meant}",
    },
    "type_meant": {"zh": "；{value} 请写成 {type}", "en": "; for {value} write {type}"},
    "type_conflict": {
        "zh": "这里写的类型是 {configured}，命令却是按 {wanted} 处理：请把命令里的 {wanted} 换成 {configured}"
              "（检查也可以用 jdcheck check），或者把 jdcheck.yaml 里的 type 改成 {wanted}",
        "en": "this file says type {configured}, but the command takes the folder as {wanted}: put {configured} for "
              "{wanted} in the command (or check with jdcheck check), or change type in jdcheck.yaml to {wanted}",
    },
    "rules_other_type": {"zh": "规则文件是 {actual!r} 类型的，不是 {wanted!r}", "en": "rule file is for type {actual!r}, not {wanted!r}"},
    "today": {"zh": "--today 应为日期 YYYY-MM-DD，不能是 {value!r}", "en": "--today must be a date YYYY-MM-DD, not {value!r}"},
    "nothing_selected": {
        "zh": "--select/--ignore 选完后没有要运行的检查（{selection}）",
        "en": "--select/--ignore leave no check to run ({selection})",
    },
    "nothing_selected_type": {
        "zh": "select/ignore 选完后，{type} 类型没有要运行的检查（{selection}）",
        "en": "select/ignore leave no check of type {type} to run ({selection})",
    },
    "batch_nothing_selected": {
        "zh": "--select/--ignore 选完后，{root} 下面的文件夹都没有要运行的检查（{selection}）",
        "en": "--select/--ignore leave no check to run in any folder under {root} ({selection})",
    },
    "batch_nothing_ran": {
        "zh": "{root} 下面没有检查任何文件夹：{reason}",
        "en": "no folder under {root} was checked: {reason}",
    },
    "nothing_ran": {
        "zh": "所选的检查在这里都无法运行：{codes}（{reason}）",
        "en": "none of the selected checks can run here: {codes} ({reason})",
    },
    "no_type": {
        "zh": "不知道提报类型：请用 --type 指定（groupbuy、homepage、platform、channel），或在 jdcheck.yaml 里写 `type`，"
              "或在文件夹名中写上类型（团购-…、groupbuy_…）",
        "en": "no submission type: give --type (groupbuy, homepage, platform, channel), set `type` in jdcheck.yaml, "
              "or name the type in the folder's name (团购-…, groupbuy_…)",
    },
    "folder_not_found": {"zh": "找不到文件夹：{folder}", "en": "folder not found: {folder}"},
    "not_folder": {"zh": "不是文件夹：{folder}", "en": "not a folder: {folder}"},
    "not_under_root": {
        "zh": "--root {root} 不包含 {folder}：--root 是批量检查的 ROOT，要检查的文件夹在它下面",
        "en": "--root {root} does not hold {folder}: --root is the batch's ROOT, the folder checked lies below it",
    },
    "cannot_read_folder": {"zh": "无法读取文件夹 {folder}：{reason}", "en": "cannot read folder {folder}: {reason}"},
    "folder_missing": {
        "zh": "缺少 FOLDER：{type} 是类型，后面还要写提报文件夹：jdcheck {command} {type} 文件夹 …",
        "en": "FOLDER is missing: {type} is the type, the submission folder comes after it: jdcheck {command} {type} FOLDER …",
    },
    "type_missing": {
        "zh": "缺少 TYPE：文件夹 {folder} 前面要写类型（{choices}）：jdcheck {command} TYPE {folder} …",
        "en": "TYPE is missing: the type ({choices}) comes before the folder {folder}: jdcheck {command} TYPE {folder} …",
    },
    "type_disagree": {"zh": "类型 {first!r} 与 --type {type!r} 不一致", "en": "type {first!r} and --type {type!r} disagree"},
    "inside_folder": {
        "zh": "{option} {out} 在被检查的文件夹 {folder} 里面：请选一个它外面的文件夹",
        "en": "{option} {out} is inside the checked folder {folder}: choose a folder outside it",
    },
    "inside_batch": {
        "zh": "{option} {path} 在 {folder} 下面的文件夹里：请写到外面，或直接写到 {folder} 里",
        "en": "{option} {path} is inside a folder under {folder}: write it outside, or into {folder} itself",
    },
    "exists": {"zh": "{path} 已存在（加 --force 覆盖）", "en": "{path} exists (give --force to overwrite it)"},
    "output_exists": {"zh": "{option}：{path} 已存在；加 --force 覆盖", "en": "{option}: {path} exists; add --force to overwrite it"},
    "cannot_write_place": {
        "zh": "{option}：无法写入 {path}（所在文件夹不存在，或它本身是文件夹）",
        "en": "{option}: cannot write {path} (no such folder, or it is a folder)",
    },
    "cannot_write": {"zh": "{option}：无法写入 {path}：{reason}", "en": "{option}: cannot write {path}: {reason}"},
    "out_xlsx": {"zh": "--out 必须是 .xlsx 文件，不能是 {name!r}", "en": "--out must name an .xlsx file, not {name!r}"},
    "out_not_folder": {"zh": "--out {out} 已存在，且不是文件夹", "en": "--out {out} exists and is not a folder"},
    "report_suffix": {
        "zh": "--report 的文件名应以 .json（批量 JSON）、.xml（JUnit）或 .html（网页）结尾，不能是 {name!r}",
        "en": "--report must end in .json (batch JSON), .xml (JUnit) or .html (the page), not {name!r}",
    },
    "same_file": {
        "zh": "--output 和 --report 是同一个文件 {path}：请各用一个文件",
        "en": "--output and --report both name {path}: give each its own file",
    },
    "annotate_not_empty": {
        "zh": "--annotate：{folder} 不是空文件夹；加 --force 覆盖其中的内容",
        "en": "--annotate: {folder} is not empty; add --force to write over what is there",
    },
    "batch_on_submission": {
        "zh": "{root} 本身就是一个提报文件夹：请用 `jdcheck check {root}` 检查（batch 检查的是 ROOT 下面的各个提报文件夹）",
        "en": "{root} is itself a submission folder: check it with `jdcheck check {root}` "
              "(batch checks the submission folders under ROOT)",
    },
    "allow_private": {"zh": "--allow-private 只能和 --online 一起用", "en": "--allow-private only applies with --online"},
    "online_httpx": {
        "zh": "--online 需要 httpx 包：pip install \"jdcheck[online]\"",
        "en": "--online needs the httpx package: pip install \"jdcheck[online]\"",
    },
    "subject_channel": {"zh": "--subject 只用于 channel（邮件）", "en": "--subject only applies to channel (the mail)"},
    "logo_extra": {"zh": "--logo 需要安装可选组件：{install}", "en": "--logo needs the optional extra: {install}"},
    "one_schema": {"zh": "--batch、--error、--compose 只能选一个", "en": "--batch, --error, --compose: choose one schema"},
    "unknown_code": {"zh": "未知的规则代码 {code!r}（{hint}；见 README）", "en": "unknown rule code {code!r} ({hint}; see README)"},
    "no_builtin": {"zh": "{type!r} 还没有内置规则文件", "en": "no built-in rule file for {type!r} yet"},
    # ── rule codes and prefixes (--select, --ignore, jdcheck.yaml) ──────────────────────────
    "selector_malformed": {
        "zh": "不是规则代码或前缀：{value!r}（最接近的是 {closest}；代码形如 I002、S、L00）",
        "en": "not a rule code or prefix: {value!r} (closest: {closest}; codes look like I002, S, L00)",
    },
    "selector_type": {
        "zh": "不是规则代码或前缀：{value!r}（例如 I002、S、L00）",
        "en": "not a rule code or prefix: {value!r} (e.g. I002, S, L00)",
    },
    "selector_unknown": {"zh": "{value} 不对应任何规则代码（最接近的是 {closest}）", "en": "{value} matches no rule code (closest: {closest})"},
    "selector_one": {"zh": "每项只写一个代码或前缀，不能是 {value!r}", "en": "one code or prefix per item, not {value!r}"},
    "severity_code_type": {"zh": "应为规则代码或前缀（如 S006、I），不能是 {value!r}", "en": "a rule code or prefix such as S006 or I, not {value!r}"},
    "severity_code": {
        "zh": "{value!r} 不对应任何规则代码（最接近的是 {closest}；写一个代码如 S006，或前缀如 I）",
        "en": "{value!r} matches no rule code (closest: {closest}; write a code such as S006 or a prefix such as I)",
    },
    "severity_code_malformed": {
        "zh": "不是规则代码或前缀：{value!r}（写一个代码如 S006，或前缀如 I）",
        "en": "not a rule code or prefix: {value!r} (write a code such as S006 or a prefix such as I)",
    },
    "names_no_code": {
        "zh": "没有写任何代码：不需要就删掉这个键，或写 [] 表示一个都不选",
        "en": "names no code: leave the key out, or write [] to mean none",
    },
    # ── logo files (--logo, `logo:` of jdcheck.yaml) ───────────────────────────────────────
    "file_not_found": {"zh": "{option}：找不到文件：{path}", "en": "{option}: file not found: {path}"},
    "not_image": {"zh": "{option}：{name} 不是能读取的图片（{error}）", "en": "{option}: {name} is not a readable image ({error})"},
    "not_picture_format": {
        "zh": "{option}：{name} 不是能读取的图片：内容不是任何图片格式（PNG、JPEG、GIF、BMP、WebP），请把 logo 另存为 PNG",
        "en": "{option}: {name} is not a readable image: its content is no picture format (PNG, JPEG, GIF, BMP, WebP); "
              "save the logo as PNG",
    },
    "logo_is_folder": {
        "zh": "{option}：{path} 是文件夹：请给出其中的 logo 图片（如 {example}）",
        "en": "{option}: {path} is a folder: give the logo picture in it (e.g. {example})",
    },
    "logo.too_large": {"zh": "{size} 像素，作为 logo 太大", "en": "{size} pixels is too large for a logo"},
    "logo.unreadable": {"zh": "不是能读取的图片（{error}）", "en": "not a readable image ({error})"},
    "logo.invisible": {
        "zh": "图片里没有看得见的 logo（全透明，或只有一种颜色）",
        "en": "the picture has no visible logo (fully transparent or one flat colour)",
    },
    "logo.too_small": {"zh": "{size} 像素，太小，无法匹配", "en": "{size} pixels is too small to match"},
    # ── YAML files ─────────────────────────────────────────────────────────────────────────
    "yaml.too_large": {"zh": "文件大于 {limit} 字节", "en": "file is larger than {limit} bytes"},
    "yaml.not_utf8": {"zh": "不是能读取的文本（UTF-8、GBK 或 UTF-16）：请把文件另存为 UTF-8",
                      "en": "not text in UTF-8, GBK or UTF-16: save the file as UTF-8"},
    "yaml.cannot_read": {"zh": "无法读取：{reason}", "en": "cannot read: {reason}"},
    "yaml.invalid": {"zh": "YAML 格式错误：{problem}", "en": "invalid YAML: {problem}"},
    "yaml.invalid_value": {"zh": "无效的值：{error}", "en": "invalid value: {error}"},
    "yaml.bad_date": {"zh": "无效的日期 {value!r}：日历上没有这一天（{error}）", "en": "invalid date {value!r}: {error}"},
    "yaml.alias_bomb": {
        "zh": "展开别名后超过 {limit:,} 个值（别名炸弹？）",
        "en": "more than {limit:,} values once aliases are expanded (an alias bomb?)",
    },
    "yaml.duplicate_key": {"zh": "重复的键 {key!r}", "en": "duplicate key {key!r}"},
    "yaml.fullwidth_colon": {
        "zh": "这里是全角冒号“：”，YAML 要用半角冒号“:”（中文输入法会打出“：”）：请写成 {fixed}",
        "en": "a full-width colon \"：\" where YAML needs \":\" (a Chinese input method types it): write {fixed}",
    },
    # ── rule files and jdcheck.yaml ────────────────────────────────────────────────────────
    "rules.builtin_missing": {"zh": "找不到内置规则文件（安装不完整）", "en": "built-in rule files not found (broken installation)"},
    "rules.not_found": {"zh": "找不到规则文件", "en": "rule file not found"},
    "rules.not_mapping": {"zh": "规则文件必须是 YAML 映射（键: 值）", "en": "a rule file must be a YAML mapping"},
    "rules.extends_self": {"zh": "`extends` 绕回了这个文件本身", "en": "`extends` loops back to this file"},
    "rules.extends_type": {"zh": "`extends` 的值应是类型名或文件路径", "en": "`extends` takes a type name or a path"},
    "rules.extends_missing": {"zh": "`extends: {base}`：没有这个类型或文件", "en": "`extends: {base}`: no such type or file"},
    "rules.extends_loop": {"zh": "`extends: {base}` 绕回了继承它的文件", "en": "`extends: {base}` loops back to a file that extends it"},
    "rules.merge_both": {
        "zh": "同时写了 `{name}` 和 `{key}`：要么替换列表，要么扩展列表，不能两个都写",
        "en": "both `{name}` and `{key}`: replace the list or extend it, not both",
    },
    "rules.merge_list": {"zh": "`{key}` 用来扩展继承的列表，值必须是列表", "en": "`{key}` extends an inherited list and takes a list"},
    "config.not_mapping": {"zh": "jdcheck.yaml 必须是 YAML 映射（键: 值）", "en": "jdcheck.yaml must be a YAML mapping"},
    "config.no_rules": {
        "zh": "rules：没有规则文件 {path!r}（路径相对于这个 jdcheck.yaml）",
        "en": "rules: no rule file {path!r} (a path relative to this jdcheck.yaml)",
    },
    "config.logo_folder": {
        "zh": "logo：{path!r} 是文件夹：请写出其中的 logo 图片",
        "en": "logo: {path!r} is a folder: name the logo picture in it",
    },
    "config.no_logo": {
        "zh": "logo：找不到文件 {path!r}（路径相对于这个 jdcheck.yaml）",
        "en": "logo: file not found: {path!r} (a path relative to this jdcheck.yaml)",
    },
    "field": {"zh": "{path}：{problem}{more}", "en": "{path}: {problem}{more}"},
    "unknown_key": {"zh": "未知的键（拼错了？）", "en": "unknown key (misspelt?)"},
    "number_as_text": {
        "zh": "{value!r} 被读成了数字；请加引号，例如 \"{value}\"",
        "en": "{value!r} is read as a number; write it in quotes, e.g. \"{value}\"",
    },
    "not_a_list": {
        "zh": "应为列表（YAML 列表或逗号分隔的字符串），不能是 {value!r}",
        "en": "expected a list (a YAML list or a comma-separated string), not {value!r}",
    },
    "regex": {"zh": "不是有效的正则表达式：{error}", "en": "not a valid regular expression: {error}"},
    "choice_needs_choices": {
        "zh": "列 {name!r} 的类型是 'choice'，需要写 'choices'",
        "en": "column {name!r} of kind 'choice' needs 'choices'",
    },
    "two_columns": {"zh": "有两列的 {attr} 都是 {value!r}", "en": "two columns with {attr} {value!r}"},
    "column_ref": {
        "zh": "checks.{code} 引用了列 key {key!r}，但 spreadsheet.columns 里没有这一列{more}",
        "en": "checks.{code} refers to column key {key!r}, not in spreadsheet.columns{more}",
    },
    "column_ref_inherited": {
        "zh": "spreadsheet.columns 里没有 key 为 {key!r} 的列，而继承来的检查 {code} 要用它（{ref}，在 {where}）："
              "请加上这一列，或用 checks: {{{code}: null}} 关掉这项检查{more}",
        "en": "spreadsheet.columns has no column with key {key!r}, which the inherited check {code} needs ({ref}, at {where}): "
              "add that column, or turn the check off with checks: {{{code}: null}}{more}",
    },
    "columns_also_missing": {
        "zh": "；继承来的检查还要用这些列：{keys}",
        "en": "; inherited checks also need the columns {keys}",
    },
    "activity_or_same": {"zh": "请写 `activity` 或 `same_across_rows: true`", "en": "give `activity` or `same_across_rows: true`"},
    "time": {"zh": "应为时间 HH:MM，不能是 {value!r}", "en": "a time HH:MM, not {value!r}"},
    "date_no_time": {"zh": "应为不带时间的日期 YYYY-MM-DD，不能是 {value}", "en": "a date YYYY-MM-DD without a time, not {value}"},
    "date": {"zh": "应为日期 YYYY-MM-DD，不能是 {value!r}", "en": "a date YYYY-MM-DD, not {value!r}"},
    # ── what the writing commands refuse (template, fix, compose) ───────────────────────────
    "no_spreadsheet": {"zh": "类型 {type!r} 的规则文件里没有表格", "en": "type {type!r} has no spreadsheet in its rule file"},
    "fix.out_inside": {
        "zh": "输出文件夹 {out} 在被检查的文件夹 {folder} 里面",
        "en": "the output folder {out} is inside the checked folder {folder}",
    },
    "fix.out_holds": {"zh": "输出文件夹 {out} 包含了被检查的文件夹 {folder}", "en": "the output folder {out} holds the checked folder {folder}"},
    "fix.out_not_folder": {"zh": "输出 {out} 已存在，且不是文件夹", "en": "the output {out} exists and is not a folder"},
    "fix.out_not_empty": {
        "zh": "输出文件夹 {out} 不是空的（加 --force 写入）",
        "en": "the output folder {out} is not empty (give --force to write into it)",
    },
    "compose.no_rows": {"zh": "没有可生成的内容：表格里没有能读取的行", "en": "nothing to compose: the spreadsheet has no readable rows"},
    "compose.subject_given": {
        "zh": "--subject {subject!r} 不符合规则文件的邮件主题格式 {pattern!r}（E004）{example}",
        "en": "--subject {subject!r} does not follow the rule file's subject pattern {pattern!r} (E004){example}",
    },
    "compose.subject_built": {
        "zh": "主题 {subject!r} 不符合规则文件的邮件主题格式 {pattern!r}（E004）：请用 --subject 给出一个{example}",
        "en": "the subject {subject!r} does not follow the rule file's subject pattern {pattern!r} (E004): "
              "give one with --subject{example}",
    },
    "compose.example": {"zh": "，例如 {example!r}", "en": ", e.g. {example!r}"},
    "compose.no_free_name": {
        "zh": "{file}：找不到一个不与其他图片重名、又符合规则文件命名要求（M104）的名字；请把名为 {name!r} 的图片之一改名",
        "en": "{file}: no name beside the other pictures passes the rule file's naming rules (M104); "
              "rename one of the pictures named {name!r}",
    },
    "compose.is_folder": {"zh": "{path} 是文件夹", "en": "{path} is a folder"},
    "compose.cannot_write": {"zh": "无法写入 {out}：{reason}", "en": "cannot write into {out}: {reason}"},
    # ── Click's usage errors (Chinese by the exception's class; English is Click's own) ────
    "click.no_such_option": {"zh": "没有这个选项：{option}{possible}", "en": "No such option: {option}{possible}"},
    "click.possible": {"zh": "（可能是：{options}）", "en": " (Possible options: {options})"},
    "click.missing_argument": {"zh": "缺少参数 {name}", "en": "Missing argument {name}."},
    "click.missing_option": {"zh": "缺少选项 {name}", "en": "Missing option {name}."},
    "click.bad_value": {"zh": "{name} 的值无效：{problem}", "en": "Invalid value for {name}: {problem}"},
    "click.needs_value": {"zh": "选项 {option} 后面要跟一个值", "en": "Option {option!r} requires an argument."},
    "click.takes_no_value": {"zh": "选项 {option} 不接受值", "en": "Option {option!r} does not take a value."},
    "click.extra_arguments": {"zh": "多余的参数：{arguments}", "en": "Got unexpected extra argument(s) ({arguments})"},
    "click.no_such_command": {"zh": "没有这个命令：{command!r}（见 jdcheck --help）", "en": "No such command {command!r}."},
    "click.missing_command": {"zh": "缺少命令（见 jdcheck --help）", "en": "Missing command."},
}

# Pydantic's errors in Chinese, by the error's `type`; fields: its `ctx` and `input` (a short repr).
# English keeps Pydantic's own message; a type not here keeps it in Chinese too.
PYDANTIC_ZH: dict[str, str] = {
    "missing": "缺少这一项（必填）",
    "literal_error": "应为 {expected}，不能是 {input}",
    "enum": "应为 {expected}，不能是 {input}",
    "int_parsing": "应为整数，不能是 {input}",
    "int_type": "应为整数，不能是 {input}",
    "int_from_float": "应为整数，不能带小数：{input}",
    "float_parsing": "应为数字，不能是 {input}",
    "float_type": "应为数字，不能是 {input}",
    "bool_parsing": "应为 true 或 false，不能是 {input}",
    "bool_type": "应为 true 或 false，不能是 {input}",
    "string_type": "应为文本，不能是 {input}",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应大于或等于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应小于或等于 {le}",
    "dict_type": "应为映射（键: 值），不能是 {input}",
    "model_type": "应为映射（键: 值），不能是 {input}",
    "model_attributes_type": "应为映射（键: 值），不能是 {input}",
    "too_short": "至少要有 {min_length} 项",
    "too_long": "最多只能有 {max_length} 项",
    "string_pattern_mismatch": "{input} 不符合格式 {pattern}",
    "date_parsing": "应为日期 YYYY-MM-DD，不能是 {input}",
    "date_type": "应为日期 YYYY-MM-DD，不能是 {input}",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD，不能是 {input}",
    "date_from_datetime_inexact": "应为不带时间的日期 YYYY-MM-DD，不能是 {input}",
    "path_type": "应为路径，不能是 {input}",
}


def say(key: str, lang: str, /, **fields: Any) -> str:
    from jdcheck.messages import say_in

    return say_in(TEXTS, key, lang, **{name: _rendered(value, lang) for name, value in fields.items()})


def _rendered(value: Any, lang: str) -> Any:
    if callable(getattr(value, "render", None)):  # a Text, a Failure, a library's message
        return value.render(lang)
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else ", ").join(str(_rendered(item, lang)) for item in value)
    return value


class Text:
    """A text not yet in a language: a key of TEXTS and its fields."""

    def __init__(self, key: str, /, **fields: Any) -> None:
        if key not in TEXTS:
            raise KeyError(key)  # a typo in a key is a bug, found where it is made
        self.key, self.fields = key, fields

    def render(self, lang: str) -> str:
        return say(self.key, lang, **self.fields)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Text({self.key!r}, {self.fields!r})"


class Failure(Exception):
    """A failure that ends the run with exit 2, as a Text; shown by `render(lang)`. `str()` is the
    English line (logs, --debug), never what an operator reads."""

    def __init__(self, key: str, /, **fields: Any) -> None:
        self.text = Text(key, **fields)
        super().__init__(key)

    @property
    def key(self) -> str:
        return self.text.key

    def render(self, lang: str) -> str:
        return self.text.render(lang)

    def __str__(self) -> str:
        return self.render("en")

    def __reduce__(self):  # across a process pool: a subclass's __init__ takes other arguments
        return _restored, (type(self), self.__dict__)


def _restored(cls: type, state: dict) -> Failure:
    failure = cls.__new__(cls)
    failure.__dict__.update(state)
    return failure


def unknown_type(value: str) -> dict[str, Any]:
    """The fields of "unknown_type": a type's Chinese name or a folder-name start (团购, 服装城)
    is told the type to write."""
    from jdcheck.codes import TYPES
    from jdcheck.config import type_from_name

    meant = type_from_name(value.strip()) if value.strip() else None
    return {"value": value, "choices": TYPES, "meant": Text("type_meant", value=value, type=meant) if meant else ""}


class Invalid(Failure, ValueError):
    """A value a rule-file or jdcheck.yaml validator refuses: Pydantic keeps it as the error's
    ctx["error"], and `PydanticText` renders it in the report's language."""


# ── Pydantic ───────────────────────────────────────────────────────────────────────────────


class PydanticText:
    """One Pydantic error's message: in Chinese by its type and ctx, in English Pydantic's own."""

    def __init__(self, error: dict) -> None:
        self.error = error

    def render(self, lang: str) -> str:
        from jdcheck.messages import fill

        error = self.error
        kind, ctx = error.get("type", ""), dict(error.get("ctx") or {})
        if isinstance(ctx.get("error"), Failure):  # a validator of ours said why
            return ctx["error"].render(lang)
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        if lang == "en" or kind not in PYDANTIC_ZH:
            return message
        if "expected" in ctx:  # "'groupbuy', 'homepage' or 'channel'"
            ctx["expected"] = re.sub(r"' or '", "' 或 '", re.sub(r"', '", "'、'", str(ctx["expected"])))
        return fill(PYDANTIC_ZH[kind], **ctx, input=_short(error.get("input")))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


# ── PyYAML ─────────────────────────────────────────────────────────────────────────────────

# PyYAML's problems in Chinese: (pattern, Chinese) matched at the start of the problem PyYAML
# reports (r"\1" in the Chinese: the pattern's group). Each phrase is in two spellings, libyaml's
# (yaml.CSafeLoader: scanner.c, parser.c, reader.c, the C composer) and pure PyYAML's
# (scanner.py, parser.py, composer.py, reader.py); constructor.py's are shared. Every problem
# that the scanner, the parser, the composer and SafeConstructor can raise on a text is here
# (PyYAML 6: "invalid indentation or unclosed '['" and "found non-specific tag" are commented
# out; "<stream-start>" cannot be missing from a text); English keeps PyYAML's words.
_DIRECTIVE = "“%” 开头的指令行写错了（jdcheck 的文件不需要 %YAML 或 %TAG 行，删掉即可）"
_TAB = "这里有制表符（Tab）：YAML 的缩进只能用空格"
_TAG = "标签（! 开头的写法）不完整或写错了"
YAML_ZH: tuple[tuple[str, str], ...] = (
    # ── scanner ──
    (r"found character '\\t' that cannot start any token", _TAB),
    (r"found character that cannot start any token", "这里有 YAML 不允许的字符（常见的是制表符 Tab：缩进只能用空格）"),
    (r"found character (.+) that cannot start any token", r"这里有 YAML 不允许的字符 \1（如 @ 或 ` 开头的值请加引号）"),
    (r"found a tab character (?:that violates indentation|where an indentation space is expected)", _TAB),
    (r"could not find expected ':'", "缺少冒号“:”（每个键后面要有“: ”）"),
    (r"mapping values are not allowed (?:here|in this context)", "这里不能出现“键: 值”（缩进不对？值里有“: ”时请给值加引号）"),
    (r"mapping keys are not allowed (?:here|in this context)", "这里不能出现“? ”开头的键（缩进不对？）"),
    (r"(?:block )?sequence entries are not allowed (?:here|in this context)", "这里不能出现“- ”列表项（缩进不对？值里以“- ”开头时请加引号）"),
    (r"found unexpected end of stream", "文件在引号或括号闭合之前就结束了：引号或括号没有闭合"),
    (r"found unexpected document (?:indicator|separator)", "引号里出现了文档分隔符“---”或“...”：前面的引号没有闭合"),
    (r"found unexpected ':'", "方括号或花括号里的冒号“:”后面要有空格，或给值加引号"),
    (r"found unknown escape character", "双引号里有无效的转义字符（Windows 路径请用单引号）"),
    (r"(?:did not find expected hexdecimal number|expected escape sequence of \d+ hexadecimal numbers)",
     "双引号里“\\x”“\\u”“\\U”后面要跟十六进制数字（Windows 路径请用单引号）"),
    (r"found invalid Unicode character escape code", "双引号里的 Unicode 转义码无效"),
    (r"(?:found an indentation indicator equal to 0|expected indentation indicator in the range 1-9)",
     "块文本（| 或 >）后面的缩进数字只能是 1 到 9"),
    (r"expected chomping or indentation indicators", "块文本（| 或 >）后面只能跟 +、- 或缩进数字"),
    (r"(?:did not find expected comment or line break|expected a comment or a line break)",
     "这一行的值后面还有多余的内容（注释要以“ #”开头，前面留一个空格）"),
    (r"(?:did not find expected whitespace|expected ' ', but found)", "这里缺少空格"),
    (r"(?:did not find expected alphabetic or numeric character|expected alphabetic or numeric character)",
     "“&”或“*”后面要跟锚点的名字（字母或数字）；普通的值以 & 或 * 开头时请加引号"),
    (r"(?:did not find the expected '>'|expected '>', but found)", _TAG),
    (r"(?:did not find expected tag URI|expected URI, but found|did not find expected '!'|expected '!', but found)", _TAG),
    (r"(?:did not find URI escaped octet|expected URI escape sequence|found an incorrect (?:leading|trailing) UTF-8 octet)", _TAG),
    (r"(?:could not find expected directive name|found unknown directive name|found unexpected non-alphabetical character"
     r"|did not find expected version number|found extremely long version number"
     r"|did not find expected digit or '.' character|expected a digit)", _DIRECTIVE),
    # ── parser ──
    (r"(?:did not find expected <document start>|expected '<document start>', but found)",
     "这里缺少文档开始标记“---”（上一行多了“...”？）"),
    (r"(?:found duplicate %YAML directive|found duplicate YAML directive|found incompatible YAML document"
     r"|found duplicate %TAG directive|duplicate tag handle)", _DIRECTIVE),
    (r"found undefined tag handle", _TAG),
    (r"(?:did not find expected node content|expected the node content)", "这里缺少值"),
    (r"did not find expected key", "缩进没有对齐，或少了“- ”"),
    (r"expected <block end>", "缩进没有对齐"),
    (r"did not find expected '-' indicator", "列表项没有对齐：每一项都要以同样缩进的“- ”开头"),
    (r"(?:did not find expected|expected) ',' or '\]'", "列表 [ … ] 没有闭合：缺少“]”，或两项之间缺少逗号“,”"),
    (r"(?:did not find expected|expected) ',' or '\}'", "映射 { … } 没有闭合：缺少“}”，或两项之间缺少逗号“,”"),
    (r"(?:exceeded maximum nesting depth|Maximum nesting level reached)", "方括号、花括号或缩进嵌套的层数太多"),
    # ── composer ──
    (r"found undefined alias", "引用了没有定义的别名（*…）：普通的值以 * 开头时请加引号"),
    (r"second occurrence", "锚点（&…）重复定义了"),
    (r"but found another document", "一个文件里只能有一个 YAML 文档：这里的“---”后面又开始了一个"),
    # ── reader ──
    (r"unacceptable character (#x[0-9a-fA-F]+): (?:special|control) characters are not allowed",
     r"这里有看不见的控制字符（\1），请删掉它（常见于从网页或聊天窗口复制的文字）"),
    # ── SafeConstructor ──
    (r"could not determine a constructor for the tag (.*)", r"不允许的 YAML 标签 \1（jdcheck 只读普通的值，不执行代码）"),
    (r"found unhashable key", "键不能是列表或映射"),
    (r"expected a mapping (?:or list of mappings )?for merging", "“<<”只能合并映射（键: 值）"),
    (r"expected a (?:mapping|sequence|scalar) node", "这个值的类型和它的标签（!!…）不符"),
    (r"(?:expected a sequence, but found|expected a mapping of length 1)", "!!omap 或 !!pairs 要写成每项一个“键: 值”的列表"),
)


class LibraryPhrase:
    """A library's own words in an error (Python's calendar: "month must be in 1..12"), in the
    report's language through the catalogue's reader phrases (messages.reader_phrase)."""

    def __init__(self, phrase: str) -> None:
        self.phrase = phrase

    def render(self, lang: str) -> str:
        from jdcheck.messages import reader_phrase

        return reader_phrase(self.phrase, lang)


def os_reason(exc: OSError) -> LibraryPhrase:
    """Why the system refused (its strerror: "Permission denied"), in the report's language; the
    Chinese for the common reasons is in the catalogue's reader phrases."""
    return LibraryPhrase(exc.strerror or str(exc))


class YamlProblem:
    """What PyYAML says is wrong, in Chinese where the problem is a common one."""

    def __init__(self, problem: str) -> None:
        self.problem = problem

    def render(self, lang: str) -> str:
        if lang != "en":
            for pattern, chinese in _yaml_zh():
                found = pattern.match(self.problem)
                if found:  # \1: the pattern's group; any other backslash is text (\x)
                    return _GROUP.sub(lambda ref: found.group(int(ref[1])) or "", chinese)
        return self.problem


_GROUP = re.compile(r"\\(\d)")


@functools.cache
def _yaml_zh() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(pattern), chinese) for pattern, chinese in YAML_ZH)


# ── Click ──────────────────────────────────────────────────────────────────────────────────

# Click's UsageError carries only its English text; the few that jdcheck's commands can raise.
_CLICK_USAGE = (
    (re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<arguments>.*)\)$", re.S), "click.extra_arguments"),
    (re.compile(r"No such command '(?P<command>.*)'\.$", re.S), "click.no_such_command"),
    (re.compile(r"Missing command\.$"), "click.missing_command"),
)


class ClickText:
    """A Click usage error (bad option, missing argument …): in English Click's own line, in Chinese
    by its class, option and argument names unchanged. Recognised by class names, as Typer may
    vendor Click."""

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def render(self, lang: str) -> str:
        text = self._text()
        if text is None or (lang == "en" and text.key.startswith("click.")):
            return self.exc.format_message()
        return text.render(lang)

    def _text(self) -> Text | PydanticText | None:
        exc = self.exc
        kinds = {cls.__name__ for cls in type(exc).__mro__}
        if "NoSuchOption" in kinds:
            possible = getattr(exc, "possibilities", None)
            return Text("click.no_such_option", option=exc.option_name,
                        possible=Text("click.possible", options=sorted(possible)) if possible else "")
        if "MissingParameter" in kinds:
            param = getattr(exc, "param", None)
            if param is None:
                return None
            if getattr(param, "param_type_name", "") == "argument":
                return _missing_folder(exc, _argument_name(param)) or Text("click.missing_argument", name=_argument_name(param))
            return Text("click.missing_option", name=_hint(exc))
        if "BadParameter" in kinds:
            cause = exc.__cause__
            problem = (PydanticText(cause.errors()[0]) if callable(getattr(cause, "errors", None)) and cause.errors()
                       else exc.message)
            return Text("click.bad_value", name=_hint(exc), problem=problem)  # type: ignore[arg-type]
        if "BadOptionUsage" in kinds:
            if "requires" in exc.message:
                return Text("click.needs_value", option=exc.option_name)
            if "does not take a value" in exc.message:
                return Text("click.takes_no_value", option=exc.option_name)
            return None
        for pattern, key in _CLICK_USAGE:
            found = pattern.match(str(getattr(exc, "message", "")))
            if found:
                return Text(key, **found.groupdict())
        return None


def _missing_folder(exc: Any, name: str) -> Text | None:
    """`jdcheck fix channel -o out` and `jdcheck fix 团购-1201 -o out`: TYPE FOLDER with one of
    them left out. Click says FOLDER is missing either way; say which, with the line to type."""
    given = (getattr(getattr(exc, "ctx", None), "params", None) or {}).get("type")
    if name != "FOLDER" or not isinstance(given, str) or not given.strip():
        return None
    return folder_or_type_missing(exc.ctx.info_name, given)


def folder_or_type_missing(command: str, given: str) -> Text:
    """The one argument of a TYPE FOLDER command: a type (the folder is missing) or a folder
    (the type is)."""
    from pathlib import Path

    from jdcheck.codes import TYPES

    if given.strip().lower() not in TYPES and Path(given).is_dir():
        return Text("type_missing", command=command, folder=given, choices=TYPES)
    return Text("folder_missing", command=command, type=given)


def _argument_name(param: Any) -> str:
    """An argument as --help's usage line shows it (TYPE, FOLDER)."""
    return str(getattr(param, "metavar", None) or getattr(param, "name", "") or "").upper()


def _hint(exc: Any) -> str:
    hint = getattr(exc, "param_hint", None)
    if hint is None and getattr(exc, "param", None) is not None:
        param = exc.param
        try:
            hint = param.get_error_hint()
        except TypeError:  # Click (not Typer's vendored copy) takes the context
            hint = param.get_error_hint(exc.ctx)
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(part) for part in hint)
    return hint or ""
