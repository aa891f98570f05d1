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
})();
