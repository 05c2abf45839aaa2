"""The ``huddle`` command: serve, demo, session create, workshops, validate, export, report, runsheet, purge, series, binder-link.

Every failure ends with a non-zero exit and one line saying why. The command's own lines speak
the environment's language (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``); its ``--help``
is in English. A report and a run-sheet take their own ``--language``.
"""

from __future__ import annotations

import argparse
import errno
import json
import re
import socket
import sys
from pathlib import Path
from typing import Any, Sequence

from . import __version__
from .binder import DEFAULT_REPO, is_repo
from .i18n import _, available, environment_language, ngettext, primary, set_language
from .settings import SETTINGS, defaults, setting

EXIT_FAILURE = 1


class CliError(Exception):
    """A failure to report on one line."""


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    for entry in SETTINGS:
        # The help shows the built-in default, never an environment value (it may hold a password).
        if entry.repeatable:
            parser.add_argument(entry.flag, dest=entry.name, type=entry.type, action="append", default=None, help=entry.help)
        else:
            parser.add_argument(entry.flag, dest=entry.name, type=entry.type, default=entry.current_default, help=f"{entry.help} (default: {entry.default})")


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default=defaults()["data"], help="data folder of the server (default: %(default)s)")
    parser.add_argument("--store", default=setting("store").current_default, help="database URL of the server's store (postgresql://...), instead of the SQLite file in --data; also read from HUDDLE_STORE")


def _language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--language", metavar="LANG", help="language to write it in, e.g. es (default: the environment's, from LANGUAGE, LC_ALL, LC_MESSAGES or LANG)")


def _language(args: argparse.Namespace) -> str:
    """The language a report is asked for, one of ``available()`` (else the environment's)."""
    if not args.language:
        return environment_language()
    if primary(args.language) not in available():
        raise CliError(_("--language {language}: not a language Huddle has; use one of {languages}").format(language=args.language, languages=", ".join(available())))
    return primary(args.language)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="huddle", description="Run anonymous, live resilience workshops with Voila.")
    parser.add_argument("--version", action="version", version=f"huddle {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    serve = sub.add_parser("serve", help="serve the participant pages, dashboard and API on one port")
    _add_serve_options(serve)
    demo = sub.add_parser("demo", help="serve, start a demo session and print its join address and QR code")
    _add_serve_options(demo)
    demo.add_argument("--workshop", default="demo", help="workshop to run (default: %(default)s)")

    session = sub.add_parser("session", help="manage sessions")
    session_sub = session.add_subparsers(dest="session_command", metavar="ACTION")
    session_sub.required = True
    create = session_sub.add_parser("create", help="start a session of a workshop and print its join address and key")
    create.add_argument("workshop", metavar="WORKSHOP", help="id of a bundled workshop, or a workshop file")
    _data_option(create)
    create.add_argument("--server", help="URL of a running server to create the session on (instead of --data)")
    create.add_argument("--admin-token", help="the server's admin token (default: read from DATA/admin-token)")
    create.add_argument("--base-url", help="address participants use, when working on --data (default: the last one served)")
    create.add_argument("--json", action="store_true", help="print the same JSON object as POST /sessions")
    create.add_argument("--language", metavar="LANG", help="run the session in one of the languages the workshop is written in (e.g. es)")
    create.add_argument("--series", metavar="NAME", help="put the session in a named series (made on first use): kept until the series' last session expires, reported together")

    series = sub.add_parser("series", help="list, report on or purge a series of sessions")
    series_sub = series.add_subparsers(dest="series_command", metavar="ACTION")
    series_sub.required = True
    series_list = series_sub.add_parser("list", help="list every series, its sessions and when it will be purged")
    _data_option(series_list)
    series_list.add_argument("--json", action="store_true", help="print the list as JSON")
    series_report = series_sub.add_parser("report", help="write a series' evaluation report (HTML, by Kirkpatrick level, small numbers suppressed)")
    series_report.add_argument("name", metavar="NAME")
    _data_option(series_report)
    series_report.add_argument("--output", "-o", help="file to write (default: huddle-series-NAME.html)")
    series_purge = series_sub.add_parser("purge", help="delete a series, every session in it and every answer, for good")
    series_purge.add_argument("name", metavar="NAME")
    _data_option(series_purge)

    sub.add_parser("workshops", help="list the bundled workshops")

    validate = sub.add_parser("validate", help="check workshop files and report every problem with its line")
    validate.add_argument("paths", metavar="PATH", nargs="+", help="workshop file(s) or folder(s) of them")

    export = sub.add_parser("export", help="export a session's raw answers as CSV or JSON")
    export.add_argument("code", metavar="CODE")
    _data_option(export)
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--text", action="store_true", help="include free-text answers (left out unless asked)")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")

    report = sub.add_parser("report", help="write a self-contained HTML report of a session, with a chart per activity")
    report.add_argument("code", metavar="CODE")
    _data_option(report)
    report.add_argument("--output", "-o", help="file to write (default: huddle-report-CODE.html)")
    _language_option(report)

    runsheet = sub.add_parser("runsheet", help="write a printable one-page run-sheet for a workshop")
    runsheet.add_argument("workshop", metavar="WORKSHOP", help="id of a bundled workshop, or a workshop file")
    runsheet.add_argument("--output", "-o", help="file to write (default: runsheet-WORKSHOP.html)")
    _language_option(runsheet)

    purge = sub.add_parser("purge", help="delete a session and every answer, for good")
    purge.add_argument("code", metavar="CODE")
    _data_option(purge)

    binder = sub.add_parser("binder-link", help="print a Binder link that opens a participant notebook in Voila")
    binder.add_argument("notebook", metavar="NOTEBOOK", help="join.ipynb, reflection-1-week.ipynb or reflection-4-weeks.ipynb")
    binder.add_argument("--repo", default=DEFAULT_REPO, help="GitHub repository Binder builds, OWNER/NAME (default: %(default)s)")
    binder.add_argument("--ref", default="HEAD", help="branch, tag or commit (default: %(default)s)")
    binder.add_argument("--server", help="public address of the facilitator's server (https://...), to join a live session")
    binder.add_argument("--code", help="the session code, given together with --server")
    binder.add_argument("--region", help="support region the page shows (a code from the support file, e.g. uk); default: the page asks")
    return parser


