/* Pitch In: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // The time-zone overlap filter needs the visitor's zone: take the browser's, unless one is typed.
  function fillTimeZone(root) {
    var overlap = root.querySelector("#id_overlap");
    var input = root.querySelector("[data-browser-timezone]");
    if (!input || input.value || !overlap || !overlap.value) return;
    try {
      input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      /* an old browser: the visitor can type it */
    }
  }

  // Other forms with a time-zone field (logging hours) take the browser's zone when left empty.
  function fillEmptyTimeZones() {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { return; }
    document.querySelectorAll("[data-browser-timezone]").forEach(function (field) {
      if (field.value || field.closest("#search-form")) return;
      if (field.tagName === "SELECT" && !field.querySelector('option[value="' + zone + '"]')) return;
      field.value = zone;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fillEmptyTimeZones);
  } else {
    fillEmptyTimeZones();
  }

  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "id_overlap") fillTimeZone(document);
  }, true);  // capture: fill it before htmx reads the form on the same change event

  // On a phone an open filter panel pushes every result below the fold: start it closed there
  // (the chips above the results still show which filters are on). Not when it reports an error.
  function closePanelOnPhones() {
    var panel = document.querySelector("details.filter-panel");
    if (panel && panel.open && !panel.querySelector(".error") &&
        window.matchMedia("(max-width: 52rem)").matches) {
      panel.open = false;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", closePanelOnPhones);
  } else {
    closePanelOnPhones();
  }

  // Time-zone fields elsewhere (the profile) suggest the browser's zone as their placeholder.
  function suggestTimeZones() {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { return; }
    if (!zone) return;
    document.querySelectorAll("[data-browser-timezone-placeholder]").forEach(function (input) {
      input.placeholder = "e.g. " + zone;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", suggestTimeZones);
  } else {
    suggestTimeZones();
  }

  // Shareable, readable URLs: leave out empty fields, and the working-hours fields unless the
  // overlap filter is on (without it they change nothing).
  document.addEventListener("htmx:configRequest", function (event) {
    var data = event.detail.formData;
    if (!data || event.detail.verb !== "get") return;
    var keys = [];
    data.forEach(function (value, key) { if (keys.indexOf(key) < 0) keys.push(key); });
    var overlapOn = Boolean(data.get("overlap"));
    keys.forEach(function (key) {
      var kept = data.getAll(key).filter(function (value) { return value !== ""; });
      if (!overlapOn && (key === "tz" || key === "work_from" || key === "work_to")) kept = [];
      data.delete(key);
      kept.forEach(function (value) { data.append(key, value); });
    });
  });

  // A swap replaces the filter panel: keep it open if it was, and keep focus on the control the
  // visitor was using (WCAG 3.2.2: changing a setting must not move them elsewhere).
  var before = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var panel = document.querySelector("details.filter-panel");
    var active = document.activeElement;
    before = { open: Boolean(panel && panel.open), focus: active && active.id ? active.id : "" };
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (!before) return;
    var panel = document.querySelector("details.filter-panel");
    if (panel && before.open) panel.open = true;
    var focused = document.activeElement;
    if (before.focus && (!focused || focused === document.body)) {
      var control = document.getElementById(before.focus);
      if (control) control.focus({ preventScroll: true });
    }
    before = null;
  });

  // After htmx swaps the results in, move focus to the results heading only if focus was lost
  // with the swapped content, so keyboard and screen-reader users are not stranded at the top.
  document.addEventListener("htmx:afterSettle", function () {
    if (document.activeElement === document.body) {
      var heading = document.getElementById("results-title");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
    }
  });
})();
