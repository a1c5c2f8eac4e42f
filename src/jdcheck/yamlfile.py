"""Safe YAML loading that remembers where every value came from.

Rule files and folder configs are written by hand; a mistake must be reported as `file:line`, not
as a Python traceback. PyYAML's composed nodes carry their start marks, so we construct the data
with the *safe* constructor (tags such as `!!python/object` are refused) and record the line of
each key path on the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdcheck.messages.errors import Failure, LibraryPhrase, YamlProblem, os_reason

Location = tuple[str, int]  # (file, 1-based line)
KeyPath = tuple[str | int, ...]


class ConfigError(Failure):
    """A broken rule file, folder config or argument: one line for the user, exit 2. `key` and
    `fields` name its text in messages/errors.py; FILE:LINE (when known) comes first."""

    def __init__(self, key: str, file: str | Path | None = None, line: int | None = None, /, **fields: Any):
        super().__init__(key, **fields)
        self.file = str(file) if file is not None else None
        self.line = line

    def render(self, lang: str) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else (f"{self.file}: " if self.file else "")
        return where + super().render(lang)


@dataclass
class YamlDoc:
    """Plain data plus the location of every key path in it."""

    data: Any
    file: str
    locations: dict[KeyPath, Location] = field(default_factory=dict)
    text: str = ""

    def not_mapping(self, key: str) -> ConfigError:
        """The error for a document that is not a mapping: a full-width colon makes `type：groupbuy`
        one plain string, so that is named first."""
        return fullwidth_colon(self.text, self.file) or ConfigError(key, self.file, 1)

    def locate(self, path: KeyPath) -> Location:
        """The location of `path`, or of its closest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path[:-1]
        return self.locations.get((), (self.file, 1))


YAML_MAX_BYTES = 1_000_000  # a rule file or jdcheck.yaml is a few KB; a larger file is no config


def load_yaml(path: Path, *, max_bytes: int = YAML_MAX_BYTES) -> YamlDoc:
    """Read a YAML mapping from `path` with safe loading; raises ConfigError with file:line."""

    try:
        if path.stat().st_size > max_bytes:
            raise ConfigError("yaml.too_large", path, limit=max_bytes)
        text = _text_of(path.read_bytes())
    except UnicodeDecodeError:
        raise ConfigError("yaml.not_utf8", path) from None
    except OSError as exc:
        raise ConfigError("yaml.cannot_read", path, reason=os_reason(exc)) from None
    return parse_yaml(text, str(path))


def _text_of(data: bytes) -> str:
    """A YAML file's text as Windows editors save it: UTF-8 (with or without BOM), Notepad's
    "Unicode" (UTF-16 with its BOM), or the ANSI code page of a Chinese Windows (GBK, read as its
    superset GB18030). Raises UnicodeDecodeError when none of them reads it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def parse_yaml(text: str, file: str) -> YamlDoc:
    import yaml

    # libyaml's parser is ten times faster (15 ms → 1.5 ms for a rule file) and keeps the marks.
    loader = node = None
    try:
        # Pure PyYAML's reader refuses a control character as the loader is made.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        node = loader.get_single_node()
        if node is None:
            return YamlDoc({}, file, {(): (file, 1)}, text)
        _bound_expansion(node, file)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        found = _line_of(text, mark.line + 1) if mark else None
        typo = fullwidth_colon(text, file, until=found)
        if typo is not None:  # PyYAML names the line after it, with words that do not say why
            raise typo from None
        raise ConfigError("yaml.invalid", file, _line_to_fix(exc, text), problem=YamlProblem(_problem(exc, text))) from None
    except yaml.reader.ReaderError as exc:  # a control character pasted in
        raise ConfigError("yaml.invalid", file, _reader_line(exc, text, loader),
                          problem=YamlProblem(f"unacceptable character #x{_code(exc.character):04x}: {exc.reason}")) from None
    except yaml.YAMLError as exc:
        raise ConfigError("yaml.invalid", file, problem=YamlProblem(str(exc))) from None
    except RecursionError:  # pure PyYAML (no libyaml) on thousands of nested brackets
        raise ConfigError("yaml.invalid", file, problem=YamlProblem("exceeded maximum nesting depth")) from None
    except (ValueError, OverflowError) as exc:
        # A value YAML resolves as a date but the calendar refuses (`today: 2026-13-01`)
        bad = min(_bad_dates(node), key=lambda n: n.start_mark.index, default=None)
        if bad is None:
            raise ConfigError("yaml.invalid_value", file, error=LibraryPhrase(str(exc))) from None
        raise ConfigError("yaml.bad_date", file, bad.start_mark.line + 1, value=bad.value,
                          error=LibraryPhrase(str(exc))) from None
    finally:
        if loader is not None:
            loader.dispose()
    doc = YamlDoc(data, file, text=text)
    _record(node, (), doc)
    return doc


def _line_to_fix(exc: Any, text: str) -> int | None:
    """The line a person fixes for PyYAML's error: where the problem is found, except where a
    bracket or quote opened and never closed. PyYAML finds that only at the end of the file (a
    line past the last one) or, for a flow list or mapping, on the next line that does not
    continue it; the line to fix is where it opened (its context mark)."""
    problem, context = exc.problem_mark, exc.context_mark
    mark = problem or context
    if mark is None:
        return None
    if problem is not None and context is not None and context.line < problem.line:
        at_end = not text[problem.index:].strip()
        unclosed_flow = (exc.context or "").startswith(("while parsing a flow sequence", "while parsing a flow mapping"))
        if at_end or unclosed_flow:
            mark = context
    return _line_of(text, mark.line + 1)


def _problem(exc: Any, text: str) -> str:
    """PyYAML's problem; libyaml's "found character that cannot start any token" with the
    character, as pure PyYAML says it: a tab is told apart from an `@` or a backquote."""
    problem = exc.problem or exc.context or ""
    mark = exc.problem_mark
    if problem == "found character that cannot start any token" and mark is not None and mark.index < len(text):
        return f"found character {text[mark.index]!r} that cannot start any token"
    return problem


def _line_of(text: str, line: int) -> int:
    """`line`, or the file's last line when PyYAML names the one after it (the end of the file)."""
    return max(1, min(line, len(text.splitlines()) or 1))


