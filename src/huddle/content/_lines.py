"""Map each path inside a YAML document to the line it starts on, for located error messages."""

from __future__ import annotations

from typing import Any

import yaml


def line_map(text: str) -> dict[tuple[Any, ...], int]:
    """``{(key, index, ...): line}`` (1-based) for every mapping key and sequence item."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value
                lines[path + (key,)] = key_node.start_mark.line + 1
                walk(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, path + (index,))

    if root is not None:
        walk(root, ())
    return lines
