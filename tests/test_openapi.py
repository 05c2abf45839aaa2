"""The OpenAPI description shipped in ``huddle.server`` matches the API's routes and is well formed.

No server is started: the routes come from ``huddle.server.api.handlers`` and the document is read
from the installed package, exactly as ``GET /huddle/api/v1/openapi.json`` serves it.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any, Iterator

import pytest

from huddle.server.api import PREFIX, ApiContext, handlers

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
GROUP = re.escape(r"([^/]+)")
PLACEHOLDER_NAMES = ("code", "activity")
CATCH_ALL = "/.*"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    text = resources.files("huddle.server").joinpath("openapi.json").read_text(encoding="utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def routes() -> dict[str, tuple[str, type]]:
    """Spec-style path -> (tornado pattern relative to the prefix, handler class), catch-all left out."""
    context = ApiContext(service=None, admin_digest="x")  # type: ignore[arg-type]  # enough to list routes
    found: dict[str, tuple[str, type]] = {}
    for pattern, handler, _ in handlers(context):
        assert pattern.startswith(PREFIX), pattern
        relative = pattern[len(PREFIX):]
        if relative == CATCH_ALL:
            continue
        found[to_spec_path(relative)] = (relative, handler)
    context.executor.shutdown(wait=False)
    return found


def to_spec_path(pattern: str) -> str:
    """``/sessions/([^/]+)/results/([^/]+)`` -> ``/sessions/{code}/results/{activity}``."""
    names = iter(("name",) if pattern.startswith("/series/") else ("id",) if pattern.startswith("/workshops/") else PLACEHOLDER_NAMES)
    path = re.sub(GROUP, lambda _: "{" + next(names) + "}", pattern)
    assert not set("()[]*+?\\") & set(path), f"unexpected regex in route {pattern!r}"
    return path


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def test_servers_point_at_the_api_prefix(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1")
    assert spec["servers"] == [{"url": PREFIX}]


def test_every_route_is_described(spec: dict[str, Any], routes: dict[str, tuple[str, type]]) -> None:
    missing = sorted(set(routes) - set(spec["paths"]))
    assert not missing, f"routes without an entry in openapi.json: {missing}"


def test_every_described_path_matches_a_route(spec: dict[str, Any], routes: dict[str, tuple[str, type]]) -> None:
    for path in spec["paths"]:
        # Fill the placeholders with sample values and match like tornado does (anchored).
        concrete = re.sub(r"\{[^}]+\}", "SAMPLE1", path)
        matching = [p for p, (pattern, _) in routes.items() if re.fullmatch(pattern, concrete)]
        assert matching == [path], f"{path} matches routes {matching}"


def test_methods_exist_on_the_handlers(spec: dict[str, Any], routes: dict[str, tuple[str, type]]) -> None:
    for path, item in spec["paths"].items():
        handler = routes[path][1]
        described = {method for method in item if method in HTTP_METHODS}
        defined = {method for method in HTTP_METHODS if method in vars(handler)}
        assert described <= defined, f"{path}: {sorted(described - defined)} not defined on {handler.__name__}"
        assert defined <= described, f"{path}: {handler.__name__} also answers {sorted(defined - described)}"


def test_every_ref_resolves(spec: dict[str, Any]) -> None:
    def refs(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    found = list(refs(spec))
    assert found, "expected the document to use $ref"
    for ref in found:
        assert ref.startswith("#/"), f"{ref} points outside the document"
        target: Any = spec
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            assert isinstance(target, dict) and part in target, f"{ref} does not resolve"
            target = target[part]


def test_operations_are_documented(spec: dict[str, Any]) -> None:
    error = "#/components/schemas/Error"
    for path, method, operation in operations(spec):
        where = f"{method.upper()} {path}"
        assert operation.get("summary") and operation.get("description"), where
        assert operation.get("responses"), where
        for status, response in operation["responses"].items():
            assert response.get("description"), f"{where} {status}"
            if status.startswith("4"):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": error}, f"{where} {status} should use the Error schema"


def test_keys_are_marked(spec: dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    for name in ("facilitatorKey", "adminToken"):
        assert schemes[name]["type"] == "http" and schemes[name]["scheme"] == "bearer"
    expected = {
        ("/sessions", "post"): [{"adminToken": []}],
        ("/sessions", "get"): [{"adminToken": []}],
        ("/workshops", "post"): [{"adminToken": []}],
        ("/workshops/{id}", "get"): [{"adminToken": []}],
        ("/workshops/{id}", "delete"): [{"adminToken": []}],
        ("/sessions/{code}", "delete"): [{"facilitatorKey": []}],
        ("/sessions/{code}/control", "post"): [{"facilitatorKey": []}],
        ("/sessions/{code}/tally", "get"): [{"facilitatorKey": []}],
        ("/sessions/{code}/moderation", "get"): [{"facilitatorKey": []}],
        ("/sessions/{code}/workshop", "get"): [{"facilitatorKey": []}],
        ("/sessions/{code}/export", "get"): [{"facilitatorKey": []}],
        ("/series/{name}", "get"): [{"adminToken": []}],
    }
    assert "security" not in spec or spec["security"] in ([], [{}])
    for path, method, operation in operations(spec):
        security = operation.get("security", [])
        assert security == expected.get((path, method), []), f"{method.upper()} {path}"
        if (path, method) in expected:
            assert "401" in operation["responses"], f"{method.upper()} {path} needs a 401 response"


def test_spec_is_valid_openapi(spec: dict[str, Any]) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    validate = getattr(validator, "validate", None) or validator.validate_spec
    validate(spec)
