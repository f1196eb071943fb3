"""The online link check, `build.py check --links --online`: every external link of the built
pages, every source's DOI (asked of a DOI resolver) and PubMed id is fetched, and each broken
or redirected one is reported at the file and line where it is written. Never part of a build.

`fetch` does the asking (per-host limit, timeouts, retries, HEAD then GET). A DOI is good
when the resolver knows it (it redirects): where the publisher's site then sends a robot is
the publisher's business, not the citation's. A redirect to ``www.`` of the same host counts
as within the host. Good results are kept in `.cache/linkcheck.json` for ``cache_days``
days; broken ones are asked again on every run, so that a fixed link clears at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import importlib.metadata
import json
import os
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import httpx

from ..content import load
from ..content.errors import Problem
from ..content.model import LinkCheck
from ..output import links
from ..site.resolve import Site
from .fetch import NO_HOST, Policy, Result, fetch_all, host

CACHE_FILE = "linkcheck.json"
CACHE_FORMAT = 1
DOI_LINK = "https://doi.org/"  # how the pages link a DOI (`Source.link`)
PUBMED_LINK = re.compile(r"https://pubmed\.ncbi\.nlm\.nih\.gov/(\d+)/?")
SHOWN_PAGES = 3


@dataclass(frozen=True)
class Settings:
    """How the check asks: resolvers and cache days from site.yaml, the rest from options."""

    doi_resolver: str = LinkCheck.doi_resolver
    pubmed: str = LinkCheck.pubmed
    cache_days: int = LinkCheck.cache_days
    timeout: float = Policy.timeout  # seconds for each read
    retries: int = Policy.retries
    backoff: float = Policy.backoff  # seconds before the first retry, doubled after
    per_host: int = Policy.per_host
    user_agent: str = ""  # empty: names this generator and the site

    @classmethod
    def of(cls, site: LinkCheck, **given) -> Settings:
        """The site's settings, overridden by the options ``given`` (None: not given)."""
        chosen = {key: value for key, value in given.items() if value is not None}
        return cls(**{**dataclasses.asdict(site), **chosen})


@dataclass(frozen=True, order=True)
class Target:
    """What is checked: a web address, a DOI or a PubMed id."""

    kind: str  # "url", "doi" or "pmid"
    value: str

    def address(self, settings: Settings) -> str:
        if self.kind == "doi":
            return settings.doi_resolver.rstrip("/") + "/" + quote(self.value, safe="/:;()._-")
        if self.kind == "pmid":
            return f"{settings.pubmed.rstrip('/')}/{self.value}/"
        return self.value

    @property
    def shown(self) -> str:
        return {"doi": f"DOI {self.value}", "pmid": f"PubMed {self.value}"}.get(
            self.kind, self.value
        )


@dataclass(frozen=True, order=True)
class Place:
    """Where a target is written (file, line, field) and the page that shows it."""

    path: str
    line: int
    field: str
    page: str


@dataclass(frozen=True)
class Outcome:
    """The run's findings, each a problem at its place, and what it took."""

    broken: tuple[Problem, ...]
    moved: tuple[Problem, ...]
    redirected: tuple[Problem, ...]
    addresses: int
    cached: int
    seconds: float
    counts: tuple[int, int, int] = (0, 0, 0)  # addresses broken, moved, redirected
    offline: bool = False  # no host at all could be found: no network here

    def failed(self, strict: bool = False) -> bool:
        return bool(self.broken or (strict and (self.moved or self.redirected)))

    def lines(self) -> list[str]:
        out = []
        for title, found in (
            ("broken", self.broken),
            ("redirected to another host", self.moved),
            ("redirected within the host (worth updating)", self.redirected),
        ):
            if found:
                out += [f"{title.capitalize()} ({len(found)}):", *(str(p) for p in found)]
        if self.offline:
            out.append(
                "no host could be found at all: this machine seems to have no network; "
                "run the check where it has (see README.md)"
            )
        broken, moved, redirected = self.counts
        out.append(
            f"online link check: {self.addresses} addresses ({self.cached} from the cache): "
            f"{broken} broken ({_places(self.broken)}), {moved} redirected to another host "
            f"({_places(self.moved)}), {redirected} redirected within the host "
            f"({_places(self.redirected)}), in {self.seconds:.1f} s"
        )
        return out


