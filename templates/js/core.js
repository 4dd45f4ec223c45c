/* trtreport page script: draws the engine graph from the embedded JSON, wires search, the
 * view toggles, the neighbourhood focus, the details panel, the pass events and the tables.
 * Every name from the report reaches the page through textContent or as a plain-text
 * vis-network title; no HTML is ever built from report data. */
(function () {
  "use strict";

  var BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var SKIP_DY = 120;  /* more than one row apart (rows are 90 px) */
  var EVENT_PREVIEW = 5;
  var EVENT_FILTER_CAP = 100;  /* matching events drawn per pass; "show all" draws the rest */
  var PRINT_EVENTS = 50;  /* events per pass drawn for print; the rest are counted */
  var PRINT_TABLE_ROWS = 300;  /* a closed table with more rows stays closed in print */
  var DETAIL_EVENTS = 12;

  /** Show bidirectional control characters instead of obeying them (same rule as Python). */
  function visible(text) {
    return String(text).replace(BIDI, function (c) {
      return "<U+" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + ">";
    });
  }

  /** 1x3x224x224, ? for dynamic dimensions. */
  function shapeText(dims) {
    if (!dims || dims.length === 0) { return "—"; }
    return dims.map(function (d) { return d < 0 ? "?" : String(d); }).join("x");
  }

  /** Create an element with optional class and text. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = visible(text); }
    return node;
  }

  /** Cut a long text for a link label (the full text goes into the title). */
  function clip(text, limit) {
    text = String(text);
    return text.length > limit ? text.slice(0, limit - 1) + "…" : text;
  }

  /** Time one step of the page's start-up (visible in the browser's performance panel). */
  function timed(name, step) {
    var start = performance.now();
    var result = step();
    if (performance.measure) {
      try { performance.measure("trtreport:" + name, { start: start, end: performance.now() }); } catch (e) { /* old browser */ }
    }
    return result;
  }

  var source = document.getElementById("report-data");

  /** The page data: JSON, or for a large engine deflated JSON in base64 (inflated by the
   *  browser's own DecompressionStream; nothing is fetched). Calls ``start`` with it. */
  function loadData(then) {
    var payload = timed("parse", function () { return JSON.parse(source.textContent); });
    if (source.getAttribute("data-encoding") !== "deflate-base64") { then(payload); return; }
    var status = document.getElementById("graph-canvas");
    if (typeof DecompressionStream === "undefined") {
      if (status) { status.textContent = "This browser cannot unpack the report's data (it has no DecompressionStream); open the report in a current browser."; }
      return;
    }
    var binary = atob(payload);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    new Response(stream).text().then(function (text) {
      then(timed("parse-inflated", function () { return JSON.parse(text); }));
    });
  }

  /** The pass events, read from the columns the data stores them in (runs of sections,
   *  line differences, layers by index, message templates): sections and lines are expanded
   *  once into typed arrays; a row ``[section, line, kind, text, layer id]`` is made only for
   *  an event that is drawn or searched (a large log has hundreds of thousands). */
  function eventTable(data) {
    var c = data.events;
    var count = c.kind.length;
    var sec = new Uint32Array(count);
    var line = new Float64Array(count);
    var n = 0;
    var at = 0;
    for (var r = 0; r < c.sec.length; r += 2) {
      for (var k = 0; k < c.sec[r + 1]; k++, n++) {
        at += c.line[n];
        sec[n] = c.sec[r];
        line[n] = at;
      }
    }
    function text(i) {
      var t = c.text[i];
      if (!Array.isArray(t)) { return t; }
      var parts = data.event_templates[t[0]].split("\u0000");
      var out = parts[0];
      for (var a = 1; a < parts.length; a++) {
        out += (t[a] < 0 ? data.event_names[-t[a] - 1] : data.onnx_names[t[a]]) + parts[a];
      }
      return out;
    }
    function layerId(i) { return c.layer[i] ? data.layers[c.layer[i] - 1].id : ""; }
    return {
      count: count,
      section: function (i) { return sec[i]; },
      layerId: layerId,
      row: function (i) { return [sec[i], line[i], c.kind[i], text(i), layerId(i)]; }
    };
  }

  /** Everything below runs once the data is there. */
  function start(data) {
  var passEvents = timed("events-unpack", function () { return eventTable(data); });
  var graph = data.graph;
  var canvas = document.getElementById("graph-canvas");
  var panel = document.getElementById("details");
  var groups = graph.groups;
  var layerById = {};
  data.layers.forEach(function (layer, i) {
    layer.index = i;
    layerById[layer.id] = layer;
    // Shared strings are stored once, in tables; the page works on the strings.
    layer.type = data.layer_types[layer.type];
    layer.role = data.roles[layer.role];
    if (layer.tune && layer.tune.reasons) {
      layer.tune.reasons = layer.tune.reasons.map(function (r) { return [data.skip_reasons[r[0]], r[1]]; });
    }
  });
  /** Pass events per layer id (the data stores each event's layer only once, on the event). */
  var eventsByLayer = {};
  for (var ei = 0; ei < passEvents.count; ei++) {
    var owner = passEvents.layerId(ei);
    if (owner) { (eventsByLayer[owner] = eventsByLayer[owner] || []).push(ei); }
  }
  var shortLabel = {};
  graph.nodes.forEach(function (n) { shortLabel[n.id] = n.label.split("\n")[0]; });
  var anchorByPass = {};
  data.passes.forEach(function (p) { anchorByPass[p.name] = p.anchor; });

  /** A badge colored like the graph for one precision label. */
  function badge(precision) {
    var cls = groups[precision] && precision.indexOf("t:") !== 0 ? precision : "unknown";
    return el("span", "badge prec-" + cls, precision || "unknown");
  }

  function tensor(i) {
    var row = data.tensors[i];
    return { name: row[0], dtype: row[1], shape: row[2], format: data.formats[row[3]] };
  }
  function inPrec(layer) { return layer.in_prec || layer.prec; }
  function outPrec(layer) { return layer.out_prec || layer.prec; }
  function kernelOf(layer) { return layer.kernel ? data.kernels[layer.kernel] : ""; }
  function category(layer) { return data.categories[layer.cat]; }
  function groupColor(group) {
    var g = groups[group] || groups.unknown;
    return g.color.background;
  }

  var state = {
    network: null, nodes: null, edges: null, firstDrawMs: null, interactiveMs: null,
    matches: [], matchIndex: 0, lastQuery: "", hiddenMatches: 0, layerNodes: 0
  };
  var view = {
    mode: "precision", hideConstants: false, hideReformats: false, collapseMyelin: false,
    focus: null, highlight: null
  };

