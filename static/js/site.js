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

  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "id_overlap") fillTimeZone(document);
  }, true);  // capture: fill it before htmx reads the form on the same change event

  // After htmx swaps the results in, move focus to the results heading only if focus was lost
  // with the swapped content, so keyboard and screen-reader users are not stranded at the top.
  document.addEventListener("htmx:afterSettle", function () {
    if (document.activeElement === document.body) {
      var heading = document.getElementById("results-title");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
    }
  });
})();