def _places(found: tuple) -> str:
    return f"{len(found)} place" + ("" if len(found) == 1 else "s")


def verdict(target: Target, address: str, result: Result) -> str:
    """What a result means: broken, moved (to another host), redirected (within it) or ok."""
    if result.error or result.status >= 400:
        return "broken"
    if target.kind == "doi" or result.final == address:
        return "ok"  # a resolver's redirect is its answer
    return "moved" if host(result.final) != host(address) else "redirected"


def target_of(href: str) -> Target | None:
    """What a link points at (None for one that cannot be fetched, such as mailto:)."""
    if href.startswith("//"):
        href = "https:" + href
    if not href.lower().startswith(("http://", "https://")):
        return None
    href = href.partition("#")[0]
    if href.startswith(DOI_LINK):
        return Target("doi", unquote(href[len(DOI_LINK) :]))
    pubmed = PUBMED_LINK.fullmatch(href)
    return Target("pmid", pubmed.group(1)) if pubmed else Target("url", href)


def gather(site: Site, pages: dict, data_files: tuple[str, ...] = ()) -> dict[Target, tuple]:
    """Every target with the places it is written: each source's url, DOI and PubMed id at
    its front matter line, then every other external link of ``pages`` (path -> its links)
    where `links.external_uses` finds it."""
    found: dict[Target, dict[Place, None]] = defaultdict(dict)
    listed = set()  # (page, link) of the sources lists: placed at their front matter
    for question in site.questions:
        for index, source in enumerate(question.sources):
            listed.add((question.url, source.link))
            for key in ("url", "doi", "pmid"):
                value = getattr(source, key)
                target = value and (target_of(value) if key == "url" else Target(key, value))
                if target:
                    at = ("sources", index, key)
                    line = question.lines.get(at) or question.lines.get(at[:2], 0)
                    place = Place(question.path, line, f"sources.{index}.{key}", question.url)
                    found[target][place] = None
    for href, uses in links.external_uses(pages, site, data_files).items():
        target = target_of(href)
        for use in uses if target is not None else ():
            if (use.page, href) not in listed:
                found[target][Place(use.path, use.line, "link", use.page)] = None
    return {target: tuple(sorted(places)) for target, places in sorted(found.items())}


def check(
    site: Site, pages: dict, root: Path, settings: Settings, now: dt.datetime | None = None
) -> Outcome:
    """Fetch every target of the site (those with a fresh good result in the cache excepted)
    and report the broken and redirected ones; ``now`` dates the cache entries."""
    start = time.perf_counter()
    now = now or dt.datetime.now(dt.UTC)
    data = root / "content" / "_data"
    data_files = tuple(load.shown_path(data / f) for f in ("site.yaml", "cancer_types.yaml"))
    targets = gather(site, pages, data_files)
    address = {target: target.address(settings) for target in targets}
    key = {target: f"{target.kind} {address[target]}" for target in targets}
    cache_path = root / ".cache" / CACHE_FILE
    kept = _load_cache(cache_path, now, settings.cache_days)
    todo = {key[t]: t for t in targets if key[t] not in kept}
    fetched = fetch_all(
        {k: (address[t], t.kind != "doi") for k, t in todo.items()}, _policy(settings, site)
    )
    results = {k: result for k, (result, _) in kept.items()} | fetched
    stamp = now.isoformat(timespec="seconds")
    for k, result in fetched.items():
        if verdict(todo[k], address[todo[k]], result) != "broken":
            kept[k] = (result, stamp)
    if settings.cache_days > 0:
        _save_cache(cache_path, kept)
    found, counts = defaultdict(list), defaultdict(int)
    for target, places in targets.items():
        result = results[key[target]]
        kind = verdict(target, address[target], result)
        counts[kind] += 1
        if kind != "ok":
            found[kind] += _problems(target, places, result, kind)
    kinds = ("broken", "moved", "redirected")
    return Outcome(
        *(tuple(sorted(found[kind])) for kind in kinds),
        addresses=len(targets),
        cached=len(targets) - len(todo),
        seconds=time.perf_counter() - start,
        counts=tuple(counts[kind] for kind in kinds),
        offline=bool(fetched) and all(r.error.startswith(NO_HOST) for r in fetched.values()),
    )


