"""`phaseone` command line: build the reports, run a notebook with other parameters, list them.

    phaseone build [--force] [--jobs N] [--timeout S] [--check] [--out DIR] [NAMES...]
    phaseone run NOTEBOOK [-p NAME VALUE]... [-f params.yaml] [--out DIR] [--force] [--timeout S]
    phaseone list
    phaseone data check | accept
    phaseone fetch [--raw DIR] [--source NAME]... [--from PERIOD] [--to PERIOD]

Exit status: 0 success; 1 a notebook failed, `build --check` found stale reports, a data file
is invalid or differs from its recorded hash, or a file could not be read or written; 2 bad
parameters, unknown notebook, unusable output folder or bad usage; 130 interrupted (SIGINT or
SIGTERM: temporary files are removed and no report is half-written).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from phaseone import __version__, config


def _paths(args):
    from phaseone.builder import Paths

    return Paths(
        notebooks=Path(args.notebooks) if args.notebooks else config.NOTEBOOKS,
        reports=Path(args.reports) if args.reports else config.REPORTS,
        data=Path(args.data) if args.data else config.DATA,
    )


def _rules() -> dict:
    """The reports' rules by notebook name: the CLI hands them to the builder, which imports
    no report."""
    from phaseone import reports

    return reports.rules()


def _cmd_build(args) -> int:
    from phaseone import builder

    paths = _paths(args)
    if args.check:
        stale = builder.stale_reports(args.names or None, paths=paths, rules=_rules())
        for name in stale:
            print(f"stale: {name}")
        if stale:
            print(f"{len(stale)} report(s) out of date; run `phaseone build`", file=sys.stderr)
            return 1
        checked = len(args.names or builder.notebooks(paths))
        print(f"{checked} report{'s' * (checked != 1)} up to date", file=sys.stderr)
        return 0
    results = builder.build_all(args.names or None, force=args.force, jobs=args.jobs, paths=paths,
                                rules=_rules(),
                              progress=not args.quiet, timeout=args.timeout)
    built = sum(r.status == "built" for r in results)
    cached = sum(r.status == "cached" for r in results)
    if not args.quiet:
        print(f"phaseone: {built} built, {cached} up to date", file=sys.stderr)
    return 0


def _yaml_loader():
    """A YAML loader for parameter files: duplicate keys and aliases refused (a file holds
    flat name: value pairs), `1e-3` read as a number as on the command line."""
    import re

    import yaml

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent) or getattr(self.peek_event(), "anchor", None):
                mark = self.peek_event().start_mark
                raise yaml.YAMLError(f"line {mark.line + 1}: anchors and aliases are not "
                                     f"allowed in a parameters file")
            return super().compose_node(parent, index)

        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.YAMLError(f"line {key_node.start_mark.line + 1}: parameter "
                                         f"{key!r} is given twice")
                seen.add(key)
            return super().construct_mapping(node, deep)

    Loader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(
        r"^[-+]?(\d+(\.\d*)?|\.\d+)[eE][-+]?\d+$"), list("-+0123456789."))
    return Loader


def _load_params_file(path: str) -> dict:
    import yaml

    from phaseone.parameters import FileText, ParameterError

    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8-sig")
        values = yaml.load(text, Loader=_yaml_loader())  # noqa: S506 (a safe loader)
    except OSError as exc:
        raise ParameterError(f"cannot read parameters file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ParameterError(f"parameters file {path} is not UTF-8 text (byte {exc.start})"
                             ) from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"parameters file {path} is not valid YAML: {exc}") from None
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise ParameterError(f"parameters file {path} must hold a mapping of name: value")
    return {k: FileText(v) if isinstance(v, str) else v for k, v in values.items()}


def _cmd_run(args) -> int:
    from phaseone import builder
    from phaseone.parameters import CliText

    overrides = {}
    for path in args.file or []:
        overrides.update(_load_params_file(path))
    for name, value in args.param or []:
        overrides[name] = CliText(value)
    result = builder.run(
        args.notebook,
        overrides,
        Path(args.out) if args.out else None,
        force=args.force,
        rules=_rules(),
        paths=_paths(args),
        progress=not args.quiet,
        timeout=args.timeout,
    )
    print(result.html)
    return 0


def _cmd_list(args) -> int:
    from phaseone import builder
    from phaseone.builder.notebook import read_parameters
    from phaseone.reports import RULES

    paths = _paths(args)
    if not Path(paths.notebooks).is_dir():
        raise builder.UsageError(f"--notebooks {paths.notebooks} is not a folder")
    found = builder.notebooks(paths)
    if not found:
        print(f"no notebooks in {paths.notebooks}", file=sys.stderr)
    for name, path in found.items():
        print(f"{name}  ({path})")
        params = read_parameters(path)
        if not params:
            print("    (no parameters)")
        try:
            ranges = getattr(RULES.get(name), "ranges", None)
            allowed = ranges(paths.data) if ranges else {}
        except (OSError, KeyError, ValueError):  # a data folder without the rules' tables
            allowed = {}
        for p in params:
            span = f"  [{allowed[p.name]}]" if p.name in allowed else ""
            print(f"    {p.describe()}{span}")
    return 0


def _cmd_data(args) -> int:
    from phaseone import data
    from phaseone.data import package as datapackage

    folder = Path(args.data) if args.data else config.DATA
    say = (lambda text: None) if args.quiet else print  # -q: errors only
    if args.action == "check":
        datapackage.verify(folder)
        data.check(folder)
        say(f"{folder}: every table matches its recorded hash and its schema")
        return 0
    changed = datapackage.stale(folder)
    data.check(folder)  # refuses, naming the file and line, before anything is recorded
    datapackage.refresh(folder)
    for path in changed:
        say(f"accepted: {folder / path}")
    say(f"{folder / 'datapackage.json'}: {len(changed)} hash(es) updated; "
        f"data version {datapackage.version(folder)}")
    return 0


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of seconds > 0, got {text!r}")
    return value


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--notebooks", metavar="DIR", help=f"notebooks folder ({config.NOTEBOOKS})")
    common.add_argument("--reports", metavar="DIR", help=f"reports folder ({config.REPORTS})")
    common.add_argument("--data", metavar="DIR", help=f"data folder ({config.DATA})")
    common.add_argument("-q", "--quiet", action="store_true",
                        help="no progress on stderr (data: nothing printed but errors)")
    timeout = argparse.ArgumentParser(add_help=False)
    timeout.add_argument("--timeout", type=_seconds, metavar="SECONDS",
                         help="seconds one cell may run before the notebook fails (900)")

    top = argparse.ArgumentParser(
        prog="phaseone", description="Build the Phase One analysis reports from the notebooks."
    )
    top.add_argument("--version", action="version", version=f"phaseone {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", parents=[common, timeout],
                       help="build reports/NAME.html for every notebook",
                       description="Build every notebook (or NAMES) with its default parameters "
                       "into reports/NAME.html and reports/NAME.ipynb, skipping up-to-date ones.")
    b.add_argument("names", nargs="*", metavar="NAME", help="notebooks to build (default: all)")
    b.add_argument("--force", action="store_true", help="rebuild even when up to date")
    b.add_argument("-j", "--jobs", type=int, metavar="N", help="notebooks run at once (2 x cores)")
    b.add_argument("--check", action="store_true",
                   help="build nothing; list stale reports and exit 1 if any")
    b.add_argument("--out", dest="reports", metavar="DIR", help="reports folder (as --reports)")
    b.set_defaults(func=_cmd_build)

    r = sub.add_parser("run", parents=[common, timeout],
                       help="build one notebook with other parameters",
                       description="Build NOTEBOOK with other parameters into "
                       "reports/runs/NAME-<parameters>.html.")
    r.add_argument("notebook", metavar="NOTEBOOK", help="notebook name or path")
    r.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="set a parameter (VALUE read like YAML; lists as a,b,c)")
    r.add_argument("-f", "--file", action="append", metavar="PARAMS.yaml",
                   help="YAML mapping of parameters (-p wins)")
    r.add_argument("--out", metavar="DIR", help="output folder (reports/runs)")
    r.add_argument("--force", action="store_true", help="rebuild even when up to date")
    r.set_defaults(func=_cmd_run)

    ls = sub.add_parser("list", parents=[common], help="list notebooks and their parameters")
    ls.set_defaults(func=_cmd_list)

    d = sub.add_parser("data", parents=[common], help="check the data files, or accept changes",
                       description="check: every data file matches the sha256 hash recorded in "
                       "datapackage.json and its schema. accept: validate every table, then "
                       "record the files' current hashes (after an intended edit).")
    d.add_argument("action", choices=["check", "accept"])
    d.set_defaults(func=_cmd_data)

    from phaseone.sources import add_fetch_parser  # downloads new months from the official APIs

    add_fetch_parser(sub)
    return top


def _error(message: str, status: int) -> int:
    print(f"phaseone: error: {message}", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from phaseone.builder import BuildError, UsageError
    from phaseone.data.package import DataError
    from phaseone.parameters import ParameterError

    if sys.platform != "win32":  # SIGTERM ends a build as Ctrl-C does: temp files removed
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return status
    except (BuildError, DataError) as exc:
        return _error(str(exc), 1)
    except (ParameterError, UsageError) as exc:
        return _error(str(exc), 2)
    except BrokenPipeError:
        # the reader went away (`phaseone list | head -1`): say so, and do not fail on exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return _error("output closed before everything was written (broken pipe)", 1)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _error(f"{where}{exc.strerror or exc}", 1)
    except KeyboardInterrupt:
        print("phaseone: interrupted; temporary files removed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
