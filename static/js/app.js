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

  // ---------------------------------------------------------------- session
  // Two minutes before the 30-minute idle logout, offer to keep working.
  var body = document.body;
  var WARN_BEFORE = 120;
  var warnTimer = null;
  function csrfToken() {
    // The page's token, as htmx sends it (base.html's hx-headers).
    try { return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function hideWarning() {
    var box = document.getElementById("session-warning");
    if (box) box.remove();
  }
  function showWarning() {
    if (document.getElementById("session-warning")) return;
    var box = document.createElement("div");
    box.id = "session-warning";
    box.setAttribute("role", "alert");
    box.setAttribute("data-testid", "session-warning");
    box.className = "alert alert-warning shadow session-warning d-flex gap-3 align-items-center";
    var text = document.createElement("span");
    text.textContent = body.dataset.sessionWarning;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-primary btn-sm";
    button.textContent = body.dataset.sessionContinue;
    button.addEventListener("click", function () {
      button.disabled = true;
      fetch(body.dataset.sessionRenew, {
        method: "POST", credentials: "same-origin",
        headers: {"X-CSRFToken": csrfToken(), "X-Requested-With": "fetch"}
      }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        hideWarning();
        schedule(data.seconds_left);
      }).catch(function () { button.disabled = false; });
    });
    box.appendChild(text);
    box.appendChild(button);
    body.appendChild(box);
  }
  function schedule(secondsLeft) {
    if (warnTimer) window.clearTimeout(warnTimer);
    warnTimer = window.setTimeout(showWarning, Math.max(0, secondsLeft - WARN_BEFORE) * 1000);
  }
  if (body.dataset.sessionLeft) schedule(parseInt(body.dataset.sessionLeft, 10));

  // ----------------------------------------------------------------- drafts
  // <form data-draft> keeps what is typed in localStorage (per user and form)
  // until it is sent and accepted, so an expired session loses nothing.
  var user = body.dataset.user;
  var SKIP = ["hidden", "password", "file", "submit", "button"];
  function draftKey(form) {
    return "draft:" + user + ":" + window.location.pathname + ":" + form.getAttribute("data-draft");
  }
  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && SKIP.indexOf(el.type) < 0;
    });
  }
  function saveDraft(form) {
    var data = {};
    fieldsOf(form).forEach(function (el) {
      data[el.name] = (el.type === "checkbox" || el.type === "radio") ? el.checked : el.value;
    });
    try { window.localStorage.setItem(draftKey(form), JSON.stringify(data)); } catch (e) { /* full or disabled */ }
  }
  function restoreDraft(form, raw) {
    var data = JSON.parse(raw);
    fieldsOf(form).forEach(function (el) {
      if (!(el.name in data)) return;
      if (el.type === "checkbox" || el.type === "radio") el.checked = data[el.name];
      else el.value = data[el.name];
    });
    var note = document.createElement("div");
    note.className = "alert alert-info";
    note.setAttribute("data-testid", "draft-restored");
    note.textContent = body.dataset.draftRestored;
    form.parentNode.insertBefore(note, form);
  }
  if (user) {
    var pending = {};
    try { pending = JSON.parse(window.sessionStorage.getItem("draft-sent") || "{}"); } catch (e) { pending = {}; }
    var here = {};
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      var key = draftKey(form);
      here[key] = true;
      var raw = window.localStorage.getItem(key);
      // Just sent and shown again with errors: the server's values are the latest.
      if (raw && !pending[key]) restoreDraft(form, raw);
      var timer = null;
      form.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { saveDraft(form); }, 300);
      });
      form.addEventListener("change", function () { saveDraft(form); });
      form.addEventListener("submit", function () {
        saveDraft(form);
        pending[key] = true;
        window.sessionStorage.setItem("draft-sent", JSON.stringify(pending));
      });
    });
    // A signed-in page without the form after sending it: the record was
    // accepted, the draft is done. (The login page has no user: a draft sent
    // into an expired session survives.)
    Object.keys(pending).forEach(function (key) {
      if (!here[key]) window.localStorage.removeItem(key);
      delete pending[key];
    });
    window.sessionStorage.setItem("draft-sent", JSON.stringify(pending));
  } else {
    // Signed out (the session expired on the way): nothing was sent, the
    // drafts wait for the next login.
    window.sessionStorage.removeItem("draft-sent");
  }
  // ---------------------------------------------------------- error summary
  // A page sent back with form errors: list them above the form, each linked to its
  // field, and move the focus there, so keyboard and screen-reader users start at the
  // errors instead of the top of the page (issue 19, item 8).
  function errorSummary() {
    var errors = Array.prototype.filter.call(
      document.querySelectorAll("main form .invalid-feedback, main form .errorlist li, main form .alert-danger"),
      function (el) { return el.textContent.trim() && el.offsetParent !== null; });
    if (!errors.length) return;
    var form = errors[0].closest("form");
    var box = document.createElement("div");
    box.className = "alert alert-danger";
    box.setAttribute("role", "alert");
    box.setAttribute("tabindex", "-1");
    box.setAttribute("data-testid", "error-summary");
    var title = document.createElement("p");
    title.className = "fw-semibold mb-1";
    title.textContent = body.dataset.errorSummary || "";
    box.appendChild(title);
    var list = document.createElement("ul");
    list.className = "mb-0";
    errors.forEach(function (error) {
      var item = document.createElement("li");
      var holder = error.closest(".mb-3, .mb-2, td, .col, [class*=col-]") || error.parentNode;
      var field = holder.querySelector("input:not([type=hidden]), select, textarea");
      var label = field && field.id ? document.querySelector("label[for='" + field.id + "']") : null;
      var text = (label ? label.textContent.replace(/\s*\*$/, "").trim() + "：" : "") + error.textContent.trim();
      if (field && field.id) {
        var link = document.createElement("a");
        link.href = "#" + field.id;
        link.textContent = text;
        link.addEventListener("click", function (event) { event.preventDefault(); field.focus(); });
        item.appendChild(link);
      } else {
        item.textContent = text;
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    form.parentNode.insertBefore(box, form);
    box.focus();
  }
  errorSummary();

  // The bell refreshes itself every 60 s while the tab is visible, and at once
  // when the tab comes back; a hidden tab asks nothing (issue 17, item 9).
  function refreshBell() {
    var bell = document.querySelector("[data-bell-refresh]");
    if (!bell || !window.htmx || document.visibilityState !== "visible") return;
    if (bell.querySelector(".dropdown-menu.show")) return;  // not under the reader's eyes
    window.htmx.trigger(bell, "bell-refresh");
  }
  window.setInterval(refreshBell, 60000);
  document.addEventListener("visibilitychange", refreshBell);
})();
