"""Command line of the site generator: build (the default), check, new, serve."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import jinja2

from qasite import commands
from qasite.content.errors import ContentError
from qasite.editorial import readability, review
from qasite.output import index
from qasite.site import render
from qasite.tools import archetype
from qasite.tools.progress import Progress


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__)
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="project folder holding content/ and layouts/ (default: .)",
    )
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help=f"the day review dates are judged on (default: ${review.TODAY_VARIABLE}, "
        "else the current date)",
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
    _online_options(check)
    check.add_argument(
        "--due",
        action="store_true",
        help="list the answers due for review, soonest first, with their reviewer",
    )
    check.add_argument(
        "--within",
        type=int,
        default=90,
        metavar="DAYS",
        help="with --due: the answers due within DAYS days (default: 90)",
    )
    check.add_argument(
        "--readability",
        action="store_true",
        help="list each answer's reading grade (Flesch-Kincaid), hardest first",
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
                today=review.today(args.today) if args.today else None,
            )
        elif args.command == "new":
            print(archetype.new(args.root, args.title, args.cancer_type))
        elif args.command == "check":
            if args.online and not args.links:
                parser.error("--online goes with --links: check --links --online")
            online = {key: getattr(args, key) for key in ONLINE} if args.online else None
            today = review.today(args.today)
            report = commands.check(
                args.root, production, strict=args.strict, online=online, today=today
            )
            _print_warnings(report)
            print(report.summary("checked"))
            if report.online is not None:
                print("\n".join(report.online.lines()))
                return 1 if report.online.failed(args.strict) else 0
            for url, pages in report.external.items() if args.links else ():
                print(f"{url}\t{len(pages)} page(s): {' '.join(pages)}")
            _print_editorial(args, report)
        else:
            out = getattr(args, "out", None) or args.root / "site"
            today = review.today(args.today)
            with Progress() as progress:
                report = commands.build(
                    args.root,
                    out,
                    production,
                    progress=progress,
                    today=today,
                    waiting=_waiting(out),
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


ONLINE = ("cache_days", "timeout", "retries", "per_host", "doi_resolver", "pubmed")


def _online_options(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "--online",
        action="store_true",
        help="with --links: fetch every external link, DOI and PubMed id (needs the network; "
        "exit status 1 on a broken one)",
    )
    check.add_argument("--cache-days", type=int, help="reuse good results this long (site.yaml)")
    check.add_argument("--timeout", type=float, help="seconds to wait for a reply (default 10)")
    check.add_argument("--retries", type=int, help="more tries when a failure may pass (2)")
    check.add_argument("--per-host", type=int, help="requests at a time to one host (2)")
    check.add_argument("--doi-resolver", help="DOI resolver address (site.yaml; doi.org)")
    check.add_argument("--pubmed", help="PubMed address (site.yaml; pubmed.ncbi.nlm.nih.gov)")


def _print_editorial(args, report: commands.Report) -> None:
    site = report.site
    if args.due:
        rows = review.due(
            site.questions, site.reviews, site.content.reviewers, report.today, args.within
        )
        print(f"{len(rows)} answer(s) due for review by {report.today} + {args.within} days")
        for row in rows:
            print(row)
    if args.readability:
        limit = site.content.site.editorial.readability_grade
        print(f"reading grade (Flesch-Kincaid; the site's limit: {limit:g})")
        for row in readability.listing(list(site.questions), limit):
            print(row)


def _waiting(out: Path):
    def say() -> None:
        print(f"waiting for another build of {out} to finish", file=sys.stderr, flush=True)

    return say


def _print_warnings(report: commands.Report) -> None:
    for warning in report.warnings:
        print(warning, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
