// Search page: runs the query of the address (/search/?q=...&type=...) with Pagefind's
// component UI, and keeps the address in step with what is searched so it can be shared.
// Before Pagefind runs a query, a glossary term's other name typed in it (a brand, code or
// lay name, a misspelling: /search/names.json) is replaced by the term, so that it ranks as
// the term would. After, its results are checked against what was typed (Pagefind falls
// back to a shorter indexed word when nothing starts with a typed word: "keytrooda" finds
// "key"), and a query whose words the index does not really hold finds nothing. The
// results stay hidden, in their place, until those in view have loaded, so that nothing
// moves while they arrive. When a search finds nothing, it says so and offers help: the
// glossary terms nearest to what was typed (a small edit distance over the same names),
// and the page's links to the A-Z list, the cancer types and the phone line.
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

// A query's words as Pagefind reads them: accents and case folded, punctuation dropped
// (so "T-DXd" is "tdxd"), split at spaces.
const Words = (function () {
  const PUNCTUATION = /\p{P}/gu;

  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function of(text) {
    return fold(text).replace(PUNCTUATION, "").split(/\s+/).filter(Boolean);
  }

  // A word of a page as it may have been indexed: whole, and each part between its
  // punctuation ("HER2-low," is "her2low", "her2" and "low").
  function forms(word) {
    const folded = fold(word);
    return [folded.replace(PUNCTUATION, "")].concat(folded.split(PUNCTUATION)).filter(Boolean);
  }

  // The query with every glossary name in it (the longest first) replaced by its term.
  function rewrite(query, entries) {
    const byName = new Map();
    let longest = 0;
    for (const entry of entries) {
      for (const name of entry.names || []) {
        const key = of(name);
        byName.set(key.join(" "), entry.term);
        longest = Math.max(longest, key.length);
      }
    }
    const typed = query.trim().split(/\s+/).filter(Boolean);
    const keys = typed.map(function (word) { return of(word).join(""); });
    const out = [];
    for (let i = 0; i < typed.length; ) {
      let size = Math.min(longest, typed.length - i);
      while (size > 0 && !byName.has(keys.slice(i, i + size).join(" "))) {
        size--;
      }
      out.push(size ? byName.get(keys.slice(i, i + size).join(" ")) : typed[i]);
      i += size || 1;
    }
    return out.join(" ");
  }

  return { of: of, forms: forms, rewrite: rewrite };
})();

// The typed words that Pagefind's results do not really hold. When no indexed word starts
// with a typed word, Pagefind matches the longest indexed word that the typed word starts
// with ("keytrooda" matches "key"), or ignores the word: the same for every page, so the
// best result decides for all. A typed word is held when it is the start of a word it
// matched (in the text or a metadata field such as the glossary names), or shares at least
// its first three letters and 60% of its length with one (Pagefind's stemming: "biopsies"
// finds "biopsy").
async function missingWords(found, query) {
  const typed = Words.of(query);
  if (!typed.length || !found.results.length) {
    return [];
  }
  const best = found.results[0];
  let data;
  try {
    data = await best.data();
  } catch (error) {
    return []; // the page could not be read: Pagefind's results stand
  }
  const text = (data.content || "").split(/[\r\n\s]+/g);
  const seen = (best.words || []).map(function (at) { return text[at] || ""; });
  for (const field of best.matchedMetaFields || []) {
    seen.push(...String((data.meta || {})[field] || "").split(/[\s;,]+/));
  }
  const words = seen.flatMap(Words.forms);
  return typed.filter(function (word) {
    return !words.some(function (held) {
      let same = 0;
      while (same < word.length && word[same] === held[same]) {
        same++;
      }
      return same === word.length || (same >= 3 && same >= 0.6 * word.length);
    });
  });
}

// The words of a query that found nothing which no answer holds, each searched alone (in
// every answer, whatever the filters): Pagefind finds nothing for "ostomy bag" when no
// answer has "bag", where the answers of "ostomy" help. None when one word is searched,
// when every word is held by some answer (no answer has them all), or when a word no answer
// holds is a few edits from a glossary name ("tripel negatve"): the page then suggests the
// term instead of searching the rest.
async function absentWords(search, query, entries) {
  const typed = Words.of(query);
  if (typed.length < 2) {
    return [];
  }
  const absent = [];
  for (const word of typed) {
    const alone = await search(word, {});
    if (!alone || !alone.results.length || (await missingWords(alone, word)).length) {
      if (Suggest.nearest(word, entries).length) {
        return [];
      }
      absent.push(word);
    }
  }
  return absent;
}