def _service(args: argparse.Namespace, **kwargs: Any):
    """The service over the store a running server uses: --store, else the SQLite file in --data."""
    from .service import Service
    from .store import StoreError, open_store
    from .store.sqlite import FILENAME

    if not args.store and not (Path(args.data) / FILENAME).is_file():
        # A mistyped --data would otherwise make a new, empty store that no server reads, and
        # a join link to a port where nothing runs.
        raise CliError(_("{data} holds no Huddle server's data (no {file}); give the --data folder `huddle serve` uses, or --store").format(data=args.data, file=FILENAME))
    from .model.identity import link_key_from
    from .server.admin import FILENAME as TOKEN_FILE

    # The link key comes from the server's admin token, as the server's own does, so answers
    # taken through a session made here pair the same way.
    token = Path(args.data) / TOKEN_FILE
    link_key = link_key_from(token.read_text().strip()) if token.is_file() else None
    try:
        return Service(open_store(args.data, args.store), link_key=link_key, **kwargs)
    except StoreError as error:
        raise CliError(str(error)) from error


def _check_port(host: str, port: int) -> None:
    if not 0 < port < 65536:
        raise CliError(_("--port must be between 1 and 65535, not {port}").format(port=port))
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CliError(_("port {port} is already in use; choose another with --port").format(port=port)) from error
            raise CliError(_("cannot listen on {host}:{port}: {reason}").format(host=host, port=port, reason=error.strerror)) from error


