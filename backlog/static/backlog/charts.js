// The backlog page's two charts; data comes from the json_script block.
(function () {
  var node = document.getElementById("backlog-charts");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var zh = document.documentElement.lang.indexOf("zh") === 0;
  var L = zh ? { n: "新增", r: "化解", v: "销号", s: "存量", rate: "化解率(%)" }
             : { n: "New", r: "Resolved", v: "Verified", s: "Open stock", rate: "Resolution rate (%)" };
  var flow = echarts.init(document.getElementById("chart-flow"));
  flow.setOption({
    tooltip: { trigger: "axis" }, legend: { top: 0 },
    grid: { left: 40, right: 40, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.months },
    yAxis: [{ type: "value", minInterval: 1 }, { type: "value", minInterval: 1 }],
    series: [
      { name: L.n, type: "bar", data: data.new },
      { name: L.r, type: "bar", data: data.resolved },
      { name: L.v, type: "bar", data: data.verified },
      { name: L.s, type: "line", yAxisIndex: 1, data: data.stock }
    ]
  });
  var units = echarts.init(document.getElementById("chart-units"));
  units.setOption({
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 24, top: 10, bottom: 30, containLabel: true },
    xAxis: { type: "value", max: 100, name: L.rate, nameLocation: "middle", nameGap: 24 },
    yAxis: { type: "category", data: data.units, axisLabel: { width: 120, overflow: "truncate" } },
    series: [{ name: L.rate, type: "bar", data: data.rates }]
  });
  window.addEventListener("resize", function () { flow.resize(); units.resize(); });
})();
