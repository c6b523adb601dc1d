"""Versioned data files under ``sitreps/data``: loaded once, validated, errors name file and line."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A data file is malformed; the message names the file and the line."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")
        self.path, self.line = str(path), line


def data_path(name: str) -> Path:
    return Path(str(resources.files("sitreps") / "data" / name))


def _node_lines(node: yaml.Node) -> Any:
    """Mirror of the composed YAML with the 1-based line of every sequence item / mapping value."""
    if isinstance(node, yaml.SequenceNode):
        return [(child.start_mark.line + 1, _node_lines(child)) for child in node.value]
    if isinstance(node, yaml.MappingNode):
        return {k.value: (v.start_mark.line + 1, _node_lines(v)) for k, v in node.value}
    return None


@cache
def load_yaml(name: str) -> tuple[Any, Any]:
    """(data, lines) of a data file; ``lines`` mirrors ``data`` with line numbers (see _node_lines)."""
    path = data_path(name)
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(path, mark.line + 1 if mark else None, f"invalid YAML: {exc}") from exc
    return data, (_node_lines(node) if node is not None else None)
