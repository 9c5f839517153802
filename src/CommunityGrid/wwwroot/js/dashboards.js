// Dashboards and the big screen: charts with the vendored ECharts, the map of Hohhot's districts (vendored
// outlines) with the grids coloured by a chosen figure, and on the big screen a live refresh whenever the
// notification hub says the figures changed. Everything comes from /api/dashboards; nothing from the internet.
(function () {
  var root = document.querySelector("[data-dashboard]");
  if (!root || !window.echarts || !root.dataset.area) { return; }
  var zh = root.dataset.zh !== "0";
  var screen = root.dataset.screen === "1";
  var code = root.dataset.area;
  var query = root.dataset.from ? "?from=" + root.dataset.from + "&to=" + root.dataset.to : "";
  var theme = screen ? "dark" : null;
  var charts = {};
  var state = { dashboard: null, map: null, kpi: "open", layer: "points" };
  var outlines = null;
  var colours = ["#c8102e", "#2563eb", "#059669", "#d97706", "#7c3aed", "#0e7490", "#db2777", "#65a30d"];

  function t(cn, en) { return zh ? cn : en; }
  function pct(v) { return v === null || v === undefined ? "—" : (v * 100).toFixed(1) + "%"; }
  function chart(name) {
    var el = root.querySelector('[data-chart="' + name + '"]');
    if (!el) { return null; }
    if (!charts[name]) { charts[name] = echarts.init(el, theme, { renderer: "canvas" }); }
    return charts[name];
  }
  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + " → " + r.status); }
      return r.json();
    });
  }
  function link(areaCode) {
    return screen ? "/dashboards/screen?area=" + areaCode : "/dashboards?area=" + areaCode + (root.dataset.from ? "&from=" + root.dataset.from + "&to=" + root.dataset.to : "");
  }

  function renderCharts(d) {
    var axisText = { color: screen ? "#cbd5e1" : "#656d76" };
    var daily = chart("daily");
    if (daily) {
      daily.setOption({
        color: ["#c8102e", "#2563eb"], backgroundColor: "transparent",
        tooltip: { trigger: "axis" }, legend: { top: 0, data: [t("新建", "Filed"), t("办结", "Resolved")], textStyle: axisText },
        grid: { left: 36, right: 12, top: 30, bottom: 24 },
        xAxis: { type: "category", data: d.daily.map(function (x) { return x.date.slice(5); }), axisLabel: axisText },
        yAxis: { type: "value", minInterval: 1, axisLabel: axisText },
        series: [
          { name: t("新建", "Filed"), type: "line", smooth: true, areaStyle: { opacity: 0.15 }, data: d.daily.map(function (x) { return x.created; }) },
          { name: t("办结", "Resolved"), type: "line", smooth: true, data: d.daily.map(function (x) { return x.resolved; }) }
        ]
      }, true);
    }
    var categories = chart("categories");
    if (categories) {
      var top = d.byCategory.slice(0, 8).reverse();
      categories.setOption({
        backgroundColor: "transparent", tooltip: {}, grid: { left: 90, right: 30, top: 8, bottom: 20 },
        xAxis: { type: "value", minInterval: 1, axisLabel: axisText },
        yAxis: { type: "category", data: top.map(function (v) { return v.name; }), axisLabel: axisText },
        series: [{ type: "bar", data: top.map(function (v) { return v.count; }), itemStyle: { color: "#2563eb", borderRadius: [0, 4, 4, 0] }, label: { show: true, position: "right", color: axisText.color } }],
        graphic: top.length ? [] : [{ type: "text", left: "center", top: "middle", style: { text: t("本期没有工单", "No orders"), fill: axisText.color } }]
      }, true);
    }
    var origins = chart("origins");
    if (origins) {
      origins.setOption({
        color: colours, backgroundColor: "transparent", tooltip: { trigger: "item" },
        legend: { bottom: 0, textStyle: axisText, type: "scroll" },
        series: [{ type: "pie", radius: ["38%", "66%"], center: ["50%", "45%"], label: { color: axisText.color, formatter: "{b}\n{c}" },
          data: d.byOrigin.map(function (v) { return { name: v.name, value: v.count }; }) }],
        graphic: d.byOrigin.length ? [] : [{ type: "text", left: "center", top: "middle", style: { text: t("本期没有工单", "No orders"), fill: axisText.color } }]
      }, true);
    }
    var children = chart("children");
    if (children && d.children.length) {
      children.setOption({
        color: ["#c8102e", "#d97706"], backgroundColor: "transparent", tooltip: { trigger: "axis" },
        legend: { top: 0, data: [t("新建", "Filed"), t("超时", "Overdue")], textStyle: axisText },
        grid: { left: 36, right: 12, top: 30, bottom: 60 },
        xAxis: { type: "category", data: d.children.map(function (c) { return c.name; }), axisLabel: { color: axisText.color, rotate: d.children.length > 4 ? 30 : 0, interval: 0 } },
        yAxis: { type: "value", minInterval: 1, axisLabel: axisText },
        series: [
          { name: t("新建", "Filed"), type: "bar", data: d.children.map(function (c) { return { value: c.created, code: c.code }; }) },
          { name: t("超时", "Overdue"), type: "bar", data: d.children.map(function (c) { return { value: c.overdue, code: c.code }; }) }
        ]
      }, true);
      children.off("click");
      children.on("click", function (p) { if (p.data && p.data.code) { window.location.href = link(p.data.code); } });
    }
  }

  function gridValue(g, kpi) {
    var f = g.figures;
    switch (kpi) {
      case "created": return f.created;
      case "overdue": return f.overdue;
      case "onTime": return f.onTimeResolutionRate.denominator ? f.onTimeResolutionRate.numerator / f.onTimeResolutionRate.denominator : null;
      case "satisfaction": return f.satisfactionRate.denominator ? f.satisfactionRate.numerator / f.satisfactionRate.denominator : null;
      default: return f.open;
    }
  }

  function bounds(features) {
    var b = [180, 90, -180, -90];
    function walk(c) {
      if (typeof c[0] === "number") { b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]); b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]); return; }
      c.forEach(walk);
    }
    features.forEach(function (f) { walk(f.geometry.coordinates); });
    return b;
  }

  function renderMap(m) {
    var map = chart("map");
    if (!map || !outlines) { return; }
    var grids = m.grids.filter(function (g) { return g.boundary; });
    var gridFeatures = grids.map(function (g) {
      return { type: "Feature", properties: { name: g.code, label: g.name }, geometry: JSON.parse(g.boundary) };
    });
    var name = "cg-" + m.area.code;
    echarts.registerMap(name, { type: "FeatureCollection", features: outlines.features.concat(gridFeatures) });
    var b = bounds(gridFeatures.length ? gridFeatures : outlines.features.filter(function (f) { return f.properties.code === m.area.code; }));
    if (!gridFeatures.length && b[0] > b[2]) { b = bounds(outlines.features); }
    var padX = Math.max((b[2] - b[0]) * 0.2, 0.004), padY = Math.max((b[3] - b[1]) * 0.2, 0.003);
    var values = grids.map(function (g) { return gridValue(g, state.kpi); }).filter(function (v) { return v !== null; });
    var isRate = state.kpi === "onTime" || state.kpi === "satisfaction";
    var max = values.length ? Math.max.apply(null, values) : 1;
    var dark = screen;
    var series = [{
      type: "map", geoIndex: 0, name: "grids",
      data: grids.map(function (g) { return { name: g.code, value: gridValue(g, state.kpi), label: g.name, grid: g }; })
    }];
    var open = m.openOrders;
    if (state.layer === "points") {
      series.push({ type: "scatter", coordinateSystem: "geo", name: "orders", symbolSize: 7, zlevel: 2,
        data: open.map(function (o) { return { name: o.number, value: [o.longitude, o.latitude], order: o, itemStyle: { color: o.overdue ? "#f59e0b" : "#c8102e", borderColor: "#fff", borderWidth: 1 } }; }) });
    } else if (state.layer === "heat") {
      series.push({ type: "heatmap", coordinateSystem: "geo", name: "heat", pointSize: 14, blurSize: 18,
        data: open.map(function (o) { return [o.longitude, o.latitude, 1]; }) });
    }
    var visualMaps = [{
      type: "continuous", seriesIndex: 0, min: 0, max: isRate ? 1 : Math.max(1, max), calculable: false, left: 8, bottom: 8,
      text: [isRate ? "100%" : String(Math.max(1, max)), isRate ? "0%" : "0"], textStyle: { color: dark ? "#e2e8f0" : "#1f2328" },
      inRange: { color: isRate ? ["#fee2e2", "#fca5a5", "#10b981"] : ["#fff7ed", "#fdba74", "#c8102e"] }
    }];
    if (state.layer === "heat") {
      visualMaps.push({ type: "continuous", seriesIndex: 1, min: 0, max: 4, show: false, inRange: { color: ["rgba(37,99,235,0)", "#60a5fa", "#f59e0b", "#dc2626"] } });
    }
    map.setOption({
      backgroundColor: "transparent",
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          if (p.seriesName === "orders" && p.data) { return p.data.order.number + "<br/>" + p.data.order.categoryName + (p.data.order.overdue ? " · " + t("超时", "overdue") : ""); }
          if (p.data && p.data.grid) { var f = p.data.grid.figures; return p.data.label + "<br/>" + t("在办 ", "open ") + f.open + " · " + t("超时 ", "overdue ") + f.overdue + " · " + t("新建 ", "filed ") + f.created; }
          return p.name;
        }
      },
      geo: {
        map: name, roam: true, boundingCoords: [[b[0] - padX, b[3] + padY], [b[2] + padX, b[1] - padY]],
        label: { show: false },
        itemStyle: { areaColor: dark ? "#1e293b" : "#eef2f6", borderColor: dark ? "#64748b" : "#94a3b8", borderWidth: 1 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: dark ? "#334155" : "#dbe4ee" } },
        regions: outlines.features.map(function (f) {
          return { name: f.properties.name, itemStyle: { areaColor: dark ? "#0f172a" : "#f3f4f6", borderColor: dark ? "#94a3b8" : "#6b7280", borderWidth: 1.5 }, emphasis: { disabled: true }, tooltip: { show: true } };
        })
      },
      visualMap: visualMaps,
      series: series
    }, true);
    root.dataset.mapGrids = String(grids.length);
    root.dataset.mapOrders = String(open.length);
    map.off("click");
    map.on("click", function (p) {
      var g = p.data && p.data.grid ? p.data.grid : grids.filter(function (x) { return x.code === p.name; })[0];
      if (g) { showGrid(g); }
    });
  }

  function showGrid(g) {
    var panel = root.querySelector("[data-map-panel]");
    if (!panel) { window.location.href = link(g.code); return; }
    var f = g.figures;
    panel.hidden = false;
    panel.innerHTML = "";
    var h = document.createElement("h3"); h.textContent = g.name; panel.appendChild(h);
    var dl = document.createElement("dl"); dl.className = "grid-figures";
    [[t("新建工单", "Filed"), f.created], [t("在办", "Open"), f.open], [t("超时", "Overdue"), f.overdue], [t("问题工单", "Problem"), f.problemOrders],
      [t("按时办结率", "On time"), pct(f.onTimeResolutionRate.denominator ? f.onTimeResolutionRate.numerator / f.onTimeResolutionRate.denominator : null)],
      [t("满意率", "Satisfied"), pct(f.satisfactionRate.denominator ? f.satisfactionRate.numerator / f.satisfactionRate.denominator : null)]]
      .forEach(function (row) {
        var div = document.createElement("div");
        var dt = document.createElement("dt"); dt.textContent = row[0];
        var dd = document.createElement("dd"); dd.textContent = String(row[1]);
        div.appendChild(dt); div.appendChild(dd); dl.appendChild(div);
      });
    panel.appendChild(dl);
    var a = document.createElement("a"); a.className = "button"; a.href = link(g.code); a.textContent = t("网格看板", "Grid dashboard");
    panel.appendChild(a);
    var b = document.createElement("a"); b.className = "button"; b.href = "/areas/" + g.code; b.textContent = t("网格公示", "Grid page");
    panel.appendChild(b);
    root.dataset.selectedGrid = g.code;
  }

  function renderScreen(d) {
    var tiles = root.querySelector("[data-tiles]");
    if (tiles) {
      tiles.innerHTML = "";
      d.kpis.forEach(function (k) {
        var div = document.createElement("div");
        div.className = "screen-tile"; div.dataset.kpi = k.key;
        var n = document.createElement("span"); n.className = "screen-tile-name"; n.textContent = zh ? k.name : k.nameEn;
        var v = document.createElement("span"); v.className = "screen-tile-value"; v.textContent = k.isRate ? pct(k.value) : String(k.value === null ? 0 : k.value);
        var c = document.createElement("span"); c.className = "screen-tile-note";
        if (k.change !== null && k.change !== undefined) {
          c.textContent = (k.change > 0 ? "↑ " : k.change < 0 ? "↓ " : "→ ") + (k.isRate ? (Math.abs(k.change) * 100).toFixed(1) + t(" 个百分点", " pts") : Math.abs(k.change));
          c.className += k.change > 0 === (k.key !== "redo" && k.key !== "created") ? " up" : " down";
        } else { c.textContent = k.isRate ? k.numerator + "/" + k.denominator : t("当前", "now"); }
        div.appendChild(n); div.appendChild(v); div.appendChild(c); tiles.appendChild(div);
      });
    }
    var list = root.querySelector("[data-attention]");
    if (list) {
      list.innerHTML = "";
      if (!d.attention.length) { var li0 = document.createElement("li"); li0.textContent = t("当前没有超时或问题工单", "No overdue or problem orders"); list.appendChild(li0); }
      d.attention.slice(0, 12).forEach(function (o) {
        var li = document.createElement("li");
        li.textContent = o.number + " · " + o.title + " · " + o.areaName + (o.overdue ? " · " + t("超时", "overdue") : "") + (o.problemOrder ? " · " + t("问题工单", "problem") : "");
        list.appendChild(li);
      });
    }
    var updated = root.querySelector("[data-updated]");
    if (updated) { updated.textContent = t("数据更新于 ", "Updated ") + new Date().toLocaleTimeString(zh ? "zh-CN" : "en-GB", { hour12: false }); }
  }

  function load() {
    var outlinesReady = outlines ? Promise.resolve(outlines) : getJson("/lib/echarts/hohhot.geojson").then(function (g) { outlines = g; return g; });
    return Promise.all([getJson("/api/dashboards/" + code + query), getJson("/api/dashboards/" + code + "/map" + query), outlinesReady]).then(function (r) {
      state.dashboard = r[0]; state.map = r[1];
      renderCharts(r[0]);
      renderMap(r[1]);
      if (screen) { renderScreen(r[0]); }
      root.dataset.loads = String(Number(root.dataset.loads || "0") + 1);
      root.dataset.created = String(r[0].kpis[0].value);
    }).catch(function (e) { root.dataset.error = String(e); });
  }

  var kpiSelect = root.querySelector("[data-map-kpi]");
  if (kpiSelect) { kpiSelect.addEventListener("change", function () { state.kpi = kpiSelect.value; if (state.map) { renderMap(state.map); } }); }
  var layerSelect = root.querySelector("[data-map-layer]");
  if (layerSelect) { layerSelect.addEventListener("change", function () { state.layer = layerSelect.value; if (state.map) { renderMap(state.map); } }); }
  window.addEventListener("resize", function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  load();

  if (screen) {
    var clock = root.querySelector("[data-clock]");
    var tick = function () { if (clock) { clock.textContent = new Date().toLocaleString(zh ? "zh-CN" : "en-GB", { hour12: false, timeZone: "Asia/Shanghai" }); } };
    tick(); setInterval(tick, 1000);
    // Live: the hub says "dashboard" when an order under this node is filed or moves; a burst refreshes once.
    var live = root.querySelector("[data-live]");
    var pending = null;
    if (window.signalR) {
      var connection = new signalR.HubConnectionBuilder().withUrl("/hubs/notifications").withAutomaticReconnect().configureLogging(signalR.LogLevel.Warning).build();
      connection.on("dashboard", function () {
        if (pending) { return; }
        pending = setTimeout(function () { pending = null; load(); }, 500);
      });
      connection.onreconnected(function () { if (live) { live.textContent = t("实时", "Live"); } load(); });
      connection.onreconnecting(function () { if (live) { live.textContent = t("重连中…", "Reconnecting…"); } });
      connection.start().then(function () { root.dataset.live = "connected"; if (live) { live.textContent = t("实时", "Live"); } })
        .catch(function () { root.dataset.live = "failed"; if (live) { live.textContent = t("离线", "Offline"); } });
    }
    // A wall display left on for days: a full refresh every ten minutes catches whatever a push missed.
    setInterval(load, 600000);
  }
})();