def _options(args: argparse.Namespace):
    from .server.app import ServerOptions
    from .settings import problems

    values = {setting.name: getattr(args, setting.name) for setting in SETTINGS}
    refused = problems(values)
    if refused:
        raise CliError(refused[0])
    from .content.support import SupportFileError, load_support, stale_warnings

    try:
        support = load_support(args.support)
    except (OSError, SupportFileError) as error:
        raise CliError(f"--support {args.support or _bundled_list()}: {error}") from error
    try:
        support = support.for_region(args.support_region)
    except SupportFileError as error:
        raise CliError(f"--support-region {args.support_region}: {error}") from error
    for warning in stale_warnings(support.resources):
        print(_("huddle: warning: {warning}").format(warning=warning), file=sys.stderr, flush=True)
    from .i18n import available

    # The same list in every interface language the file gives text in (GET /support?language=).
    by_language = {language: load_support(args.support, language=language).for_region(args.support_region).to_data() for language in available()}
    return ServerOptions.from_settings(values, support=support.to_data(), support_languages=by_language)


def _bundled_list() -> str:
    return _("(the bundled list)")


def _remember_base_url(data: Path, base_url: str) -> None:
    (data / "server.json").write_text(json.dumps({"base_url": base_url}))


def _serve(args: argparse.Namespace, demo_workshop: str | None = None) -> int:
    from .content import ContentError, find_workshop
    from .server import logs
    from .server.admin import ensure_admin_token
    from .server.app import build_server, run
    from .store import StoreError, open_store

    options = _options(args)
    _check_port(options.host, options.port)
    workshop = None
    if demo_workshop:
        try:
            workshop = find_workshop(demo_workshop)
        except ContentError as error:
            raise CliError(str(error).splitlines()[0]) from error
    try:
        store = open_store(options.data, args.store)
    except StoreError as error:
        raise CliError(str(error)) from error
    token = ensure_admin_token(options.data)
    _remember_base_url(options.data, options.base_url)
    redact = logs.configure(keep={options.host, "127.0.0.1", "0.0.0.0"})
    app = build_server(options, store)
    logs.protect(app.log, redact)
    lines = [_("Huddle {version} is starting at {address}").format(version=__version__, address=f"{options.base_url}/")]
    if token.created and sys.stdout.isatty():
        lines.append(_("Admin token (shown once; also in {file}): {token}").format(file=options.data / "admin-token", token=token.value))
    else:
        # Printed output may be a service's journal or a log file: the token stays in its file.
        lines.append(_("Admin token: in {file} (readable by this user only)").format(file=options.data / "admin-token"))
    print("\n".join(lines), flush=True)
    created = None
    if workshop is not None:
        created = app.huddle_context.service.create_session(workshop, options.base_url)  # type: ignore[union-attr]
    progress = _PoolProgress(sys.stdout)
    from .server.signin import SIGN_IN_PATH

    # A link that works once: the facilitator home without a long-lived secret in an address.
    once = app.huddle_context.sign_in.one_time_code()  # type: ignore[union-attr]

    def ready() -> None:
        # Printed only now: an address shown earlier would send the room to a server whose
        # kernels are still starting.
        progress.done()
        ready_lines = [
            _("Ready: people can join at {address}").format(address=f"{options.base_url}/"),
            _("Facilitator home (this sign-in link works once, within 24 hours): {link}").format(link=f"{options.base_url}{SIGN_IN_PATH}?once={once}"),
        ]
        if created is not None:
            ready_lines += _session_lines(created, qr=True)
        print("\n".join(ready_lines), flush=True)

    run(app, on_ready=ready, on_progress=progress.update, pool_size=options.pool_size)
    return 0


