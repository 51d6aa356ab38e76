// Charts on /party/, drawn from the table beside each chart (the table is the data, so
// the page says the same with or without scripts). Each is drawn when it nears the screen,
// one per task, with ECharts fetched then (static/js/chart-lazy.js, loaded first with
// chart-text.js); a drawn chart's element gets the class is-drawn.
(function () {
  "use strict";
  if (!window.chartsLazy || !window.chartText) return;
  const COLORS = ["#9e1b20", "#12325c", "#c8841a", "#4f7a3a", "#6b4f8a"];

  function readTable(table) {
    const heads = Array.from(table.tHead.rows[0].cells).map((c) => c.textContent.trim());
    const rows = Array.from(table.tBodies[0].rows).map((row) => ({
      label: row.cells[0].textContent.trim(),
      values: Array.from(row.querySelectorAll("[data-value]")).map((c) => Number(c.dataset.value)),
    }));
    return { heads, rows };
  }

  function option(kind, data, unit) {
    const base = { color: COLORS, textStyle: { fontFamily: "inherit" }, animation: false };
    if (kind === "pie") {
      return Object.assign(base, {
        tooltip: { trigger: "item" },
        series: [{
          type: "pie", radius: ["35%", "62%"], center: ["50%", "50%"],
          label: { formatter: "{b}\n{c}" },
          data: data.rows.map((r) => ({ name: r.label, value: r.values[0] })),
        }],
      });
    }
    if (kind === "stack") {
      const levels = data.heads.slice(1, 1 + data.rows[0].values.length);
      return Object.assign(base, {
        tooltip: { trigger: "axis" },
        legend: { bottom: 0 },
        grid: { left: 40, right: 16, top: 16, bottom: 56 },
        xAxis: { type: "category", data: data.rows.map((r) => r.label) },
        yAxis: { type: "value", minInterval: 1 },
        series: levels.map((level, i) => ({
          name: level, type: "bar", stack: "all",
          data: data.rows.map((r) => r.values[i]),
        })),
      });
    }
    return Object.assign(base, {
      tooltip: { trigger: "axis", valueFormatter: (v) => v + (unit || "") },
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: "value", max: unit === "%" ? 100 : null },
      yAxis: {
        type: "category", inverse: true, data: data.rows.map((r) => r.label),
        axisLabel: { width: 120, overflow: "break" },
      },
      series: [{
        type: "bar", data: data.rows.map((r) => r.values[r.values.length - 1]),
        label: { show: true, position: "right", formatter: (p) => p.value + (unit || "") },
      }],
    });
  }

  function draw(el) {
    const table = document.getElementById(el.dataset.table);
    el.classList.add("is-drawn");
    const chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(window.chartText(option(el.dataset.partyChart, readTable(table), el.dataset.unit)));
    return chart;
  }

  window.chartsLazy(Array.from(document.querySelectorAll("[data-party-chart]")).filter((el) => {
    const table = document.getElementById(el.dataset.table);
    return table && table.tBodies[0].rows.length;
  }), draw);
})();
