// The dashboard's charts: one generic renderer for the specs in #dashboard-charts.
// Every point is a link to the filtered list behind it; each card toggles to a table.
//
// ECharts (~1 MB, 335 KB compressed) is not in the page: it is fetched from our static files
// only when the charts come near the screen, or when the page is printed from the Print
// button, so the to-do list above renders and answers first (issue 19, item 9).
(function () {
  "use strict";
  var node = document.getElementById("dashboard-charts");
  var area = document.querySelector("[data-echarts-src]");
  var printButton = document.querySelector("[data-action=print]");
  var instances = [];
  var state = "idle";  // idle -> loading -> drawn
  var waiting = [];

  function whenDrawn(callback) {
    if (state === "drawn") { callback(); return; }
    waiting.push(callback);
    if (state === "loading") { return; }
    state = "loading";
    var script = document.createElement("script");
    script.src = area.getAttribute("data-echarts-src");
    script.onload = function () {
      drawAll();
      state = "drawn";
      area.setAttribute("data-charts-drawn", "");
      waiting.splice(0).forEach(function (fn) { fn(); });
    };
    document.head.appendChild(script);
  }

  if (printButton) {
    printButton.addEventListener("click", function () {
      if (!node || !area) { window.print(); return; }
      whenDrawn(function () { window.print(); });
    });
  }
  if (!node || !area) { return; }
  var charts = JSON.parse(node.textContent);

  function option(spec) {
    var base = { tooltip: { trigger: spec.kind === "pie" ? "item" : "axis" },
                 legend: { top: 0, type: "scroll" }, animation: false };
    if (spec.kind === "pie") {
      base.series = [{ type: "pie", radius: ["35%", "65%"], top: 24,
        data: spec.categories.map(function (label, i) {
          return { name: label, value: spec.series[0].data[i] };
        }) }];
      return base;
    }
    var horizontal = spec.kind === "hbar";
    var categoryAxis = { type: "category", data: spec.categories,
                         axisLabel: { width: 110, overflow: "truncate" } };
    var valueAxis = { type: "value", minInterval: 1 };
    if (horizontal) { categoryAxis.inverse = true; }
    base.grid = { left: 8, right: 24, top: 34, bottom: 8, containLabel: true };
    base.xAxis = horizontal ? valueAxis : categoryAxis;
    base.yAxis = horizontal ? categoryAxis : valueAxis;
    base.series = spec.series.map(function (s) {
      return { name: s.name, type: s.type || (spec.kind === "line" ? "line" : "bar"),
               data: s.data, barMaxWidth: 28 };
    });
    return base;
  }

  function drawAll() { charts.forEach(function (spec) {
    var el = document.getElementById("chart-" + spec.id);
    if (!el) { return; }
    var values = [].concat.apply([], spec.series.map(function (s) { return s.data; }));
    if (!values.some(function (v) { return v; })) {  // nothing to draw: say so, no bare axis
      el.textContent = el.getAttribute("data-empty");
      el.classList.add("dash-empty");
      return;
    }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option(spec));
    chart.on("click", function (params) {
      var link = spec.links[params.dataIndex];
      if (link) { window.location.href = link; }
    });
    el.style.cursor = "pointer";
    instances.push(chart);
  }); }

  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      if (!entries.some(function (e) { return e.isIntersecting; })) { return; }
      observer.disconnect();
      whenDrawn(function () {});
    }, { rootMargin: "200px" });
    observer.observe(area);
  } else {
    whenDrawn(function () {});
  }

  document.querySelectorAll("[data-toggle-table]").forEach(function (button) {
    button.addEventListener("click", function () {
      var id = button.getAttribute("data-toggle-table");
      var table = document.getElementById("table-" + id);
      var chart = document.getElementById("chart-" + id);
      var showTable = table.classList.contains("d-none");
      table.classList.toggle("d-none", !showTable);
      chart.classList.toggle("d-none", showTable);
      button.setAttribute("aria-pressed", showTable ? "true" : "false");
      if (!showTable) { instances.forEach(function (c) { c.resize(); }); }
    });
  });
  window.addEventListener("resize", function () { instances.forEach(function (c) { c.resize(); }); });
  // Printed, a chart is half an A4 page wide: draw it at that size so nothing is cut off
  // (print CSS also scales the canvas down to its box), and back to the screen afterwards.
  window.addEventListener("beforeprint", function () {
    instances.forEach(function (c) {
      c.resize({ width: 330, height: 230 });
    });
  });
  window.addEventListener("afterprint", function () { instances.forEach(function (c) { c.resize(); }); });
}());