class _PoolProgress:
    """"Starting participant kernels 12/30" while the pool fills: one rewritten line on a
    terminal, and a line now and then in a log (journald, a file), not one per kernel."""

    def __init__(self, out: Any, every_seconds: float = 10.0) -> None:
        self.out = out
        self.tty = bool(getattr(out, "isatty", lambda: False)())
        self.every = every_seconds
        self.last_print = float("-inf")
        self.shown = False

    def update(self, ready: int, total: int) -> None:
        import time

        text = _("Starting participant kernels {ready}/{total}").format(ready=ready, total=total)
        if self.tty:
            self.out.write(f"\r{text}")
            self.shown = True
        elif ready in (0, total) or time.monotonic() - self.last_print >= self.every:
            self.out.write(text + "\n")
            self.last_print = time.monotonic()
        self.out.flush()

    def done(self) -> None:
        if self.tty and self.shown:
            self.out.write("\n")
            self.out.flush()


def _session_lines(created: dict[str, str], *, qr: bool) -> list[str]:
    lines = ["", _("Session code: {code}").format(code=created["code"]), _("Join address: {address}").format(address=created["join_url"])]
    if qr:
        import io

        import segno

        out = io.StringIO()
        segno.make(created["join_url"], error="m").terminal(out=out, compact=True)
        lines += ["", out.getvalue().rstrip("\n")]
    lines += ["", _("Dashboard (keep private; it carries the facilitator key): {address}").format(address=created["dashboard_url"]), ""]
    return lines


def _session_create(args: argparse.Namespace) -> int:
    from .content import ContentError, find_workshop

    if args.server:
        from .client import ApiError, Client, Unreachable

        token = args.admin_token or _read_token(Path(args.data))
        try:
            created = Client(args.server.rstrip("/") + "/huddle/api/v1").create_session(args.workshop, token, args.series, args.language)
        except ApiError as error:
            raise CliError(error.message) from error
        except Unreachable as error:
            raise CliError(str(error)) from error
    else:
        try:
            workshop = find_workshop(args.workshop)
        except ContentError as error:
            raise CliError(_not_a_workshop(args.workshop)) from error
        base = args.base_url or _last_base_url(Path(args.data))
        from .model import HuddleError

        try:
            created = _service(args).create_session(workshop, base, args.series, args.language)
        except HuddleError as error:
            raise CliError(error.message) from error
    if args.json:
        print(json.dumps(created))
    else:
        print("\n".join(_session_lines(created, qr=False)).strip())
    return 0


def _not_a_workshop(name: str) -> str:
    return _("{name}: not a bundled workshop, and not a valid workshop file (run huddle validate)").format(name=name)


def _read_token(data: Path) -> str:
    try:
        return (data / "admin-token").read_text().strip()
    except OSError as error:
        raise CliError(_("no admin token: pass --admin-token or --data with the server's data folder ({reason})").format(reason=error.strerror)) from error


def _last_base_url(data: Path) -> str:
    try:
        return json.loads((data / "server.json").read_text())["base_url"]
    except (OSError, ValueError, KeyError):
        return f"http://127.0.0.1:{defaults()['port']}"


