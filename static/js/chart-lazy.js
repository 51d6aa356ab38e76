// Charts drawn only when they come near the screen, one chart per task (used by
// static/js/stats-charts.js and static/js/partyorg-charts.js). ECharts itself (about 1 MB)
// is fetched and run only when the first chart comes within 200 px of the viewport, so a
// page read from the top parses it once something needs it, and no single long task
// draws several charts (Lighthouse's Total Blocking Time, bench/README.md).
// The template gives ECharts' URL: <script src="chart-lazy.js" data-echarts="…" defer>.
// Usage: window.chartsLazy(elements, draw) — draw(el) runs once per element, with
// window.echarts and window.chartText ready, and returns the chart (resized with the window).
// If ECharts fails to load nothing is drawn: the table beside each chart is the data.
(function () {
  "use strict";
  var script = document.currentScript;
  var src = script ? script.dataset.echarts : "";
  var NEAR = "200px 0px";
  var queue = [];
  var busy = false;
  var loading = null;

  function loadEcharts() {
    if (window.echarts) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        if (!src) return reject(new Error("chart-lazy.js: no data-echarts"));
        var tag = document.createElement("script");
        tag.src = src;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  // One chart, then yield to the browser (input, paint) before the next.
  function pump() {
    if (busy || !queue.length) return;
    busy = true;
    loadEcharts().then(
      function () {
        setTimeout(function () {
          var job = queue.shift();
          try {
            job();
          } finally {
            busy = false;
            pump();
          }
        }, 0);
      },
      function () {
        busy = false;
        queue.length = 0; // ECharts did not load: the tables stay the page's charts
      }
    );
  }

  // Each chart's box has its height from the stylesheet as soon as the page has the "js"
  // class (set in <head>), so a chart drawn later moves nothing on screen.

  window.chartsLazy = function (elements, draw) {
    var charts = [];
    function enqueue(el) {
      queue.push(function () {
        var chart = draw(el);
        if (chart) charts.push(chart);
      });
      pump();
    }
    if (!("IntersectionObserver" in window)) {
      elements.forEach(enqueue);
    } else {
      var observer = new IntersectionObserver(
        function (entries) {
          entries.forEach(function (entry) {
            if (!entry.isIntersecting) return;
            observer.unobserve(entry.target);
            enqueue(entry.target);
          });
        },
        { rootMargin: NEAR }
      );
      elements.forEach(function (el) {
        observer.observe(el);
      });
    }
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) {
        chart.resize();
      });
    });
  };
})();
