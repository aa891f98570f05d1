// Behaviour shared by every page, kept out of the HTML so the Content Security
// Policy can forbid inline handlers.
(function () {
  "use strict";
  // <select data-autosubmit> submits its form when changed.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) el.form.submit();
  });
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-confirm], [data-print]") : null;
    if (!el) return;
    // <button data-confirm="..."> asks before submitting.
    if (el.hasAttribute("data-confirm") && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
    // <button data-print> prints the page.
    if (el.hasAttribute("data-print")) {
      event.preventDefault();
      window.print();
    }
  });
  // A form that posts is sent once: its buttons go grey until the next page
  // (a second click on a slow line used to register a second petition).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") return;
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    // After this event: a disabled submitter would drop its own name=value.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
        .forEach(function (button) { button.disabled = true; });
    }, 0);
  });
  // Back to a page kept in the browser's cache: its forms can be used again
  // (the server's one-time token still refuses a second record).
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      delete form.dataset.submitting;
      form.querySelectorAll("button, input[type=submit]").forEach(function (b) { b.disabled = false; });
    });
  });
})();
