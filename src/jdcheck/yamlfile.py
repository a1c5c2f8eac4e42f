"""Safe YAML loading that remembers where every value came from.

Rule files and folder configs are written by hand; a mistake must be reported as `file:line`, not
as a Python traceback. PyYAML's composed nodes carry their start marks, so we construct the data
with the *safe* constructor (tags such as `!!python/object` are refused) and record the line of
each key path on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Location = tuple[str, int]  # (file, 1-based line)
KeyPath = tuple[str | int, ...]


class ConfigError(Exception):
    """A broken rule file, folder config or argument: one line for the user, exit 2."""

    def __init__(self, message: str, file: str | Path | None = None, line: int | None = None):
        self.file = str(file) if file is not None else None
        self.line = line
        self.detail = message
        where = f"{self.file}:{line}: " if self.file and line else (f"{self.file}: " if self.file else "")
        super().__init__(f"{where}{message}")


@dataclass
class YamlDoc:
    """Plain data plus the location of every key path in it."""

    data: Any
    file: str
    locations: dict[KeyPath, Location] = field(default_factory=dict)

    def locate(self, path: KeyPath) -> Location:
        """The location of `path`, or of its closest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path[:-1]
        return self.locations.get((), (self.file, 1))


def load_yaml(path: Path, *, max_bytes: int = 1_000_000) -> YamlDoc:
    """Read a YAML mapping from `path` with safe loading; raises ConfigError with file:line."""

    try:
        if path.stat().st_size > max_bytes:
            raise ConfigError(f"file is larger than {max_bytes} bytes", path)
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text (save the file as UTF-8)", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path) from None
    return parse_yaml(text, str(path))


def parse_yaml(text: str, file: str) -> YamlDoc:
    import yaml

    # libyaml's parser is ten times faster (15 ms → 1.5 ms for a rule file) and keeps the marks.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc({}, file, {(): (file, 1)})
        _bound_expansion(node, file)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(f"invalid YAML: {exc.problem or exc.context}", file, line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", file) from None
    except (ValueError, OverflowError) as exc:
        # A value YAML resolves as a date but the calendar refuses (`today: 2026-13-01`)
        bad = min(_bad_dates(node), key=lambda n: n.start_mark.index, default=None)
        if bad is None:
            raise ConfigError(f"invalid value: {exc}", file) from None
        raise ConfigError(f"invalid date {bad.value!r}: {exc}", file, bad.start_mark.line + 1) from None
    finally:
        loader.dispose()
    doc = YamlDoc(data, file)
    _record(node, (), doc)
    return doc


def _bad_dates(root: Any):
    """The scalar nodes resolved as timestamps whose date does not exist."""
    import yaml

    stack = [root]
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
            raise ConfigError(
                f"more than {MAX_NODES:,} values once aliases are expanded (an alias bomb?)",
                file, node.start_mark.line + 1)
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
                raise ConfigError(f"duplicate key {key!r}", doc.file, key_node.start_mark.line + 1)
            seen.add(key)
            _record(value_node, (*path, key), doc)
            doc.locations[(*path, key)] = (doc.file, key_node.start_mark.line + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*path, index), doc)
