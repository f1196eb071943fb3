// Preview only (served by `build.py serve`, never part of a built site): reloads the page when
// a rebuild succeeds, and shows the build's errors over the page when it fails. A file of its
// own, loaded from the preview server's own origin, so the site's Content-Security-Policy holds.
"use strict";

(function () {
  const OVERLAY_ID = "qasite-preview-errors";
  const script = document.currentScript;
  const shown = script ? script.dataset.build : null;
  const indexShown = script ? script.dataset.index : null;

  function clearErrors() {
    const old = document.getElementById(OVERLAY_ID);
    if (old) {
      old.remove();
    }
  }

  function showErrors(lines) {
    clearErrors();
    const box = document.createElement("section");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "Build errors");
    Object.assign(box.style, {
      position: "fixed", inset: "auto 0 0 0", maxHeight: "60vh", overflow: "auto",
      background: "#2b0b0b", color: "#fff", font: "14px/1.5 monospace",
      padding: "1rem 1.25rem", zIndex: "2147483647", borderTop: "4px solid #e5484d",
    });
    const title = document.createElement("strong");
    title.textContent = "The last change did not build. This page is the last good version.";
    box.appendChild(title);
    const list = document.createElement("pre");
    Object.assign(list.style, { whiteSpace: "pre-wrap", margin: "0.75rem 0 0" });
    list.textContent = lines.join("\n");
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function onState(state) {
    const searching = document.querySelector("pagefind-input, pagefind-results");
    if (state.ok && (String(state.build) !== shown ||
                     (searching && String(state.index) !== indexShown))) {
      window.location.reload();
      return;
    }
    if (state.ok) {
      clearErrors();
    } else {
      showErrors(state.errors);
    }
  }

  const events = new EventSource("/_preview/events");
  events.addEventListener("message", function (event) {
    onState(JSON.parse(event.data));
  });
})();
