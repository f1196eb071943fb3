// Search page of a site whose search index is split into shards (qasite/site/search_shards.py):
// gives Pagefind's component UI the other shards to merge with /pagefind/ (Pagefind's
// multisite mergeIndex), so that every search, its filter counts and the date sort cover all
// the answers. The page loads this script right after the component script, both deferred:
// it runs before anything can search, and Pagefind reads the list when it first loads.
"use strict";

(function () {
  const script = document.currentScript;
  const shards = ((script && script.dataset.shards) || "").split(" ").filter(Boolean);
  if (!shards.length || !window.PagefindComponents) {
    return;
  }
  const instance = window.PagefindComponents.getInstanceManager().getInstance("default");
  instance.options.mergeIndex = shards.map(function (path) {
    return { bundlePath: path };
  });
})();