def _reader_line(exc: Any, text: str, loader: Any) -> int:
    """The line of a character PyYAML's reader refuses: libyaml counts its position in UTF-8
    bytes, pure PyYAML in characters."""
    import yaml

    c_reader = loader is not None and hasattr(yaml, "CSafeLoader") and isinstance(loader, yaml.CSafeLoader)
    before = text.encode("utf-8", errors="surrogatepass")[: exc.position] if c_reader else text[: exc.position]
    newline = b"\n" if c_reader else "\n"
    return _line_of(text, before.count(newline) + 1)  # type: ignore[arg-type]


def _code(character: Any) -> int:
    return character if isinstance(character, int) else ord(character[0]) if character else 0


# `type：groupbuy`: a Chinese input method types the full-width colon. YAML then reads the line as
# one plain string and complains a line later ("mapping values are not allowed here"), or not at
# all. jdcheck's keys are ASCII words, so a word before `：` at the start of a line is a key.
_FULLWIDTH_KEY = re.compile(r"^(?P<indent>[ \t]*(?:-[ \t]+)?)(?P<key>[A-Za-z_][\w+.-]*)[ \t]*：[ \t]*(?P<value>.*?)[ \t]*$")


def fullwidth_colon(text: str, file: str, until: int | None = None) -> ConfigError | None:
    """The error for the first line (up to line `until`) whose key ends in a full-width colon."""
    for number, line in enumerate(text.splitlines(), start=1):
        if until is not None and number > until:
            break
        found = _FULLWIDTH_KEY.match(line)
        if found:
            fixed = f"{found['key']}: {found['value']}".rstrip()
            return ConfigError("yaml.fullwidth_colon", file, number, fixed=fixed)
    return None


def _bad_dates(root: Any):
    """The scalar nodes resolved as timestamps whose date does not exist."""
    import yaml

    stack = [] if root is None else [root]  # None: PyYAML failed before a node was composed
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                stack.extend((key_node, value_node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif node.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(node)
            except (ValueError, OverflowError):
                yield node


# A rule file has a few hundred nodes. Aliases (&a / *a) make the composed graph a DAG whose
# expansion can be exponential ("billion laughs" in YAML: nine lists of nine aliases to the
# previous list are 9^9 nodes); anything walking it as a tree (our line recording, Pydantic)
# would never end. The graph is walked once as a tree, with a budget, before anything else.
MAX_NODES = 100_000


def _bound_expansion(root: Any, file: str) -> None:
    """Raise ConfigError, at the line where the budget runs out, for an over-expanding graph."""
    import yaml

    stack, seen = [root], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            raise ConfigError("yaml.alias_bomb", file, node.start_mark.line + 1, limit=MAX_NODES)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                stack.extend((key_node, value_node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _record(node: Any, path: KeyPath, doc: YamlDoc) -> None:
    import yaml

    doc.locations[path] = (doc.file, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise ConfigError("yaml.duplicate_key", doc.file, key_node.start_mark.line + 1, key=key)
            seen.add(key)
            _record(value_node, (*path, key), doc)
            doc.locations[(*path, key)] = (doc.file, key_node.start_mark.line + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*path, index), doc)
