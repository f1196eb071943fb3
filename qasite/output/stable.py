"""Repeatable search bundle: Pagefind's filter files put in one order, so that the same content
always gives byte-identical files.

Pagefind (1.5) writes each filter's values, and the list of filters in its metadata file, in the
order of a Rust hash map, which changes from run to run (its maintainers call the filter and
metadata indexes still unstable; Pagefind issue 638). Every such file is a gzip of
``pagefind_dcd`` + CBOR. Here the values and filters are sorted by name, the files are written
again under names hashed from their content, and the metadata and entry files point to them.
Pagefind's own encoding is checked first (a file must decode and encode back to the same bytes);
a bundle that does not check out is left exactly as Pagefind made it. The bundle is settled in
memory (`settled`), before it is written.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import struct
from pathlib import Path

MAGIC = b"pagefind_dcd"


class Unexpected(ValueError):
    """A byte sequence outside the small CBOR subset Pagefind writes."""


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | extra]) + struct.pack(fmt, n)
    raise Unexpected("integer too large")


def encode(value) -> bytes:
    """CBOR of ints, text, bytes and lists (dicts as lists of pairs are not needed here)."""
    if isinstance(value, bool) or value is None:
        raise Unexpected("simple values are not used")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    raise Unexpected(f"cannot encode {type(value).__name__}")


def decode(data: bytes, at: int = 0):
    """(value, next offset) of the CBOR item at ``at``."""
    if at >= len(data):
        raise Unexpected("truncated")
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise Unexpected(f"unsupported item {data[at - 1]:#x}")
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major in (2, 3):
        chunk = data[at : at + n]
        return (chunk if major == 2 else chunk.decode("utf-8")), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    raise Unexpected(f"unsupported major type {major}")


def read(data: bytes, name: str):
    raw = gzip.decompress(data)
    if not raw.startswith(MAGIC):
        raise Unexpected(f"{name} is not a Pagefind file")
    value, end = decode(raw, len(MAGIC))
    if end != len(raw) or MAGIC + encode(value) != raw:
        raise Unexpected(f"{name} does not encode back to itself")
    return value


def packed(value) -> bytes:
    return gzip.compress(MAGIC + encode(value), compresslevel=9, mtime=0)


def _named(prefix: str, data: bytes, size: int) -> str:
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:size]}"


def settle(bundle: Path) -> bool:
    """Rewrite the filter files and metadata of the folder ``bundle`` (site/pagefind) in a
    stable order; False when the bundle is not of the expected shape and was left untouched."""
    files = {
        path.relative_to(bundle).as_posix(): path.read_bytes()
        for path in sorted(bundle.rglob("*"))
        if path.is_file()
    }
    new = settled(files)
    if new is files:
        return False
    for name in files.keys() - new.keys():
        (bundle / name).unlink()
    for name, data in new.items():
        if files.get(name) != data:
            (bundle / name).write_bytes(data)
    return True


def settled(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle ``files`` (relative path -> bytes) with the filter files and metadata in a
    stable order; ``files`` itself when the bundle is not of the expected shape."""
    try:
        entry_text = files["pagefind-entry.json"].decode("utf-8")
        plan = _plan(files, json.loads(entry_text))
    except (Unexpected, OSError, EOFError, ValueError, KeyError, IndexError, TypeError):
        return files
    new = {name: data for name, data in files.items() if name not in plan}
    for old, (name, data) in plan.items():
        new[name] = data
        if old.endswith(".pf_meta"):
            entry_text = entry_text.replace(f'"{old[9:-8]}"', f'"{name[9:-8]}"')
    new["pagefind-entry.json"] = entry_text.encode("utf-8")
    return dict(sorted(new.items()))


def _plan(files: dict[str, bytes], entry: dict) -> dict[str, tuple[str, bytes]]:
    """Old name -> (new name, bytes) for every filter and metadata file."""
    plan = {}
    for language in entry["languages"].values():
        meta_name = f"pagefind.{language['hash']}.pf_meta"
        meta = read(files[meta_name], meta_name)
        filters = meta[3]
        renamed = []
        for name, file_hash in filters:
            path = f"filter/{file_hash}.pf_filter"
            title, values = read(files[path], path)
            data = packed([title, sorted(values, key=lambda v: v[0])])
            new_hash = _named(file_hash.split("_")[0], data, 7)
            plan[path] = (f"filter/{new_hash}.pf_filter", data)
            renamed.append([name, new_hash])
        meta[3] = sorted(renamed)
        data = packed(meta)
        plan[meta_name] = (f"pagefind.{rename(language['hash'], data)}.pf_meta", data)
    return plan


def rename(old: str, data: bytes) -> str:
    """The name (``en_0123456789``) of a metadata file holding ``data``, in the form of the
    ``old`` one's."""
    new = _named(re.sub(r"_[0-9a-f]+$", "", old), data, 10)
    if len(new) != len(old):
        raise Unexpected("metadata name of another length")
    return new