def _policy(settings: Settings, site: Site) -> Policy:
    agent = settings.user_agent or (
        f"qasite-linkcheck/{importlib.metadata.version('qasite')} "
        f"(link check of {site.content.site.base_url})"
    )
    return Policy(agent, settings.timeout, settings.retries, settings.backoff, settings.per_host)


def _problems(target: Target, places: tuple, result: Result, kind: str) -> list[Problem]:
    """One problem per place a target is written, naming the pages that show it."""
    pages: dict[tuple, list[str]] = defaultdict(list)
    for place in places:
        pages[place.path, place.line, place.field].append(place.page)
    if kind == "broken":
        message, hint = f"'{target.shown}' is broken: {_why(result)}", _hint(target, result)
    elif kind == "moved":
        message = f"'{target.value}' redirects to another site: {result.final}"
        hint = (
            "the old site may be retired or have moved its pages: check that the new page "
            "says the same, then link to it"
        )
    else:
        message, hint = f"'{target.value}' redirects to {result.final}", "update the link"
    out = []
    for (path, line, field), on in sorted(pages.items()):
        shown = ", ".join(on[:SHOWN_PAGES])
        if len(on) > SHOWN_PAGES:
            shown = f"{len(on)} pages: {shown} and {len(on) - SHOWN_PAGES} more"
        out.append(Problem(path, line, field, f"{message} (on {shown})", hint, kind != "broken"))
    return out


def _why(result: Result) -> str:
    tries = f" ({result.tries} tries)" if result.tries > 1 else ""
    if result.error:
        return result.error + tries
    return f"{result.status} {httpx.codes.get_reason_phrase(result.status)}".strip() + tries


def _hint(target: Target, result: Result) -> str:
    if target.kind == "doi" and result.status:
        return "the resolver does not know this DOI: check it against the article's page"
    if target.kind == "pmid" and result.status:
        return "check the PubMed id against the article's PubMed page"
    if result.status in (401, 403, 429):
        return "the server refused the check: if the page opens in a browser, keep it"
    if result.status >= 500:
        return "the server failed: if it still does on the next run, find another source"
    if result.error.startswith("no answer"):
        return "the server did not answer: if it still does not next time, find another source"
    if result.error.startswith(NO_HOST):
        return "the site's name no longer resolves: it may be retired; find where it went"
    if result.error.startswith("no connection"):
        return "nothing answers at this address: the site may be down or retired"
    return "the page is gone: find where it moved, or cite another source"


def _load_cache(path: Path, now: dt.datetime, days: int) -> dict[str, tuple[Result, str]]:
    """The good results of the last ``days`` days; a damaged or foreign file is ignored."""
    if days <= 0:
        return {}
    try:
        data = json.loads(path.read_bytes())
        entries = data["results"] if data["format"] == CACHE_FORMAT else {}
        kept = {}
        for key, entry in entries.items():
            with contextlib.suppress(KeyError, TypeError, ValueError):
                at = dt.datetime.fromisoformat(entry["at"])
                if now - dt.timedelta(days=days) <= at <= now:
                    kept[key] = (Result(int(entry["status"]), str(entry["final"])), entry["at"])
        return kept
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _save_cache(path: Path, kept: dict[str, tuple[Result, str]]) -> None:
    """Written whole or not at all; a cache that cannot be written only slows the next run."""
    entries = {
        key: {"at": at, "status": result.status, "final": result.final}
        for key, (result, at) in sorted(kept.items())
    }
    text = json.dumps({"format": CACHE_FORMAT, "results": entries}, indent=1)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