def _workshops(args: argparse.Namespace) -> int:
    from .content import ContentError, bundled_workshops

    try:
        found = bundled_workshops()
    except ContentError as error:
        raise CliError(_("a bundled workshop is broken: {problem}").format(problem=error.problems[0])) from error
    width = max((len(workshop_id) for workshop_id in found), default=0)
    for workshop in found.values():
        minutes = _("{minutes} min").format(minutes=f"{workshop.minutes:g}") if workshop.minutes else ""
        count = len(workshop.activities)
        activities = ngettext("{count} activity", "{count} activities", count).format(count=f"{count:>2}")
        print(f"{workshop.id:<{width}}  {minutes:>7}  {activities}  {workshop.title}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .content import ContentError, load_workshop

    files: list[Path] = []
    for name in args.paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        elif path.exists():
            files.append(path)
        else:
            raise CliError(_("{name}: no such file or folder").format(name=name))
    if not files:
        raise CliError(_("no workshop files (*.yaml) found"))
    problems = 0
    for path in files:
        if _is_support_file(path):
            problems += _validate_support(path)
            continue
        try:
            workshop = load_workshop(path)
        except ContentError as error:
            problems += len(error.problems)
            for problem in error.problems:
                print(problem, file=sys.stderr)
        else:
            count = len(workshop.activities)
            print(ngettext("{path}: ok ({id}, {count} activity)", "{path}: ok ({id}, {count} activities)", count).format(path=path, id=workshop.id, count=count))
    if problems:
        raise CliError(ngettext("{count} problem(s) in {files} file(s)", "{count} problem(s) in {files} file(s)", problems).format(count=problems, files=len(files)))
    return 0


def _is_support_file(path: Path) -> bool:
    import yaml

    from .content.support import is_support_file

    try:
        return is_support_file(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, UnicodeDecodeError):
        return False  # reported as a workshop file's problem, with its line


def _validate_support(path: Path) -> int:
    """Check a support file: its problems (counted) and its stale entries (warned about)."""
    from .content.support import SupportFileError, load_support, stale_warnings

    try:
        support = load_support(path)
    except SupportFileError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1
    for warning in stale_warnings(support.resources):
        print(_("huddle: warning: {warning}").format(warning=f"{path}: {warning}"), file=sys.stderr)
    count = len(support.resources)
    regions = ", ".join(support.regions) or _("none")
    print(ngettext(
        "{path}: ok (support list, {count} entry, regions: {regions})", "{path}: ok (support list, {count} entries, regions: {regions})", count,
    ).format(path=path, count=count, regions=regions))
    return 0


def _export(args: argparse.Namespace) -> int:
    from .model import HuddleError
    from .export import rows_to_csv

    try:
        rows = _service(args).export(args.code, include_text=args.text)
    except HuddleError as error:
        raise CliError(error.message) from error
    text = rows_to_csv(rows) if args.format == "csv" else json.dumps({"code": args.code.upper(), "answers": rows}, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(ngettext("Wrote {count} answer(s) to {file}", "Wrote {count} answer(s) to {file}", len(rows)).format(count=len(rows), file=args.output), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _report(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from .model import HuddleError
    from .reports import build_report

    language = _language(args)
    service = _service(args)
    try:
        summary = service.summary(args.code)
        generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        html = build_report(summary, service.tally(args.code), service.workshop(args.code), generated=generated, language=language)
    except HuddleError as error:
        raise CliError(error.message) from error
    path = Path(args.output or f"huddle-report-{summary['code']}.html")
    _write(path, html)
    print(_("Wrote the report of session {code} to {file}").format(code=summary["code"], file=path))
    return 0


def _runsheet(args: argparse.Namespace) -> int:
    from .content import ContentError, find_workshop
    from .reports import runsheet_html

    language = _language(args)
    try:
        workshop = find_workshop(args.workshop)
    except ContentError as error:
        raise CliError(_not_a_workshop(args.workshop)) from error
    path = Path(args.output or f"runsheet-{workshop.id}.html")
    _write(path, runsheet_html(workshop, language=language))
    print(_("Wrote the run-sheet of {workshop} to {file}").format(workshop=workshop.id, file=path))
    return 0


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CliError(_("cannot write {file}: {reason}").format(file=path, reason=error.strerror)) from error


def _purge(args: argparse.Namespace) -> int:
    from .model import HuddleError

    try:
        _service(args).purge(args.code)
    except HuddleError as error:
        raise CliError(error.message) from error
    print(_("Session {code} and every answer in it were deleted.").format(code=args.code.upper()))
    return 0


def _series(args: argparse.Namespace) -> int:
    from .model import HuddleError

    service = _service(args)
    try:
        if args.series_command == "list":
            return _series_list(service.series_list(), as_json=args.json)
        if args.series_command == "purge":
            count = service.purge_series(args.name)
            print(ngettext(
                "Series {name}, its {count} session(s) and every answer in them were deleted.",
                "Series {name}, its {count} session(s) and every answer in them were deleted.", count,
            ).format(name=repr(args.name), count=count))
            return 0
        series = service.series_record(args.name)
    except HuddleError as error:
        raise CliError(error.message) from error
    try:
        from .analysis import load_series, series_report_html
    except ImportError as error:
        raise CliError(_("the series report needs Huddle's analysis part: {command}").format(command="pip install 'huddle-workshop[analysis]'")) from error

    path = Path(args.output or f"huddle-series-{re.sub(r'[^A-Za-z0-9_-]+', '-', series.name).strip('-') or 'series'}.html")
    _write(path, series_report_html(load_series(service.store, series.name), service.k))
    print(_("Wrote the report of series {name} to {file}").format(name=repr(series.name), file=path))
    return 0


def _series_list(found: list[dict[str, Any]], *, as_json: bool) -> int:
    if as_json:
        print(json.dumps(found))
        return 0
    if not found:
        print(_("No series yet. Start one with: {command}").format(command="huddle session create WORKSHOP --series NAME"))
        return 0
    for series in found:
        workshops = ", ".join(f"{s['workshop']} ({s['code']})" for s in series["sessions"]) or _("no sessions left")
        count = len(series["sessions"])
        print(ngettext("{name}: {count} session(s), purged after {date}: {workshops}", "{name}: {count} session(s), purged after {date}: {workshops}", count).format(
            name=series["name"], count=count, date=series["purged_after"][:10], workshops=workshops,
        ))
    return 0


def _binder_link(args: argparse.Namespace) -> int:
    from .binder import PARTICIPANT_NOTEBOOKS, binder_url
    from .model.identity import looks_like_code, normalise_code
    from .participant.query import api_url_for

    if args.notebook not in PARTICIPANT_NOTEBOOKS:
        raise CliError(_("{notebook}: not a participant notebook; use one of {notebooks}").format(notebook=args.notebook, notebooks=", ".join(PARTICIPANT_NOTEBOOKS)))
    if not is_repo(args.repo):
        raise CliError(_("--repo must look like OWNER/NAME, not {repo}").format(repo=repr(args.repo)))
    if (args.server is None) != (args.code is None):
        raise CliError(_("give --server and --code together (or neither, for a page that sends nothing)"))
    code = None
    if args.code is not None:
        code = normalise_code(args.code)
        if not looks_like_code(code):
            raise CliError(_("{code} is not a session code (6 letters and numbers)").format(code=repr(args.code)))
        try:
            api_url_for(args.server)  # the same check the participant page makes of server=
        except ValueError as error:
            raise CliError(_("--server must be a web address such as https://huddle.example.edu, not {server}").format(server=repr(args.server))) from error
    if args.region is not None and not re.fullmatch(r"[a-z]{2,8}", args.region):
        raise CliError(_("--region must be a region code such as uk or us, not {region}").format(region=repr(args.region)))
    print(binder_url(args.repo, args.notebook, ref=args.ref, server=args.server, code=code, region=args.region))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``huddle`` command."""
    # The command's own lines follow the environment's language (its --help stays English).
    set_language(environment_language())
    args = build_parser().parse_args(argv)
    commands = {
        "serve": lambda: _serve(args),
        "demo": lambda: _serve(args, demo_workshop=args.workshop if args.command == "demo" else None),
        "session": lambda: _session_create(args),
        "series": lambda: _series(args),
        "workshops": lambda: _workshops(args),
        "validate": lambda: _validate(args),
        "export": lambda: _export(args),
        "report": lambda: _report(args),
        "runsheet": lambda: _runsheet(args),
        "purge": lambda: _purge(args),
        "binder-link": lambda: _binder_link(args),
    }
    try:
        return commands[args.command]()
    except CliError as error:
        print(_("huddle: error: {message}").format(message=error), file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
