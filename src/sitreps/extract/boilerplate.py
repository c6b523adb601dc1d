"""Boilerplate rules from ``sitreps/data/boilerplate.yaml``: loaded once, validated on load.

A broken entry raises :class:`BoilerplateConfigError` naming the file, the line and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "boilerplate.yaml"
SCOPES = ("any", "tail")
_TOP_KEYS = {"version", "title_labels", "tag_labels", "kinds"}
_KIND_KEYS = {"scope", "max_chars", "patterns"}


try:  # the project's shared error for data files, when present
    from ..datafiles import DataFileError as _Base
except ImportError:  # pragma: no cover
    _Base = ValueError


class BoilerplateConfigError(_Base):
    """A malformed boilerplate file; the message is ``FILE:LINE: ENTRY: problem``."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        ValueError.__init__(self, message)
        self.path, self.line = path, line


@dataclass
class Kind:
    name: str
    scope: str
    patterns: list[re.Pattern]
    max_chars: int | None = None


@dataclass
class Rules:
    kinds: list[Kind]
    title_labels: list[re.Pattern]
    tag_line: re.Pattern | None
    path: str = ""
    _any: list[tuple[Kind, re.Pattern]] = field(default_factory=list, repr=False)

    def match(self, block: str, *, tail: bool = False) -> str | None:
        """The kind of boilerplate ``block`` is, or None. ``tail``: the block is in the end zone."""
        n = len(block)
        for kind in self.kinds:
            if kind.scope == "tail" and not tail:
                continue
            if not tail and kind.max_chars is not None and n > kind.max_chars:
                continue
            for pat in kind.patterns:
                if pat.search(block):
                    return kind.name
        return None

    def strip_title_label(self, title: str) -> str:
        for pat in self.title_labels:
            new = pat.sub("", title, count=1)
            if new != title and new.strip():
                return new.strip()
        return title

    def tag_values(self, line: str) -> list[str] | None:
        """The tags of a tag line ("Theme: A, B" -> [A, B]); None if it is not one."""
        if self.tag_line is None:
            return None
        m = self.tag_line.match(line.strip())
        if not m:
            return None
        return [t.strip(" .;") for t in re.split(r"[,;|]", m.group("values")) if t.strip(" .;")]


def _err(path: str, node: yaml.Node | None, where: str, msg: str) -> BoilerplateConfigError:
    line = node.start_mark.line + 1 if node is not None else None
    return BoilerplateConfigError(f"{path}{f':{line}' if line else ''}: {where}: {msg}", path, line)


def _mapping(node: yaml.Node, path: str, where: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise _err(path, node, where, "expected a mapping")
    return {k.value: (k, v) for k, v in node.value}


def _regex_list(node: yaml.Node, path: str, where: str) -> list[re.Pattern]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise _err(path, node, where, "expected a non-empty list of regular expressions")
    out = []
    for i, item in enumerate(node.value):
        if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
            raise _err(path, item, f"{where}[{i}]", "expected a non-empty string")
        try:
            out.append(re.compile(item.value, re.I))
        except re.error as exc:
            raise _err(path, item, f"{where}[{i}]", f"bad regular expression {item.value!r}: {exc}") from None
    return out


def parse_rules(text: str, path: str = "<string>") -> Rules:
    """Parse and validate boilerplate rules from YAML text."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise BoilerplateConfigError(f"{path}: not valid YAML: {exc}") from None
    if root is None:
        raise BoilerplateConfigError(f"{path}: empty file")
    top = _mapping(root, path, "top level")
    for key, (knode, _) in top.items():
        if key not in _TOP_KEYS:
            raise _err(path, knode, key, f"unknown key (expected one of {sorted(_TOP_KEYS)})")
    if "kinds" not in top:
        raise _err(path, root, "top level", "missing 'kinds'")
    kinds = []
    for name, (_, knode) in _mapping(top["kinds"][1], path, "kinds").items():
        where = f"kinds.{name}"
        spec = _mapping(knode, path, where)
        for key, (kk, _) in spec.items():
            if key not in _KIND_KEYS:
                raise _err(path, kk, f"{where}.{key}", f"unknown key (expected one of {sorted(_KIND_KEYS)})")
        scope = spec["scope"][1].value if "scope" in spec else None
        if scope not in SCOPES:
            raise _err(
                path, spec.get("scope", (None, knode))[1], f"{where}.scope", f"must be one of {SCOPES}"
            )
        max_chars = None
        if "max_chars" in spec:
            raw = spec["max_chars"][1].value
            if not str(raw).isdigit():
                raise _err(path, spec["max_chars"][1], f"{where}.max_chars", "must be a positive integer")
            max_chars = int(raw)
        if "patterns" not in spec:
            raise _err(path, knode, where, "missing 'patterns'")
        pats = _regex_list(spec["patterns"][1], path, f"{where}.patterns")
        kinds.append(Kind(name=name, scope=scope, patterns=pats, max_chars=max_chars))
    title_labels = _regex_list(top["title_labels"][1], path, "title_labels") if "title_labels" in top else []
    tag_line = None
    if "tag_labels" in top:
        labels = _regex_list(top["tag_labels"][1], path, "tag_labels")
        alt = "|".join(f"(?:{p.pattern})" for p in labels)
        tag_line = re.compile(rf"^(?P<label>{alt})\s*:\s*(?P<values>\S.*)$", re.I)
    return Rules(kinds=kinds, title_labels=title_labels, tag_line=tag_line, path=path)


def load_rules(path: str | Path) -> Rules:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise BoilerplateConfigError(f"{p}: cannot read: {exc}") from None
    return parse_rules(text, str(p))


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The packaged rules, loaded once per process."""
    return load_rules(DATA_FILE)
