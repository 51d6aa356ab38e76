// Charts on /stats/, each drawn from the table beside it (the table is the data: the page
// says the same with or without scripts). Each is drawn when it nears the screen, one per
// task, with ECharts fetched then (static/js/chart-lazy.js, loaded first with chart-text.js);
// a drawn chart's element gets the class is-drawn.
(function () {
  "use strict";
  if (!window.chartsLazy || !window.chartText) return;
  const COLORS = ["#9e1b20", "#12325c", "#c8841a", "#4f7a3a", "#6b4f8a", "#2a8c8c", "#b35c8a", "#7a7a7a"];

  function readTable(table, columns) {
    const heads = Array.from(table.tHead.rows[0].cells).slice(1).map((c) => c.textContent.trim());
    const rows = Array.from(table.tBodies[0].rows).map((row) => {
      const cells = Array.from(row.querySelectorAll("td[data-value]"));
      return {
        label: row.cells[0].textContent.trim(),
        values: cells.map((c) => (c.dataset.value === "" ? null : Number(c.dataset.value))),
      };
    });
    const picked = columns.length ? columns : heads.map((_h, i) => i);
    return { heads: picked.map((i) => heads[i]), rows, picked };
  }

  function option(kind, data, unit) {
    const base = { color: COLORS, textStyle: { fontFamily: "inherit" }, animation: false };
    const labels = data.rows.map((r) => r.label);
    const series = (type, extra) => data.picked.map((col, i) => Object.assign({
      name: data.heads[i], type: type,
      data: data.rows.map((r) => r.values[col]),
    }, extra || {}));
    if (kind === "pie") {
      return Object.assign(base, {
        tooltip: { trigger: "item" },
        legend: { bottom: 0, type: "scroll" },
        series: [{
          type: "pie", radius: ["30%", "58%"], center: ["50%", "45%"],
          label: { formatter: "{c}" },
          data: data.rows.map((r) => ({ name: r.label, value: r.values[data.picked[0]] })),
        }],
      });
    }
    if (kind === "hbar") {
      return Object.assign(base, {
        tooltip: { trigger: "axis", valueFormatter: (v) => v + (unit || "") },
        grid: { left: 8, right: 56, top: 8, bottom: 16, containLabel: true },
        xAxis: { type: "value", max: unit === "%" ? 100 : null },
        yAxis: { type: "category", inverse: true, data: labels, axisLabel: { width: 110, overflow: "truncate" } },
        series: series("bar", { label: { show: true, position: "right", formatter: (p) => p.value + (unit || "") } }).slice(0, 1),
      });
    }
    const many = data.picked.length > 1;
    const common = {
      tooltip: { trigger: "axis" },
      legend: many ? { bottom: 0, type: "scroll" } : undefined,
      grid: { left: 8, right: 16, top: 16, bottom: many ? 48 : 16, containLabel: true },
      xAxis: { type: "category", data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 40 : 0, width: 90, overflow: "truncate" } },
      yAxis: { type: "value", minInterval: 1 },
    };
    if (kind === "line") return Object.assign(base, common, { series: series("line", { connectNulls: true }) });
    if (kind === "stack") return Object.assign(base, common, { series: series("bar", { stack: "all" }) });
    return Object.assign(base, common, { series: series("bar") });
  }

  function draw(el) {
    const table = document.getElementById(el.dataset.table);
    const columns = (el.dataset.columns || "").split(",").filter((s) => s !== "").map(Number);
    el.classList.add("is-drawn");
    const chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(window.chartText(option(el.dataset.statsChart, readTable(table, columns), el.dataset.unit)));
    return chart;
  }

  window.chartsLazy(Array.from(document.querySelectorAll("[data-stats-chart]")).filter((el) => {
    const table = document.getElementById(el.dataset.table);
    return table && table.tBodies[0].rows.length;
  }), draw);
})();