(function () {
  const params = new URLSearchParams(window.location.search);
  const query = (params.get("q") || "").trim();
  const types = params.getAll("type").filter(Boolean);

  const page = document.querySelector(".search-page");
  const help = document.querySelector(".search-help");
  const chosen = document.querySelector(".search-chosen");
  const missing = document.querySelector(".search-missing");
  let names = null;
  let watching = null;

  function loadNames() {
    if (!names) {
      const url = page && page.dataset.names;
      names = url
        ? fetch(url).then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; })
        : Promise.resolve([]);
    }
    return names;
  }

  // What Pagefind answers for a query whose words it does not hold: no results, and no
  // counts beside the filters.
  function nothing(found) {
    const filters = {};
    for (const [name, values] of Object.entries(found.filters || {})) {
      filters[name] = Object.fromEntries(Object.keys(values).map(function (v) { return [v, 0]; }));
    }
    return Object.assign({}, found, { results: [], unfilteredResultCount: 0, filters: filters });
  }

  // Every query the page runs goes through Pagefind's search here: names replaced by their
  // terms first, the results checked against the words searched after.
  function prepare(pagefind) {
    if (!pagefind || pagefind.checksQueries) {
      return;
    }
    const search = pagefind.search.bind(pagefind);
    pagefind.checksQueries = true;
    pagefind.search = async function (term, options) {
      if (!term) {
        return search(term, options);
      }
      const searched = Words.rewrite(term, await loadNames());
      const found = await search(searched, options);
      let missing = found ? await missingWords(found, searched) : [];
      if (!missing.length && found && !found.results.length) {
        missing = await absentWords(search, searched, await loadNames());
      }
      if (!missing.length) {
        return found;
      }
      // The answers of the words the index holds, if any, saying which words no answer has.
      const held = Words.of(searched).filter(function (w) { return !missing.includes(w); });
      const rest = held.length ? await search(held.join(" "), options) : null;
      if (!rest || (await missingWords(rest, held.join(" "))).length) {
        return nothing(found);
      }
      return Object.assign(rest, { missingWords: missing });
    };
  }

  // The layout is shown, at once, when no result placeholder is left in view, a frame after
  // the last change (a change in the frame that shows it would count as a shift).
  function revealWhenLoaded() {
    const list = document.querySelector("pagefind-results");
    const search = {};
    if (watching) {
      watching.disconnect();
    }
    function waiting() {
      const first = list && list.querySelector('li[aria-hidden="true"]'); // the highest
      return Boolean(first) && first.getBoundingClientRect().top < window.innerHeight;
    }
    function check() {
      search.changed = (search.changed || 0) + 1;
      const seen = search.changed;
      if (!waiting()) {
        window.requestAnimationFrame(function () {
          window.requestAnimationFrame(function () {
            if (seen === search.changed && watching === observer && !waiting()) {
              observer.disconnect();
              page.dataset.state = "ready";
            }
          });
        });
      }
    }
    const observer = new MutationObserver(check);
    watching = observer;
    if (list) {
      observer.observe(list, { childList: true, subtree: true, attributes: true });
    }
    check();
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

  // Whether two addresses' queries ask the same, in any order (a hub's form puts its type
  // first): the address is rewritten only when the search changed.
  function sameSearch(a, b) {
    const key = function (params) {
      return Array.from(params.entries()).map(function (pair) { return pair.join("="); }).sort().join("&");
    };
    return key(a) === key(b);
  }

  // The typed words no answer has, when the answers of the others are listed.
  function showMissing(words) {
    if (missing) {
      missing.hidden = words.length === 0;
      missing.querySelector(".search-missing-words").textContent = words.join(", ");
    }
  }

  // The cancer types the results are narrowed to (a hub's search chooses its own), named
  // above the results with a link to the same search in every answer.
  function showChosen(term, values) {
    if (!chosen) {
      return;
    }
    chosen.hidden = values.length === 0;
    chosen.querySelector(".search-chosen-types").textContent = values.join(", ");
    chosen.querySelector("a").href =
      window.location.pathname + (term ? "?" + new URLSearchParams({ q: term }).toString() : "");
  }

  function start() {
    const instance = window.PagefindComponents.getInstanceManager().getInstance("default");
    let searched = query;
    prepare(instance.__pagefind__);
    instance.on("filters", function () { prepare(instance.__pagefind__); });
    instance.on("loading", function () {
      if (page.dataset.state === "ready") {
        page.dataset.state = "searching";
      }
    });
    instance.on("results", function (found) {
      const count = (found && found.results && found.results.length) || 0;
      showMissing(count ? (found && found.missingWords) || [] : []);
      if (help && count === 0 && searched.trim()) {
        showHelp(searched.trim());
      } else if (help) {
        help.hidden = true;
      }
      revealWhenLoaded();
    });
    instance.on("error", function () { page.dataset.state = "ready"; });
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
      const values = (filters && filters["Cancer type"]) || [];
      for (const value of values) {
        next.append("type", value);
      }
      showChosen(searched, values);
      const search = next.toString();
      if (!sameSearch(next, new URLSearchParams(window.location.search))) {
        window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
      }
    });
    if (query || types.length) {
      loadNames();
      instance.triggerSearchWithFilters(query, types.length ? { "Cancer type": types } : {});
    } else {
      page.dataset.state = "ready";
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
