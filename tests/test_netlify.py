"""netlify.toml: the build command, the publish folder, and the headers every deploy sends."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from publish_support import REPO, rendered

from qasite import commands
from qasite.site import publish

CONFIG = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
RULES = publish.rules((REPO / "netlify.toml").read_text(encoding="utf-8"))
PAGES = [
    "/",
    "/questions/",
    "/questions/what-does-her2-low-mean/",
    "/cancer-types/breast-cancer/",
    "/about/",
    "/search/",
    "/404.html",
    "/feed.xml",
]
IMMUTABLE = "public, max-age=31536000, immutable"


def csp(path: str = "/") -> dict[str, list[str]]:
    policy = publish.headers_for(RULES, path)["Content-Security-Policy"]
    directives = [d.split() for d in policy.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def test_build_installs_the_project_and_builds_into_site():
    build = CONFIG["build"]
    assert build["publish"] == "site"
    steps = [step.strip() for step in build["command"].split("&&")]
    assert steps[0] == "pip install --require-hashes -r requirements.lock"  # the tested versions
    assert steps[1] == "pip install --no-deps ."
    assert steps[-1].startswith("python build.py")
    assert "check" not in steps[-1]


def test_the_build_cache_is_kept_between_deploys_by_a_plugin_netlify_installs():
    (plugin,) = (p for p in CONFIG["plugins"] if p["package"] == "netlify-plugin-cache")
    assert plugin["inputs"]["paths"] == [commands.CACHE] == [".cache"]
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert package["private"] is True
    assert package["devDependencies"] == {"netlify-plugin-cache": "^1.0.3"}


def test_python_version_is_pinned_to_what_the_project_requires():
    version = CONFIG["build"]["environment"]["PYTHON_VERSION"]
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert version == "3.11"
    assert project["requires-python"].startswith(">=3.11")


def test_content_security_policy_allows_only_the_site_itself():
    policy = csp()
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]  # Pagefind's WebAssembly
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]  # Pagefind UI's search icon
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    sources = [s for values in policy.values() for s in values]
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    assert not [s for s in sources if s == "*" or re.match(r"https?:", s)]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_gets_the_security_headers(path):
    headers = publish.headers_for(RULES, path)
    assert "Content-Security-Policy" in headers
    hsts = dict(
        part.strip().partition("=")[::2] for part in headers["Strict-Transport-Security"].split(";")
    )
    assert int(hsts["max-age"]) >= 31536000
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "Cache-Control" not in headers  # Netlify's default: public, max-age=0, must-revalidate


@pytest.mark.parametrize(
    "path",
    [
        "/static/style.81aef902da.css",
        "/static/search.2c02a9c7ac.js",
        "/pagefind/pagefind.en_808ea8c3bb.pf_meta",
        "/pagefind/index/en_c871ed3.pf_index",
        "/pagefind/fragment/en_122bf5d.pf_fragment",
        "/pagefind/filter/en_d21d749.pf_filter",
    ],
)
def test_hashed_files_are_cached_for_a_year_as_immutable(path):
    assert publish.headers_for(RULES, path)["Cache-Control"] == IMMUTABLE


@pytest.mark.parametrize(
    "path",
    [
        "/static/favicon.svg",
        "/pagefind/pagefind.js",
        "/pagefind/pagefind-entry.json",
        "/pagefind/wasm.en.pagefind",
        "/pagefind/pagefind-component-ui.js",
        "/static/",
    ],
)
def test_files_without_a_content_hash_revalidate(path):
    assert "Cache-Control" not in publish.headers_for(RULES, path)


def test_every_built_css_and_js_name_carries_a_content_hash():
    _, files = rendered(REPO)
    assets = [p for p in files if p.startswith("static/") and p.endswith((".css", ".js"))]
    assert assets
    assert all(re.search(r"\.[0-9a-f]{10}\.(css|js)$", p) for p in assets)


def test_missing_addresses_get_the_404_page_not_a_catch_all_redirect():
    assert "redirects" not in CONFIG
    _, files = rendered(REPO)
    assert "404.html" in files
    assert "/*" not in files.get("_redirects", b"").decode()


@pytest.mark.parametrize(
    ("rule", "path", "matches"),
    [
        ("/*", "/", True),
        ("/*", "/a/b/c.html", True),
        ("/static/*", "/static/x.css", True),
        ("/static/*", "/staticx/y", False),
        ("/static/*.css", "/static/a.1.css", True),
        ("/static/*.css", "/static/a.js", False),
        ("/pagefind/*.pf_*", "/pagefind/index/en_1.pf_index", True),
        ("/pagefind/*.pf_*", "/pagefind/pagefind.js", False),
        ("/about/", "/about", True),
        ("/about/", "/about/x", False),
        ("/", "/x", False),
    ],
)
def test_header_rules_match_paths_as_netlify_does(rule, path, matches):
    got = publish.headers_for([publish.HeaderRule(rule, (("X", "1"),))], path)
    assert (got == {"X": "1"}) is matches


def test_headers_file_rules_combine_with_netlify_toml():
    rules = publish.rules(
        (REPO / "netlify.toml").read_text(), "# note\n/*\n  X-Robots-Tag: noindex\n"
    )
    headers = publish.headers_for(rules, "/questions/x/")
    assert headers["X-Robots-Tag"] == "noindex" and "Content-Security-Policy" in headers
