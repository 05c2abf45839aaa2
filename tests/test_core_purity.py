"""The pure core imports no widget, HTTP, SQL or data-frame library (architecture rule)."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("ipywidgets", "tornado", "sqlite3", "psycopg", "pandas", "matplotlib", "requests", "urllib3", "voila", "yaml")


def test_core_and_service_import_nothing_from_the_adapters():
    code = (
        "import sys, huddle.model, huddle.model.kinds, huddle.service\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\n"
        "print(','.join(sorted(bad)))"
    )
    # The core alone, then with the service: it names the store interface through
    # huddle.model.store, so no SQL driver may come in with it.
    core = subprocess.run([sys.executable, "-c", code.replace(", huddle.service", "")], capture_output=True, text=True, check=True)
    assert core.stdout.strip() == ""
    service = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert service.stdout.strip() == ""


def test_naming_the_store_interface_loads_no_sql_driver():
    code = (
        "import sys, huddle.model.store, huddle.store\n"
        "from huddle.store import AnswerRecord, DuplicateCode, SessionRecord, Store, StoreError, open_store\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlite3', 'psycopg', 'psycopg_pool'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_participant_client_stays_light():
    code = (
        "import sys, huddle.client, huddle.participant.app, huddle.participant.reflection\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'scipy', 'matplotlib', 'tornado', 'voila', 'psycopg', 'jsonschema') or m.startswith('huddle.analysis'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
