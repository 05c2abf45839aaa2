"""Map each path inside a YAML document to the line it starts on, for located error messages."""

from __future__ import annotations

from typing import Any

import yaml


class WorkshopLoader(yaml.SafeLoader):
    """The safe loader, refusing anchors' aliases (``*name``): a workshop file never needs them,
    and a few lines of nested aliases expand to billions of items (a "billion laughs" file sent
    to the server would hold its store thread for minutes)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in a workshop file; write the content out", event.start_mark)
        return super().compose_node(parent, index)


def load(text: str) -> Any:
    """The YAML text's data, read with ``WorkshopLoader``."""
    return yaml.load(text, Loader=WorkshopLoader)  # noqa: S506 - WorkshopLoader is a SafeLoader


def line_map(text: str) -> dict[tuple[Any, ...], int]:
    """``{(key, index, ...): line}`` (1-based) for every mapping key and sequence item."""
    root = yaml.compose(text, Loader=WorkshopLoader)
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
