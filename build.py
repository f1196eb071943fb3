"""Command line of the site generator: build (the default), check, new, serve."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import jinja2

from qasite import commands
from qasite.content.errors import ContentError
from qasite.output import index
from qasite.site import render
from qasite.tools.progress import Progress


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__)
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="project folder holding content/ and layouts/ (default: .)",
    )
    sub = parser.add_subparsers(dest="command")
    build = sub.add_parser("build", help="build the site into site/ (the default)")
    build.add_argument("--out", type=Path, help="output folder (default: ROOT/site)")
    check = sub.add_parser("check", help="validate and render everything, write nothing")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--links",
        action="store_true",
        help="list the external links and the pages using them (not fetched)",
    )
    new = sub.add_parser("new", help="start a new question from the archetype")
    new.add_argument("title", help='the question, e.g. "What is HER2-low?"')
    new.add_argument("--cancer-type", required=True, help="slug from cancer_types.yaml")
    serve = sub.add_parser("serve", help="build, serve a live preview and rebuild on change")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0: any)")
    serve.add_argument("--bind", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve.add_argument(
        "--public",
        action="store_true",
        help="allow an address other than loopback (drafts become visible)",
    )
    args = parser.parse_args(argv)
    production = os.environ.get("CONTEXT", "production") == "production"
    try:
        if args.command == "serve":
            from qasite.tools import serve as preview

            preview.serve(
                args.root,
                args.port,
                args.bind,
                args.public,
                production=os.environ.get("CONTEXT") == "production",
            )
        elif args.command == "new":
            print(commands.new(args.root, args.title, args.cancer_type))
        elif args.command == "check":
            report = commands.check(args.root, production, strict=args.strict)
            _print_warnings(report)
            print(report.summary("checked"))
            for url, pages in report.external.items() if args.links else ():
                print(f"{url}\t{len(pages)} page(s): {' '.join(pages)}")
        else:
            out = getattr(args, "out", None) or args.root / "site"
            with Progress() as progress:
                report = commands.build(
                    args.root, out, production, progress=progress, waiting=_waiting(out)
                )
            _print_warnings(report)
            print(report.summary())
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = sum(1 for p in exc.problems if not p.warning)
        print(f"{errors} error(s); nothing was written", file=sys.stderr)
        return 1
    except jinja2.TemplateError as exc:
        print(render.layout_error(exc), file=sys.stderr)
        return 1
    except index.SearchIndexError as exc:
        print(f"search index: {exc}; the site was left as it was", file=sys.stderr)
        return 1
    except OSError as exc:  # a full disk, a read-only folder, a permission refused
        place = f"{exc.filename}: " if exc.filename else ""
        print(f"{place}{exc.strerror or exc}; the site was left as it was", file=sys.stderr)
        return 1
    return 0


def _waiting(out: Path):
    def say() -> None:
        print(f"waiting for another build of {out} to finish", file=sys.stderr, flush=True)

    return say


def _print_warnings(report: commands.Report) -> None:
    for warning in report.warnings:
        print(warning, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
