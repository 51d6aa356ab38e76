// The overseas offices map: Natural Earth countries (world-atlas TopoJSON → GeoJSON via
// topojson-client) under ECharts, offices as one point per city sized by their count.
// Clicking a point opens the list filtered to that city. The list beside the map is the
// same data and works without this script.
(function () {
  "use strict";
  var el = document.getElementById("overseas-map");
  if (!el || !window.echarts || !window.topojson) return;
  var label = el.dataset.labelOffices || "";
  Promise.all([
    fetch(el.dataset.geo).then(function (r) { return r.json(); }),
    fetch(el.dataset.points, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); })
  ]).then(function (results) {
    var topo = results[0];
    var data = results[1];
    var geo = window.topojson.feature(topo, topo.objects.countries);
    window.echarts.registerMap("world", geo);
    el.classList.add("is-ready");
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    var points = data.points.map(function (p) {
      return { name: p.city, value: [p.lon, p.lat, p.count], url: p.url, country: p.country_name, offices: p.offices };
    });
    chart.setOption(window.chartText({
      tooltip: {
        trigger: "item",
        formatter: function (params) {
          var d = params.data;
          if (!d || !d.offices) return params.name;
          var esc = function (s) { var div = document.createElement("div"); div.textContent = s; return div.innerHTML; };
          var lines = d.offices.map(function (o) { return esc(o.name); });
          return "<strong>" + esc(d.country + " · " + d.name) + "</strong>（" + d.value[2] + " " + esc(label) + "）<br>" + lines.join("<br>");
        }
      },
      geo: {
        map: "world",
        roam: true,
        zoom: 1.1,
        itemStyle: { areaColor: "#eef1f4", borderColor: "#b8c0c8" },
        emphasis: { disabled: true }
      },
      series: [{
        type: "scatter",
        coordinateSystem: "geo",
        data: points,
        symbolSize: function (value) { return Math.min(8 + Math.sqrt(value[2]) * 4, 36); },
        itemStyle: { color: "#9e1b20", opacity: 0.85 },
        label: { show: true, formatter: "{b}", position: "right", fontSize: 11, color: "#333" },
        labelLayout: { hideOverlap: true }
      }]
    }));
    // "is-drawn" once the first render (with its entry animation) has finished: from then
    // on every point sits where it will stay and answers a click.
    chart.on("finished", function () { el.classList.add("is-drawn"); });
    chart.on("click", function (params) {
      if (params.data && params.data.url) window.location.href = params.data.url;
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }).catch(function () {
    el.hidden = true; // the list below still has every office
  });
})();
