/* The unit picker (issue 19, item 2): a search box over a <select data-unit-picker>.
 *
 * Typing a name or a code ("城关镇", "t01") narrows the select to the matching
 * units, their parents kept for context; Enter or the down arrow moves into
 * the list; the select stays the form's control, so without this script the
 * page works the same with the whole tree. No library, no network.
 */
(function () {
  "use strict";
  var count = 0;

  function norm(s) { return (s || "").replace(/[\u3000└\s（）()]/g, "").toLowerCase(); }

  function enhance(select) {
    if (select.dataset.unitPickerReady) { return; }
    select.dataset.unitPickerReady = "1";
    count += 1;
    var id = "unit-search-" + count;
    var statusId = id + "-status";
    var wrap = document.createElement("div");
    wrap.className = "unit-picker mb-1";
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = id;
    var own = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    var ownText = own ? own.textContent.trim() : (select.getAttribute("aria-label") || "");
    label.textContent = (ownText ? ownText + "：" : "") +
      (select.dataset.searchLabel || "按名称或代码搜索单位");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "form-control form-control-sm";
    input.placeholder = select.dataset.searchPlaceholder || "输入单位名称或代码";
    input.setAttribute("aria-controls", select.id || "");
    input.setAttribute("aria-describedby", statusId);
    input.autocomplete = "off";
    var status = document.createElement("span");
    status.id = statusId;
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(status);
    select.parentNode.insertBefore(wrap, select);

    var options = Array.prototype.slice.call(select.options).map(function (o) {
      var depth = (o.text.match(/^\u3000*/) || [""])[0].length;
      return { el: o, key: norm(o.text) + " " + norm(o.value), depth: depth, empty: !o.value };
    });

    function filter() {
      var q = norm(input.value);
      var matches = 0, first = null;
      // A match shows its parents too (the township above a village).
      var show = options.map(function (o) { return !q || o.empty || o.key.indexOf(q) !== -1; });
      options.forEach(function (o, i) {
        if (!q || o.empty || !show[i]) { return; }
        matches += 1;
        if (first === null) { first = o.el; }
        var depth = o.depth;
        for (var j = i - 1; j >= 0 && depth > 0; j--) {
          if (options[j].depth < depth) { show[j] = true; depth = options[j].depth; }
        }
      });
      options.forEach(function (o, i) { o.el.hidden = !show[i]; o.el.disabled = !show[i] && !o.empty; });
      if (q && first && select.selectedOptions[0] && select.selectedOptions[0].hidden) {
        first.selected = true;
      }
      if (q && matches === 1 && first) { first.selected = true; }
      status.textContent = q ? (matches ? "找到 " + matches + " 个单位" : "没有匹配的单位") : "";
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "Enter") {
        var first = options.filter(function (o) { return !o.el.hidden && !o.empty && o.key.indexOf(norm(input.value)) !== -1; })[0];
        if (first) { first.el.selected = true; select.dispatchEvent(new Event("change", { bubbles: true })); }
        if (e.key === "Enter") { e.preventDefault(); }
        select.focus();
      }
    });
  }

  function init(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("select[data-unit-picker]"), enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
