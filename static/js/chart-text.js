// Chart text in elder-friendly mode (适老化): with class="elder" on <html> (the header
// switch, apps/core/views_access.py) every text of an ECharts option — axis labels and
// names, legends, tooltips, titles, data labels — is set to at least 18 px, like the rest
// of the page (static/css/elder.css). Standard mode leaves the option as it is.
// Load after vendor/echarts and before the page's chart script; each chart script passes
// its option through window.chartText(option) before setOption.
(function () {
  "use strict";
  var SIZE = 18;
  var TITLE = 20;

  function each(value, fn) {
    if (!value) return;
    (Array.isArray(value) ? value : [value]).forEach(fn);
  }

  function sized(style, px) {
    var out = Object.assign({}, style);
    out.fontSize = Math.max(px, out.fontSize || 0);
    return out;
  }

  window.chartText = function (option) {
    if (!document.documentElement.classList.contains("elder")) return option;
    option.textStyle = sized(option.textStyle, SIZE);
    each(option.title, function (title) {
      title.textStyle = sized(title.textStyle, TITLE);
      title.subtextStyle = sized(title.subtextStyle, SIZE);
    });
    if (option.legend) {
      each(option.legend, function (legend) {
        legend.textStyle = sized(legend.textStyle, SIZE);
        legend.pageTextStyle = sized(legend.pageTextStyle, SIZE);
        legend.itemWidth = 30;
        legend.itemHeight = 18;
      });
    }
    option.tooltip = option.tooltip || {};
    each(option.tooltip, function (tooltip) {
      tooltip.textStyle = sized(tooltip.textStyle, SIZE);
    });
    ["xAxis", "yAxis", "radiusAxis", "angleAxis"].forEach(function (key) {
      each(option[key], function (axis) {
        axis.axisLabel = sized(axis.axisLabel, SIZE);
        axis.nameTextStyle = sized(axis.nameTextStyle, SIZE);
      });
    });
    each(option.geo, function (geo) {
      geo.label = sized(geo.label, SIZE);
    });
    each(option.series, function (series) {
      series.label = sized(series.label, SIZE);
      if (series.endLabel) series.endLabel = sized(series.endLabel, SIZE);
    });
    return option;
  };
})();
