// Search page: runs the query of the address (/search/?q=...&type=...) with Pagefind's
// component UI, and keeps the address in step with what is searched so it can be shared.
// When a search finds nothing, it says so and offers help: the glossary terms nearest to
// what was typed (a small edit distance over /search/names.json, fetched only then), and
// the page's links to the A-Z list, the cancer types and the phone line.
"use strict";

const Suggest = (function () {
  function fold(text) {
    return text.toLowerCase().replace(/[-\u2010-\u2015]/g, " ").replace(/\s+/g, " ").trim();
  }

  // Edit distance (insert, delete, change, or swap two neighbouring letters), giving up
  // (returning limit + 1) once it must exceed ``limit``.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) {
      return limit + 1;
    }
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, function (_, j) { return j; });
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          row[j] = Math.min(row[j], before[j - 2] + 1);
        }
        best = Math.min(best, row[j]);
      }
      if (best > limit) {
        return limit + 1;
      }
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  // How many edits a typed word may be from a name's word: none under four letters, one
  // under eight, two from eight.
  function allowed(word) {
    return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
  }

  // The edits from the typed words to a name's first as many words, or -1 when a word is
  // further than it may be.
  function edits(typed, name) {
    const words = name.split(" ");
    if (words.length < typed.length) {
      return -1;
    }
    let total = 0;
    for (let i = 0; i < typed.length; i++) {
      const limit = allowed(typed[i]);
      const d = distance(typed[i], words[i], limit);
      if (d > limit) {
        return -1;
      }
      total += d;
    }
    return total;
  }

  // Up to three glossary terms with a name whose first words are each a few edits from the
  // words typed, nearest first.
  function nearest(query, entries) {
    const typed = fold(query).split(" ").filter(Boolean);
    const found = new Map();
    if (!typed.length || typed.every(function (w) { return !allowed(w); })) {
      return [];
    }
    for (const entry of entries) {
      for (const name of [entry.term].concat(entry.names || [])) {
        const d = edits(typed, fold(name));
        if (d >= 0 && (!found.has(entry.term) || d < found.get(entry.term))) {
          found.set(entry.term, d);
        }
      }
    }
    return Array.from(found.entries())
      .sort(function (a, b) { return a[1] - b[1] || a[0].localeCompare(b[0]); })
      .slice(0, 3)
      .map(function (pair) { return pair[0]; });
  }

  return { fold: fold, distance: distance, nearest: nearest };
})();

(function () {
  const params = new URLSearchParams(window.location.search);
  const query = (params.get("q") || "").trim();
  const types = params.getAll("type").filter(Boolean);

  const help = document.querySelector(".search-help");
  let names = null;

  function loadNames() {
    if (!names) {
      const url = help && help.dataset.names;
      names = url
        ? fetch(url).then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; })
        : Promise.resolve([]);
    }
    return names;
  }

  function suggestionLink(term) {
    const link = document.createElement("a");
    link.href = window.location.pathname + "?" + new URLSearchParams({ q: term }).toString();
    link.textContent = term;
    return link;
  }

  function showHelp(term) {
    help.querySelector(".search-help-query").textContent = term;
    const suggest = help.querySelector(".search-help-suggest");
    suggest.hidden = true;
    help.hidden = false;
    loadNames().then(function (entries) {
      const terms = Suggest.nearest(term, entries);
      const holder = suggest.querySelector(".search-help-terms");
      holder.replaceChildren();
      terms.forEach(function (t, i) {
        if (i) {
          holder.append(i === terms.length - 1 ? " or " : ", ");
        }
        holder.append(suggestionLink(t));
      });
      suggest.hidden = terms.length === 0 || help.hidden;
    });
  }

  function start() {
    const instance = window.PagefindComponents.getInstanceManager().getInstance("default");
    let searched = query;
    if (help) {
      instance.on("results", function (found) {
        const count = (found && found.results && found.results.length) || 0;
        if (count === 0 && searched.trim()) {
          showHelp(searched.trim());
        } else {
          help.hidden = true;
        }
      });
    }
    const input = document.querySelector("pagefind-input input");
    if (input && query) {
      input.value = query;
    }
    instance.on("search", function (term, filters) {
      searched = term || "";
      const next = new URLSearchParams();
      if (term) {
        next.set("q", term);
      }
      for (const value of (filters && filters["Cancer type"]) || []) {
        next.append("type", value);
      }
      const search = next.toString();
      const url = window.location.pathname + (search ? "?" + search : "");
      if (url !== window.location.pathname + window.location.search) {
        window.history.replaceState(null, "", url);
      }
    });
    if (query || types.length) {
      instance.triggerSearchWithFilters(query, types.length ? { "Cancer type": types } : {});
    }
  }

  function whenReady() {
    if (window.PagefindComponents) {
      customElements.whenDefined("pagefind-input").then(function () {
        window.requestAnimationFrame(start);
      });
    } else {
      window.addEventListener("load", start, { once: true });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", whenReady, { once: true });
  } else {
    whenReady();
  }
})();
