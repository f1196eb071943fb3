"""One sort order across the shards of the search index.

Under a sort (``data-pagefind-sort``, such as the answers' date), Pagefind scores each result
by its position in its own index's sorted list of pages, and the search page's merged indexes
are then ordered by that score: positions of different shards interleave, so the newest answer
of every shard would come first. Here each shard's list is rewritten so that a page's position
is its rank among the pages of all shards (the places of other shards' pages hold a number that
is no page of this shard, which Pagefind's lookup never matches): the merged order is exactly
the order of one index. A shard's own list is read back from a list rewritten so, which makes
the rewriting repeatable on a kept shard. An index of one shard is left as Pagefind made it.
"""

from __future__ import annotations

import html
import json
import re

from . import stable

SORT = re.compile(rb'<[^>]*data-pagefind-sort="([^"]+)"[^>]*>([^<]*)<')


def sort_values(page: bytes) -> dict[str, str]:
    """The sort keys of a page, as Pagefind reads them: name -> text of the element."""
    return {
        html.unescape(name.decode()): html.unescape(value.decode()).strip()
        for name, value in SORT.findall(page)
    }


def _order(values: dict[str, str]) -> list[str]:
    """The addresses in Pagefind's order of their values: as numbers when every value is one,
    else as text; equal values in the order of the addresses (Pagefind's page order)."""
    try:
        keyed = {url: float(value) for url, value in values.items()}
    except ValueError:
        keyed = dict(values)
    return sorted(keyed, key=lambda url: (keyed[url], url))


def table(values: dict[str, dict[str, str]]) -> dict[str, tuple[dict[str, int], int]]:
    """Each sort key's rank of every address among all (``values``: address -> sort keys),
    and the number of addresses ranked."""
    rank = {}
    for name in sorted({name for keys in values.values() for name in keys}):
        order = _order({url: keys[name] for url, keys in values.items() if name in keys})
        rank[name] = ({url: r for r, url in enumerate(order)}, len(order))
    return rank


def rewritten(files: dict[str, bytes], urls: list[str], rank: dict) -> dict[str, bytes]:
    """One shard's ``files`` with its sort lists in the order of the ``rank`` (`table`) of
    all shards; ``urls`` are its addresses in Pagefind's page order."""
    entry_text = files["pagefind-entry.json"].decode("utf-8")
    new = dict(files)
    for language in json.loads(entry_text)["languages"].values():
        meta_name = f"pagefind.{language['hash']}.pf_meta"
        meta = stable.read(files[meta_name], meta_name)
        filler = len(meta[1])  # no page of this shard has this number
        if filler != len(urls):
            raise stable.Unexpected(f"{meta_name} lists {filler} pages of {len(urls)}")
        changed = False
        for item in meta[4]:
            own = [page for page in item[1] if page != filler]
            places, size = rank[item[0]]
            spots = [places[urls[page]] for page in own]
            if spots != sorted(spots):  # Pagefind read the values otherwise: left as it is
                continue
            padded = [filler] * size
            for page, spot in zip(own, spots, strict=True):
                padded[spot] = page
            changed = changed or padded != item[1]
            item[1] = padded
        if not changed:  # a kept shard whose pages kept their ranks
            continue
        data = stable.packed(meta)
        renamed = stable.rename(language["hash"], data)
        del new[meta_name]
        new[f"pagefind.{renamed}.pf_meta"] = data
        entry_text = entry_text.replace(f'"{language["hash"]}"', f'"{renamed}"')
    new["pagefind-entry.json"] = entry_text.encode("utf-8")
    return dict(sorted(new.items()))
