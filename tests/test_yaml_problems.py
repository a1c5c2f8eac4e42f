"""PyYAML's problems with a jdcheck.yaml or a rule file, in the report's language and at the line a
person fixes (messages/errors.py YAML_ZH, yamlfile.parse_yaml). Each phrase is in two spellings:
libyaml's (yaml.CSafeLoader, the loader jdcheck uses whenever PyYAML was built with it) and pure
PyYAML's (the fallback); every entry of the table is reached by a text below under one of them."""

from __future__ import annotations

import re

import pytest
import yaml

from jdcheck.messages.errors import YAML_ZH
from jdcheck.yamlfile import ConfigError, parse_yaml

# (id, the file's text, the line reported, the problem in zh, in en) under libyaml
CASES = [
    ('tab-indent', 'type: groupbuy\nselect:\n\t- S\n', 3, '这里有制表符（Tab）：YAML 的缩进只能用空格',
     "found character '\\t' that cannot start any token"),
    ('at-sign', 'type: groupbuy\nexample: @红蜻蜓\n', 2, "这里有 YAML 不允许的字符 '@'（如 @ 或 ` 开头的值请加引号）",
     "found character '@' that cannot start any token"),
    ('tab-in-block-scalar', 'note: |\n  第一行\n\t 第二行\n', 3, '这里有制表符（Tab）：YAML 的缩进只能用空格',
     'found a tab character where an indentation space is expected'),
    ('tab-before-list-item', 'select:\n  - S\n\t- I\n', 3, '这里有制表符（Tab）：YAML 的缩进只能用空格',
     'found a tab character that violates indentation'),
    ('value-without-key', 'type: groupbuy\nselect\n', 2, '缺少冒号“:”（每个键后面要有“: ”）',
     "could not find expected ':'"),
    ('key-without-colon', 'type: groupbuy\nselect\nignore: [S006]\n', 3, '缺少冒号“:”（每个键后面要有“: ”）',
     "could not find expected ':'"),
    ('colon-in-value', 'example: 价格: 199\n', 1, '这里不能出现“键: 值”（缩进不对？值里有“: ”时请给值加引号）',
     'mapping values are not allowed in this context'),
    ('question-mark-in-value', 'type: ? groupbuy\n', 1, '这里不能出现“? ”开头的键（缩进不对？）',
     'mapping keys are not allowed in this context'),
    ('dash-after-key', 'select: - S006\n', 1, '这里不能出现“- ”列表项（缩进不对？值里以“- ”开头时请加引号）',
     'block sequence entries are not allowed in this context'),
    ('quote-not-closed', 'type: groupbuy\nexample: "红蜻蜓\nselect: [S]\n', 2, '文件在引号或括号闭合之前就结束了：引号或括号没有闭合',
     'found unexpected end of stream'),
    ('quote-runs-into-document-marker', "example: '红蜻蜓\n---\nb'\n", 2, '引号里出现了文档分隔符“---”或“...”：前面的引号没有闭合',
     'found unexpected document indicator'),
    ('colon-ending-flow-item', 'select: [S006, I:]\n', 1, '方括号或花括号里的冒号“:”后面要有空格，或给值加引号',
     "found unexpected ':'"),
    ('bad-escape', 'path: "D:\\提报"\n', 1, '双引号里有无效的转义字符（Windows 路径请用单引号）',
     'found unknown escape character'),
    ('windows-path-in-double-quotes', 'path: "C:\\Users\\ops"\n', 1, '双引号里“\\x”“\\u”“\\U”后面要跟十六进制数字（Windows 路径请用单引号）',
     'did not find expected hexdecimal number'),
    ('bad-unicode-escape', 'path: "\\UFFFFFFFF"\n', 1, '双引号里的 Unicode 转义码无效',
     'found invalid Unicode character escape code'),
    ('block-scalar-indent-0', 'note: |0\n  x\n', 1, '块文本（| 或 >）后面的缩进数字只能是 1 到 9',
     'found an indentation indicator equal to 0'),
    ('block-scalar-bad-indicator', 'note: |x\n  x\n', 1, '这一行的值后面还有多余的内容（注释要以“ #”开头，前面留一个空格）',
     'did not find expected comment or line break'),
    ('text-after-quoted-value', "type: 'groupbuy' 团购\n", 1, '缩进没有对齐，或少了“- ”',
     'did not find expected key'),
    ('directive-without-space', '%TAG !a!b c\n---\ntype: groupbuy\n', 1, '这里缺少空格',
     'did not find expected whitespace'),
    ('anchor-without-name', 'type: &\n', 1, '“&”或“*”后面要跟锚点的名字（字母或数字）；普通的值以 & 或 * 开头时请加引号',
     'did not find expected alphabetic or numeric character'),
    ('tag-without-end', 'type: !<abc groupbuy\n', 1, '标签（! 开头的写法）不完整或写错了',
     "did not find the expected '>'"),
    ('empty-tag', 'type: !<> groupbuy\n', 1, '标签（! 开头的写法）不完整或写错了',
     'did not find expected tag URI'),
    ('tag-directive-without-bang', '%TAG !a b\n---\ntype: groupbuy\n', 1, '标签（! 开头的写法）不完整或写错了',
     "did not find expected '!'"),
    ('tag-bad-escape', 'type: !<%G1> groupbuy\n', 1, '标签（! 开头的写法）不完整或写错了',
     'did not find URI escaped octet'),
    ('unknown-directive', '%\n---\ntype: groupbuy\n', 1, '“%” 开头的指令行写错了（jdcheck 的文件不需要 %YAML 或 %TAG 行，删掉即可）',
     'could not find expected directive name'),
    ('document-end-then-more', 'type: groupbuy\n...\nselect: [S]\n', 3, '这里缺少文档开始标记“---”（上一行多了“...”？）',
     'did not find expected <document start>'),
    ('two-yaml-directives', '%YAML 1.1\n%YAML 1.1\n---\ntype: groupbuy\n', 2, '“%” 开头的指令行写错了（jdcheck 的文件不需要 %YAML 或 %TAG 行，删掉即可）',
     'found duplicate %YAML directive'),
    ('undefined-tag-handle', 'type: !x!y groupbuy\n', 1, '标签（! 开头的写法）不完整或写错了',
     'found undefined tag handle'),
    ('empty-list-item', 'select: [S, , I]\n', 1, '这里缺少值',
     'did not find expected node content'),
    ('key-indented-less', 'checks:\n  T003:\n    words: [a]\n   S006: {}\n', 4, '缩进没有对齐，或少了“- ”',
     'did not find expected key'),
    ('list-item-misaligned', 'select:\n  - S\n  ignore: [I]\n', 3, '列表项没有对齐：每一项都要以同样缩进的“- ”开头',
     "did not find expected '-' indicator"),
    ('list-not-closed', 'extends: groupbuy\nchecks:\n  T003:\n    words+: [雪地靴\n', 4, '列表 [ … ] 没有闭合：缺少“]”，或两项之间缺少逗号“,”',
     "did not find expected ',' or ']'"),
    ('list-not-closed-next-key', 'select: [S006, I001\nignore: [T]\n', 1, '列表 [ … ] 没有闭合：缺少“]”，或两项之间缺少逗号“,”',
     "did not find expected ',' or ']'"),
    ('mapping-not-closed', 'severity: {S006: warning\n', 1, '映射 { … } 没有闭合：缺少“}”，或两项之间缺少逗号“,”',
     "did not find expected ',' or '}'"),
    ('nested-too-deep', "select: " + "[" * 2000 + "]" * 2000 + "\n", 1, '方括号、花括号或缩进嵌套的层数太多',
     'exceeded maximum nesting depth'),
    ('undefined-alias', 'example: *hongqingting\n', 1, '引用了没有定义的别名（*…）：普通的值以 * 开头时请加引号',
     'found undefined alias'),
    ('alias-of-cjk', 'example: *红蜻蜓\n', 1, '“&”或“*”后面要跟锚点的名字（字母或数字）；普通的值以 & 或 * 开头时请加引号',
     'did not find expected alphabetic or numeric character'),
    ('anchor-twice', 'a: &x 1\nb: &x 2\n', 2, '锚点（&…）重复定义了',
     'second occurrence'),
    ('two-documents', 'type: groupbuy\n---\ntype: homepage\n', 2, '一个文件里只能有一个 YAML 文档：这里的“---”后面又开始了一个',
     'but found another document'),
    ('control-character', 'type: groupbuy\nexample: 红蜻蜓\x07\n', 2, '这里有看不见的控制字符（#x0007），请删掉它（常见于从网页或聊天窗口复制的文字）',
     'unacceptable character #x0007: control characters are not allowed'),
    ('python-tag', 'type: !!python/object/apply:os.system [echo]\n', 1, "不允许的 YAML 标签 'tag:yaml.org,2002:python/object/apply:os.system'（jdcheck 只读普通的值，不执行代码）",
     "could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
    ('list-as-key', '? [S006]\n: warning\n', 1, '键不能是列表或映射',
     'found unhashable key'),
    ('merge-of-a-list', '<<: [1]\n', 1, '“<<”只能合并映射（键: 值）',
     'expected a mapping for merging, but found scalar'),
    ('str-tag-on-a-list', 'type: !!str [groupbuy]\n', 1, '这个值的类型和它的标签（!!…）不符',
     'expected a scalar node, but found sequence'),
    ('omap-of-scalars', 'select: !!omap [S006]\n', 1, '!!omap 或 !!pairs 要写成每项一个“键: 值”的列表',
     'expected a mapping of length 1, but found scalar'),
]

# The cases pure PyYAML says otherwise (None: it reads the file); the others it says alike.
PURE_ZH = {
    'colon-ending-flow-item': None,
    'bad-unicode-escape': 'jdcheck.yaml: 无效的值：Python int too large to convert to C int',
    'block-scalar-bad-indicator': '块文本（| 或 >）后面只能跟 +、- 或缩进数字',
    'text-after-quoted-value': '缩进没有对齐',
    'unknown-directive': '“&”或“*”后面要跟锚点的名字（字母或数字）；普通的值以 & 或 * 开头时请加引号',
    'key-indented-less': '缩进没有对齐',
    'list-item-misaligned': '缩进没有对齐',
    'nested-too-deep': '方括号、花括号或缩进嵌套的层数太多',
}


def _render(text: str, lang: str) -> str | None:
    try:
        parse_yaml(text, "jdcheck.yaml")
    except ConfigError as error:
        return error.render(lang)
    return None


@pytest.fixture
def pure_pyyaml(monkeypatch):
    """PyYAML without libyaml: parse_yaml falls back to yaml.SafeLoader."""
    monkeypatch.delattr(yaml, "CSafeLoader")


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize(("text", "line", "zh", "en"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_libyaml_problem_in_both_languages_at_its_line(text, line, zh, en):
    assert (_render(text, "zh"), _render(text, "en")) == (
        f"jdcheck.yaml:{line}: YAML 格式错误：{zh}", f"jdcheck.yaml:{line}: invalid YAML: {en}")


@pytest.mark.parametrize(("case_id", "text", "line", "zh"), [c[:4] for c in CASES], ids=[c[0] for c in CASES])
def test_pure_pyyaml_problem_in_chinese_at_the_same_line(pure_pyyaml, case_id, text, line, zh):
    expected = PURE_ZH.get(case_id, zh)
    if expected is not None and not expected.startswith("jdcheck.yaml"):
        expected = f"jdcheck.yaml:{line}: YAML 格式错误：{expected}" if case_id != "nested-too-deep" else f"jdcheck.yaml: YAML 格式错误：{expected}"
    assert _render(text, "zh") == expected


def _problems(loader) -> set[str]:
    found = set()
    for _, text, *_ in CASES:
        try:
            yaml.load(text, Loader=loader)  # noqa: S506 (the safe loaders)
        except yaml.MarkedYAMLError as exc:
            found.add(exc.problem or exc.context or "")
        except yaml.reader.ReaderError as exc:
            found.add(f"unacceptable character #x{exc.character:04x}: {exc.reason}")
        except (RecursionError, ValueError, OverflowError):
            pass
    return found


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
def test_every_phrase_of_the_table_is_tested():
    """Each entry of YAML_ZH matches a problem that a case above makes libyaml or pure PyYAML
    raise: no entry is dead, and none is untested."""
    problems = _problems(yaml.CSafeLoader) | _problems(yaml.SafeLoader)
    untested = [pattern for pattern, _ in YAML_ZH if not any(re.match(pattern, p) for p in problems)]
    assert untested == []
