// Printable papers (templates/printing/): the "Print" button opens the print
// dialog. A file of its own: app.js's session and draft logic needs base.html.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
