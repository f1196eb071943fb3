// Search page: runs the query of the address (/search/?q=...&type=...) with Pagefind's
// component UI, and keeps the address in step with what is searched so it can be shared.
"use strict";

(function () {
  const params = new URLSearchParams(window.location.search);
  const query = (params.get("q") || "").trim();
  const types = params.getAll("type").filter(Boolean);

  function start() {
    const instance = window.PagefindComponents.getInstanceManager().getInstance("default");
    const input = document.querySelector("pagefind-input input");
    if (input && query) {
      input.value = query;
    }
    instance.on("search", function (term, filters) {
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
