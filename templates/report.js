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
  var EVENT_FILTER_CAP = 400;
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
  var data = timed("parse", function () { return JSON.parse(source.textContent); });
  var graph = data.graph;
  var canvas = document.getElementById("graph-canvas");
  var panel = document.getElementById("details");
  var groups = graph.groups;
  var layerById = {};
  data.layers.forEach(function (layer, i) { layer.index = i; layerById[layer.id] = layer; });
  var regionById = {};
  graph.regions.forEach(function (region) { regionById[region.id] = region; });
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
    colorByType: false, hideConstants: false, hideReformats: false, collapseMyelin: false,
    focus: null
  };

  /* ---------------------------------------------------------------- graph structure */

  var succ = {};
  var pred = {};
  graph.nodes.forEach(function (n) { succ[n.id] = []; pred[n.id] = []; });
  graph.edges.forEach(function (e, i) {
    succ[e.from].push(i);
    pred[e.to].push(i);
  });
  var regionOfMember = {};
  graph.regions.forEach(function (r) { r.members.forEach(function (m) { regionOfMember[m] = r.id; }); });

  var fateNames = {};
  data.fates.forEach(function (f) { if (f[3]) { (fateNames[f[3]] = fateNames[f[3]] || []).push(f[0]); } });

  /** Text searched for each node: layer, tensor and ONNX node names, lower-cased. The node id
   *  (L2, in:x) is not part of it: an id matches only when the query is that whole id. */
  var searchText = {};
  graph.nodes.forEach(function (node) {
    var layer = layerById[node.id];
    var parts = [];
    if (layer) {
      parts.push(layer.name);
      layer.ins.concat(layer.outs).forEach(function (t) { parts.push(data.tensors[t][0]); });
      (layer.onnx || []).forEach(function (n) { parts.push(data.onnx_names[n]); });
      (fateNames[node.id] || []).forEach(function (n) { parts.push(data.onnx_names[n]); });
      state.layerNodes += 1;
    } else if (data.bindings[node.id]) {
      parts.push(data.bindings[node.id].name);
    }
    searchText[node.id] = parts.join("\n").toLowerCase();
  });

  /** The full name of a node. */
  function labelOf(id) {
    if (layerById[id]) { return layerById[id].name; }
    if (data.bindings[id]) { return data.bindings[id].direction + ": " + data.bindings[id].name; }
    if (regionById[id]) { return regionById[id].label.replace("\n", " · "); }
    return id;
  }

  /** The plain-text tooltip of a node. */
  function nodeTitle(id) {
    var layer = layerById[id];
    if (layer) {
      var precision = inPrec(layer) + " → " + layer.prec + " → " + outPrec(layer);
      return visible(layer.name) + "\n" + visible(layer.type || "layer") + " · " + precision;
    }
    var binding = data.bindings[id];
    if (binding) {
      return binding.direction + " " + visible(binding.name) + "\n" + binding.dtype + " " + shapeText(binding.shape);
    }
    return visible(id);
  }

  function edgeTitle(t) {
    var info = tensor(t);
    return visible(info.name) + "\n" + info.dtype + " " + shapeText(info.shape);
  }

  function edgeColor(t) {
    var color = groupColor(tensor(t).dtype);
    return { color: color, highlight: color, hover: color, inherit: false };
  }

  /** Group and label of a node in the current color mode. */
  function nodeLook(node) {
    var layer = layerById[node.id];
    if (view.colorByType && layer) {
      var name = category(layer);
      return { group: "t:" + name, label: visible(node.label.split("\n")[0] + "\n" + name) };
    }
    return { group: node.group, label: visible(node.label) };
  }

  function regionLook(region) {
    if (view.colorByType) {
      return { group: "t:Myelin", label: visible(region.label.split("\n")[0] + "\nMyelin") };
    }
    return { group: groups[region.precision] ? region.precision : "unknown", label: visible(region.label) };
  }

  function draw() {
    if (!canvas || typeof vis === "undefined") { return; }
    var big = graph.nodes.length > 1500;
    var nodeItems = graph.nodes.map(function (n) {
      var look = nodeLook(n);
      return {
        id: n.id, label: look.label, group: look.group, x: n.x, y: n.y, title: nodeTitle(n.id),
        shape: layerById[n.id] ? "box" : "ellipse"
      };
    });
    graph.regions.forEach(function (r) {
      var look = regionLook(r);
      nodeItems.push({
        id: r.id, label: look.label, group: look.group, x: r.x, y: r.y, hidden: true,
        title: visible(r.label.replace("\n", " · ")) + "\n" + r.members.length + " Myelin layers",
        shape: "box", shapeProperties: { borderDashes: [6, 3], borderRadius: 4 }, borderWidth: 2
      });
    });
    state.nodes = new vis.DataSet(nodeItems);
    var at = {};
    graph.nodes.forEach(function (n) { at[n.id] = n; });
    state.edges = new vis.DataSet(graph.edges.map(function (e, i) {
      var item = { id: i, from: e.from, to: e.to, color: edgeColor(e.t), title: edgeTitle(e.t) };
      var a = at[e.from], b = at[e.to];
      // A skip connection (a residual) drawn straight would lie on top of the chain it skips.
      if (graph.smooth && a && b && a.x === b.x && Math.abs(b.y - a.y) > SKIP_DY) {
        item.smooth = { enabled: true, type: "curvedCW", roundness: 0.35 };
      }
      return item;
    }));
    var options = {
      autoResize: true,
      physics: false,
      layout: { improvedLayout: false, randomSeed: 1 },
      groups: groups,
      nodes: {
        shape: "box",
        margin: { top: 6, bottom: 6, left: 8, right: 8 },
        borderWidth: 1,
        borderWidthSelected: 4,
        labelHighlightBold: false,
        font: { face: FONT, size: 14, multi: false },
        widthConstraint: { maximum: 210 },
        shapeProperties: { borderRadius: 4 }
      },
      edges: {
        arrows: { to: { enabled: true, scaleFactor: 0.55 } },
        width: 1.6,
        selectionWidth: 1.5,
        smooth: graph.smooth ? { enabled: true, type: "cubicBezier", forceDirection: "vertical", roundness: 0.45 } : false
      },
      interaction: {
        hover: false,
        tooltipDelay: 250,
        navigationButtons: false,
        keyboard: false,
        multiselect: false,
        hideEdgesOnDrag: big,
        hideEdgesOnZoom: big
      },
      manipulation: { enabled: false },
      configure: { enabled: false }
    };
    var network = new vis.Network(canvas, { nodes: state.nodes, edges: state.edges }, options);
    state.network = network;
    network.once("afterDrawing", function () { state.firstDrawMs = performance.now(); });
    startView();
    network.on("click", function (params) {
      if (params.nodes.length) { showDetails(params.nodes[0]); }
    });
  }

  /** Open on the graph's inputs at a scale where labels can be read, not on a whole-graph
   *  fit that shrinks a deep engine to unreadable specks ("Show all" does that). */
  function startView() {
    var network = state.network;
    if (!network || graph.nodes.length === 0) { return; }
    var minX = Infinity, maxX = -Infinity, minY = Infinity;
    graph.nodes.forEach(function (n) {
      if (n.x < minX) { minX = n.x; }
      if (n.x > maxX) { maxX = n.x; }
      if (n.y < minY) { minY = n.y; }
    });
    var width = canvas.clientWidth || 800;
    var height = canvas.clientHeight || 600;
    var scale = Math.min(1, Math.max(0.6, width / (maxX - minX + 320)));
    network.moveTo({
      position: { x: (minX + maxX) / 2, y: minY + (height / 2 - 40) / scale },
      scale: scale,
      animation: false
    });
  }

  /* ---------------------------------------------------------------- view: toggles, focus */

  var hiddenNow = {};
  var edgeHiddenNow = graph.edges.map(function () { return false; });
  var derivedIds = [];

  /** Nodes within ``hops`` edges of ``id`` (either direction), as a set. */
  function neighbourhood(id, hops) {
    var seen = {};
    seen[id] = true;
    var frontier = [id];
    for (var step = 0; step < hops; step++) {
      var next = [];
      frontier.forEach(function (node) {
        (succ[node] || []).forEach(function (i) {
          var other = graph.edges[i].to;
          if (!seen[other]) { seen[other] = true; next.push(other); }
        });
        (pred[node] || []).forEach(function (i) {
          var other = graph.edges[i].from;
          if (!seen[other]) { seen[other] = true; next.push(other); }
        });
      });
      frontier = next;
    }
    return seen;
  }

  /** Whether a layer is hidden by the "hide constants / Reformats" toggles. */
  function toggledOff(id) {
    var layer = layerById[id];
    if (!layer) { return false; }
    return (view.hideConstants && layer.role === "constant") ||
      (view.hideReformats && layer.role === "reformat");
  }

  /** Recompute what is drawn from the toggles and the focus, over the fixed layout. */
  function applyView() {
    if (!state.network) { return; }
    var focusSet = view.focus ? neighbourhood(view.focus.id, view.focus.hops) : null;
    var hidden = {};
    var bypass = {};
    var rep = {};
    graph.nodes.forEach(function (n) {
      var id = n.id;
      var h = false;
      if (view.collapseMyelin && regionOfMember[id]) {
        h = true;
        rep[id] = regionOfMember[id];
      } else if (toggledOff(id)) {
        h = true;
        bypass[id] = !focusSet || !!focusSet[id];
      }
      if (focusSet && !focusSet[id]) { h = true; }
      hidden[id] = h;
    });
    graph.regions.forEach(function (r) {
      var shown = view.collapseMyelin && (!focusSet || r.members.some(function (m) { return focusSet[m]; }));
      hidden[r.id] = !shown;
    });
    function repOf(id) { return rep[id] || id; }

    var nodeUpdates = [];
    Object.keys(hidden).forEach(function (id) {
      var look = null;
      if (regionById[id]) { look = regionLook(regionById[id]); }
      if (!!hiddenNow[id] !== hidden[id]) {
        var item = { id: id, hidden: hidden[id] };
        nodeUpdates.push(item);
        hiddenNow[id] = hidden[id];
      }
      if (look) { nodeUpdates.push({ id: id, group: look.group, label: look.label }); }
    });

    var targetsMemo = {};
    /** Visible nodes reached from ``id`` through bypassed (hidden) layers, with the tensor
     *  of the last hop. */
    function targets(id, depth) {
      var r = repOf(id);
      if (!hidden[r]) { return [[r, null]]; }
      if (!bypass[id] || depth > 64) { return []; }
      if (targetsMemo[id]) { return targetsMemo[id]; }
      var found = [];
      succ[id].forEach(function (i) {
        targets(graph.edges[i].to, depth + 1).forEach(function (pair) {
          found.push([pair[0], pair[1] === null ? graph.edges[i].t : pair[1]]);
        });
      });
      targetsMemo[id] = found;
      return found;
    }

    var edgeUpdates = [];
    var derived = {};
    graph.edges.forEach(function (e, i) {
      var show = !hidden[e.from] && !hidden[e.to];
      if (edgeHiddenNow[i] !== !show) {
        edgeUpdates.push({ id: i, hidden: !show });
        edgeHiddenNow[i] = !show;
      }
      if (show) { return; }
      var from = repOf(e.from);
      if (hidden[from]) { return; }
      targets(e.to, 0).forEach(function (pair) {
        var to = pair[0];
        if (to === from) { return; }
        var key = from + "\u0000" + to;
        if (!(key in derived)) { derived[key] = pair[1] === null ? e.t : pair[1]; }
      });
    });

    state.edges.remove(derivedIds);
    derivedIds = [];
    var added = Object.keys(derived).sort().map(function (key, n) {
      var ends = key.split("\u0000");
      var id = "d" + n;
      derivedIds.push(id);
      return {
        id: id, from: ends[0], to: ends[1], dashes: [6, 4], color: edgeColor(derived[key]),
        title: "through hidden or collapsed layers\n" + edgeTitle(derived[key])
      };
    });
    state.nodes.update(nodeUpdates);
    state.edges.update(edgeUpdates);
    state.edges.add(added);

    var colorUpdates = [];
    graph.nodes.forEach(function (n) {
      if (!layerById[n.id]) { return; }
      var look = nodeLook(n);
      var current = state.nodes.get(n.id);
      if (current.group !== look.group) { colorUpdates.push({ id: n.id, group: look.group, label: look.label }); }
    });
    if (colorUpdates.length) { state.nodes.update(colorUpdates); }
    document.getElementById("legend-precision").hidden = view.colorByType;
    document.getElementById("legend-type").hidden = !view.colorByType;
    updateFocusBar();
  }

  function visibleNodeIds() {
    if (!state.nodes) { return []; }
    return state.nodes.getIds({ filter: function (n) { return !n.hidden; } });
  }

  function updateFocusBar() {
    var bar = document.getElementById("focus-bar");
    if (!bar) { return; }
    if (!view.focus) { bar.hidden = true; return; }
    bar.hidden = false;
    document.getElementById("focus-status").textContent =
      "Showing " + visibleNodeIds().length + " nodes within " + view.focus.hops + " hop" +
      (view.focus.hops === 1 ? "" : "s") + " of " + visible(clip(labelOf(view.focus.id), 80)) + ".";
  }

  /** Show only the nodes within ``hops`` edges of ``id``. */
  function focusOn(id, hops) {
    if (!state.network || !(id in searchText)) { return false; }
    view.focus = { id: id, hops: Math.max(0, hops | 0) };
    applyView();
    var ids = visibleNodeIds();
    state.network.fit({ nodes: ids, animation: false });
    if (state.network.getScale() > 1.2) { state.network.moveTo({ scale: 1.2, animation: false }); }
    state.network.selectNodes([id]);
    showDetails(id);
    return true;
  }

  function clearFocus() {
    if (!view.focus) { return; }
    var id = view.focus.id;
    view.focus = null;
    applyView();
    if (state.network) { state.network.focus(id, { scale: Math.max(state.network.getScale(), 0.8), animation: false }); }
  }

  /** The id under which a node is drawn now (itself, or the region of a collapsed Myelin
   *  member), or null when the toggles or the focus hide it. Changes nothing. */
  function drawnAs(id) {
    if (view.collapseMyelin && regionOfMember[id]) {
      return hiddenNow[regionOfMember[id]] ? null : regionOfMember[id];
    }
    return hiddenNow[id] ? null : id;
  }

  /** Make a node drawable before selecting it; return the id to select (a region for a
   *  collapsed Myelin member). */
  function reveal(id) {
    if (view.focus && hiddenNow[id] && !regionOfMember[id]) { view.focus = null; applyView(); }
    var layer = layerById[id];
    if (layer && toggledOff(id)) {
      var box = document.getElementById(layer.role === "constant" ? "toggle-constants" : "toggle-reformats");
      if (layer.role === "constant") { view.hideConstants = false; } else { view.hideReformats = false; }
      if (box) { box.checked = false; }
      applyView();
    }
    if (view.collapseMyelin && regionOfMember[id]) { return regionOfMember[id]; }
    return id;
  }

  /* ---------------------------------------------------------------- details panel */

  /** Append a definition-list row when the value is not empty. */
  function row(list, label, value, className) {
    if (value === undefined || value === null || value === "") { return; }
    list.appendChild(el("dt", null, label));
    var dd = el("dd", className);
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = visible(value); }
    list.appendChild(dd);
  }

  /** The table of a layer's input or output tensors. */
  function tensorTable(indices) {
    var table = el("table");
    var head = el("tr");
    ["Tensor", "Type", "Shape", "Format"].forEach(function (h) { head.appendChild(el("th", null, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    indices.forEach(function (i) {
      var t = tensor(i);
      var tr = el("tr");
      tr.appendChild(el("td", null, t.name));
      var type = el("td");
      type.appendChild(badge(t.dtype));
      tr.appendChild(type);
      tr.appendChild(el("td", "mono", shapeText(t.shape)));
      tr.appendChild(el("td", null, t.format || "—"));
      body.appendChild(tr);
    });
    return table;
  }

  /** A link that selects a node in the graph. */
  function nodeLink(id, text) {
    var link = el("a", "node-link", text === undefined ? labelOf(id) : text);
    link.href = "#graph";
    link.setAttribute("data-node", id);
    link.title = visible(labelOf(id));
    return link;
  }

  /** Links that select the neighbouring nodes (producers or consumers). */
  function neighbourList(ids) {
    var list = el("ul");
    ids.forEach(function (id) {
      var item = el("li");
      item.appendChild(nodeLink(id, clip(labelOf(id), 90)));
      list.appendChild(item);
    });
    return list;
  }

  /** The text of a pass event as logged (shortened messages are written back). */
  function eventText(event) {
    var text = event[3] === undefined ? "" : event[3];
    var kind = data.event_kinds[event[2] || 0] || "";
    if (kind.charAt(kind.length - 1) !== "*") { return text; }
    var subject = typeof text === "number" ? data.onnx_names[text] : text;
    if (kind === "running*") { return "Running: " + data.passes[event[0]].name + " on " + subject; }
    return "Removing " + subject;
  }
  function eventKind(event) { return (data.event_kinds[event[2] || 0] || "").replace("*", ""); }
  function eventLayer(event) { return event[4] || ""; }

  /** The passes that shaped a layer, grouped by pass, with links to their sections. */
  function passesBlock(layer) {
    var bySection = [];
    var order = [];
    layer.events.forEach(function (i) {
      var section = data.events[i][0];
      if (!bySection[section]) { bySection[section] = []; order.push(section); }
      bySection[section].push(i);
    });
    var list = el("ul", "passes-list");
    order.forEach(function (section) {
      var item = el("li");
      var link = el("a", "pass-link", data.passes[section].name);
      link.href = "#" + data.passes[section].anchor;
      item.appendChild(link);
      var count = bySection[section].length;
      item.appendChild(el("span", "muted", " " + count + " event" + (count === 1 ? "" : "s")));
      var events = el("ul", "event-lines");
      bySection[section].slice(0, DETAIL_EVENTS).forEach(function (i) {
        var event = data.events[i];
        var li = el("li");
        li.appendChild(el("span", "line-no", "line " + event[1]));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "event-text", eventText(event)));
        events.appendChild(li);
      });
      if (count > DETAIL_EVENTS) { events.appendChild(el("li", "muted", "and " + (count - DETAIL_EVENTS) + " more in the pass's section")); }
      item.appendChild(events);
      list.appendChild(item);
    });
    return list;
  }

  var fatesByLayer = {};
  data.fates.forEach(function (f) {
    if (f[3] && data.fate_names[f[2]] === "layer") { (fatesByLayer[f[3]] = fatesByLayer[f[3]] || []).push(f[0]); }
  });

  var findingsByLayer = {};
  data.findings.forEach(function (ids, i) {
    ids.forEach(function (id) { (findingsByLayer[id] = findingsByLayer[id] || []).push(i); });
  });

  function focusControls(id) {
    var box = el("div", "focus-controls");
    box.appendChild(el("span", null, "Show only nodes within "));
    var hops = el("input");
    hops.type = "number";
    hops.min = "1";
    hops.max = "20";
    hops.value = view.focus ? String(Math.max(view.focus.hops, 1)) : "1";
    hops.id = "focus-hops";
    hops.setAttribute("aria-label", "hops");
    box.appendChild(hops);
    box.appendChild(el("span", null, " hops "));
    var go = el("button", null, "Focus");
    go.type = "button";
    go.id = "focus-go";
    go.addEventListener("click", function () { focusOn(id, parseInt(hops.value, 10) || 1); });
    box.appendChild(go);
    return box;
  }

  function tuneBlock(layer) {
    var tune = layer.tune;
    var dl = el("dl");
    row(dl, "Runner", tune.runner || layer.type);
    row(dl, "Tactic", tune.fastest || layer.tactic || "", "mono");
    if (tune.name) { row(dl, "Name", data.kernels[tune.name], "mono"); }
    if (tune.best_ms !== undefined) { row(dl, "Best", tune.best_ms.toFixed(4) + " ms"); }
    row(dl, "Tried", tune.timed + " timed, " + tune.skipped + " skipped, " + tune.combos + " format combination" + (tune.combos === 1 ? "" : "s"));
    if (tune.reasons) {
      row(dl, "Skipped", tune.reasons.map(function (r) { return r[0] + " × " + r[1]; }).join("; "));
    }
    if (tune.line) { row(dl, "Log line", String(tune.line)); }
    return dl;
  }

  /** The one-line summary a screen reader announces when a node is selected (the panel
   *  itself is not a live region: it would be read out whole). */
  function detailsSummary(id) {
    var layer = layerById[id];
    var binding = data.bindings[id];
    var region = regionById[id];
    function count(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
    if (layer) {
      var prec = layer.prec;
      if (inPrec(layer) !== layer.prec || outPrec(layer) !== layer.prec) {
        prec += " (" + inPrec(layer) + " in, " + outPrec(layer) + " out)";
      }
      var text = "Selected layer " + clip(layer.name, 100) + ": " + prec + ", " +
        count((layer.onnx || fatesByLayer[id] || []).length, "fused ONNX node");
      if (findingsByLayer[id]) { text += ", " + count(findingsByLayer[id].length, "finding"); }
      return text;
    }
    if (binding) {
      return "Selected " + binding.direction + " binding " + clip(binding.name, 100) + ": " +
        binding.dtype + " " + shapeText(binding.shape);
    }
    if (region) { return "Selected " + region.label.split("\n")[0]; }
    return "Selected " + clip(id, 100);
  }

  /** Fill the details panel for one node. */
  function showDetails(id) {
    if (!panel) { return; }
    var status = document.getElementById("details-status");
    if (status) { status.textContent = visible(detailsSummary(id)); }
    panel.replaceChildren();
    var layer = layerById[id];
    var binding = data.bindings[id];
    var region = regionById[id];
    var dl = el("dl");
    if (layer) {
      panel.appendChild(el("h3", "node-name", layer.name));
      row(dl, "Layer", "#" + layer.index + " (" + id + ")");
      row(dl, "Type", layer.type + (layer.role && layer.role !== "compute" ? " · " + layer.role : ""));
      var prec = el("span", "precisions");
      prec.appendChild(badge(inPrec(layer)));
      prec.appendChild(document.createTextNode(" → "));
      prec.appendChild(badge(layer.prec));
      prec.appendChild(document.createTextNode(" → "));
      prec.appendChild(badge(outPrec(layer)));
      prec.appendChild(el("span", "muted", " in → compute → out"));
      row(dl, "Precision", prec);
      if (layer.parts) { row(dl, "Mixes", layer.parts.join(", ")); }
      row(dl, "Kernel", kernelOf(layer), "mono");
      row(dl, "Tactic", layer.tactic || "", "mono");
      if (layer.time !== undefined) {
        var share = layer.share !== undefined ? " (" + layer.share.toFixed(2) + " % of total)" : "";
        row(dl, "Time", layer.time.toFixed(4) + " ms" + share);
      }
      row(dl, "Device", layer.device || "");
      row(dl, "Origin", layer.origin || "");
      row(dl, "Log line", layer.line ? String(layer.line) : "");
      panel.appendChild(dl);
      var mine = findingsByLayer[id];
      if (mine) {
        panel.appendChild(el("h4", null, "Findings"));
        var fl = el("ul", "finding-links");
        mine.forEach(function (i) {
          var source = document.querySelector("#finding-" + i + " .finding-title");
          var sev = document.querySelector("#finding-" + i + " .sev");
          var li = el("li");
          if (sev) { li.appendChild(el("span", sev.className, sev.textContent)); li.appendChild(document.createTextNode(" ")); }
          var a = el("a", null, source ? source.textContent : "finding " + (i + 1));
          a.href = "#finding-" + i;
          li.appendChild(a);
          fl.appendChild(li);
        });
        panel.appendChild(fl);
      }
      // The layer file's metadata names them; otherwise the traced pass events do.
      var onnx = layer.onnx || fatesByLayer[id] || [];
      panel.appendChild(el("h4", null, "ONNX nodes fused into it" + (onnx.length ? " (" + onnx.length + ")" : "")));
      if (onnx.length) {
        var list = el("ul", "onnx-list");
        onnx.forEach(function (n) { list.appendChild(provenanceItem(n)); });
        panel.appendChild(list);
        if (!layer.onnx) { panel.appendChild(el("p", "muted", "traced through the optimizer's events (the layer file names none)")); }
        panel.appendChild(provenanceBlock(id));
      } else {
        panel.appendChild(el("p", "empty", "none recorded (a --layers file with detailed profiling verbosity names them)"));
      }
      panel.appendChild(el("h4", null, "Passes that shaped it"));
      if (layer.events) {
        panel.appendChild(passesBlock(layer));
      } else {
        panel.appendChild(el("p", "empty", "no pass event traced to this layer"));
      }
      if (layer.profiled_as) {
        panel.appendChild(el("h4", null, "Profiled as (" + layer.profiled_as.length + " kernels)"));
        var kl = el("ul");
        layer.profiled_as.forEach(function (k) { kl.appendChild(el("li", "mono", k)); });
        panel.appendChild(kl);
      }
      if (layer.tune) {
        panel.appendChild(el("h4", null, "Autotuning"));
        panel.appendChild(tuneBlock(layer));
      }
      panel.appendChild(el("h4", null, "Inputs"));
      panel.appendChild(layer.ins.length ? tensorTable(layer.ins) : el("p", "empty", "none recorded"));
      panel.appendChild(el("h4", null, "Outputs"));
      panel.appendChild(layer.outs.length ? tensorTable(layer.outs) : el("p", "empty", "none recorded"));
    } else if (binding) {
      panel.appendChild(el("h3", "node-name", binding.name));
      row(dl, "Binding", "#" + binding.index + ", " + binding.direction);
      var type = el("span");
      type.appendChild(badge(binding.dtype));
      row(dl, "Type", type);
      row(dl, "Shape", shapeText(binding.shape));
      panel.appendChild(dl);
    } else if (region) {
      panel.appendChild(el("h3", "node-name", region.label.split("\n")[0]));
      panel.appendChild(el("p", null, "Collapsed Myelin layers; pick one for its details:"));
      var members = el("ul");
      region.members.forEach(function (m) {
        var li = el("li");
        var b = el("button", "link", clip(labelOf(m), 90));
        b.type = "button";
        b.addEventListener("click", function () { showDetails(m); });
        li.appendChild(b);
        members.appendChild(li);
      });
      panel.appendChild(members);
    } else {
      panel.appendChild(el("h3", "node-name", id));
      panel.appendChild(el("p", "empty", "No record of this node beyond the edges that name it."));
    }
    if (succ[id]) {
      var before = pred[id].map(function (i) { return graph.edges[i].from; });
      var after = succ[id].map(function (i) { return graph.edges[i].to; });
      if (before.length) {
        panel.appendChild(el("h4", null, "Fed by"));
        panel.appendChild(neighbourList(before.filter(function (v, i, a) { return a.indexOf(v) === i; })));
      }
      if (after.length) {
        panel.appendChild(el("h4", null, "Feeds"));
        panel.appendChild(neighbourList(after.filter(function (v, i, a) { return a.indexOf(v) === i; })));
      }
      panel.appendChild(focusControls(id));
    }
    panel.scrollTop = 0;
  }

  /** Select a node as a click does: highlight it, show its details, optionally center it. */
  function selectNode(id, focus) {
    if (!state.network || !(id in searchText)) { return false; }
    var shown = reveal(id);
    state.network.selectNodes([shown]);
    if (focus) {
      state.network.focus(shown, { scale: Math.max(state.network.getScale(), 0.9), animation: false });
    }
    showDetails(id);
    return true;
  }

  /** Select several nodes (a finding's layers) and frame them. */
  function selectMany(ids) {
    if (!state.network) { return []; }
    var shown = [];
    ids.forEach(function (id) {
      if (!(id in searchText)) { return; }
      var r = reveal(id);
      if (shown.indexOf(r) === -1) { shown.push(r); }
    });
    if (!shown.length) { return []; }
    state.network.selectNodes(shown);
    state.network.fit({ nodes: shown, animation: false });
    if (state.network.getScale() > 1) {
      state.network.focus(shown[0], { scale: 1, animation: false });
    } else if (state.network.getScale() < 0.5) {
      // Too spread out to read once framed: show the first one readably instead.
      state.network.focus(shown[0], { scale: 0.8, animation: false });
    }
    showDetails(ids[0]);
    return shown;
  }

  /* ---------------------------------------------------------------- search */

  /** Find nodes by layer, binding, tensor or ONNX node name (or exact node id). Select the
   *  matches that are drawn and focus the first; the toggles and the focus are left as the user
   *  set them, and hidden matches are only counted. With ``revealHidden`` (Enter, or
   *  ``trtreport.search(q, true)``), hidden matches are made drawable and selected too. */
  function search(query, revealHidden) {
    var status = document.getElementById("search-status");
    var q = query.trim().toLowerCase();
    state.matches = [];
    state.matchIndex = 0;
    state.lastQuery = q;
    state.hiddenMatches = 0;
    if (!q) {
      status.textContent = "";
      if (state.network) { state.network.unselectAll(); }
      return 0;
    }
    var exact = [];
    graph.nodes.forEach(function (node) {
      var isId = node.id.toLowerCase() === q;
      if (!isId && searchText[node.id].indexOf(q) === -1) { return; }
      // A node whose whole name (or id) is the query comes first: that is the one being looked for.
      if (isId || labelOf(node.id).toLowerCase() === q) { exact.push(node.id); } else { state.matches.push(node.id); }
    });
    state.matches = exact.concat(state.matches);
    var n = state.matches.length;
    var shown = [];
    var first = null;
    state.matches.forEach(function (id) {
      var r = revealHidden ? reveal(id) : drawnAs(id);
      if (r === null) { state.hiddenMatches += 1; return; }
      if (first === null) { first = id; }
      if (shown.indexOf(r) === -1) { shown.push(r); }
    });
    if (!revealHidden) {
      // Step through the drawn matches only; Enter reveals the hidden ones.
      state.matches = state.matches.filter(function (id) { return drawnAs(id) !== null; })
        .concat(state.matches.filter(function (id) { return drawnAs(id) === null; }));
    }
    var h = state.hiddenMatches;
    var text = n === 0 ? provenanceNote(q) || "no match" : n === 1 ? "1 match" : n + " matches";
    if (h) {
      text += " (" + h + " hidden by the view; Enter: show " + (h === 1 ? "it" : "them") + ")";
    } else if (n > 1) {
      text += " (Enter: next)";
    }
    status.textContent = text;
    if (shown.length && state.network) {
      state.network.selectNodes(shown);
      state.network.focus(shown[0], { scale: Math.max(state.network.getScale(), 0.9), animation: false });
      showDetails(first);
    } else if (state.network) {
      state.network.unselectAll();
    }
    return n;
  }

  /** Step to the next search match (only the drawn ones while some are hidden). */
  function nextMatch() {
    if (state.matches.length === 0 || !state.network) { return; }
    var count = state.matches.length - state.hiddenMatches;
    if (count <= 0) { return; }
    state.matchIndex = (state.matchIndex + 1) % count;
    var id = state.matches[state.matchIndex];
    state.network.focus(drawnAs(id) || reveal(id), { scale: Math.max(state.network.getScale(), 0.9), animation: false });
    showDetails(id);
    document.getElementById("search-status").textContent =
      (state.matchIndex + 1) + " of " + count + " matches" +
      (state.hiddenMatches ? " (" + state.hiddenMatches + " hidden)" : "");
  }

  /* ------------------------------------------------ provenance: ONNX nodes and tensors */

  /** The provenance block of the data (Python's ``ProvenanceData``): fate sentences, ONNX
   *  tensors by producer, Myelin regions by op type, and the layout of each layer's ONNX
   *  subgraph drawing. */
  var prov = data.provenance || { detail_texts: [], details: [], tensors: [], regions: {}, subgraphs: {} };
  function fateDetail(row) { return prov.detail_texts[prov.details[row] || 0] || ""; }
  var fateRowByName = {};
  data.fates.forEach(function (f, i) { fateRowByName[data.onnx_names[f[0] || 0].toLowerCase()] = i; });
  var tensorRow = {};
  prov.tensors.forEach(function (t) {
    tensorRow[t[0].toLowerCase()] = t[1];
    var holder = data.fates[t[1]][3];
    // An ONNX tensor finds the layer that holds its producer.
    if (holder && searchText[holder] !== undefined) { searchText[holder] += "\n" + t[0].toLowerCase(); }
  });

  /** For a search that matched no node: what became of the ONNX node (or the producer of the
   *  ONNX tensor) of that name, as text, or ``""``. */
  function provenanceNote(q) {
    var row = fateRowByName[q];
    var via = "";
    if (row === undefined && tensorRow[q] !== undefined) { row = tensorRow[q]; via = "tensor of "; }
    if (row === undefined) { return ""; }
    var f = data.fates[row];
    var node = data.onnx_names[f[0] || 0];
    var label = data.fate_labels[f[2] || 0];
    var detail = fateDetail(row);
    var line = f[6] ? " (log line " + f[6] + ")" : "";
    return visible("no engine layer: " + via + node + " was " + label + (detail ? ": " + detail : "") + line);
  }

  /** A row of the fates table: the fate's sentence as its tooltip, and written out where the
   *  sentence is the point (a stand-alone Reformat's reason, a split, missing evidence). */
  function provenanceRow(tr, whereCell, row, fate) {
    var detail = fateDetail(row);
    if (!detail) { return; }
    tr.title = visible(detail);
    if (fate === "reformat" || fate === "moved" || fate === "unknown") {
      whereCell.appendChild(el("div", "muted", clip(detail, 300)));
    }
  }

  /** One ONNX node of a layer's list, with its fate (``weight quantizer``, ...) beside it. */
  function provenanceItem(n) {
    var li = el("li", "mono", data.onnx_names[n]);
    var row = fateRowByName[data.onnx_names[n].toLowerCase()];
    if (row !== undefined) {
      var f = data.fates[row];
      var fate = data.fate_names[f[2] || 0];
      if (fate !== "layer") { li.appendChild(el("span", "muted", " — " + data.fate_labels[f[2] || 0])); }
      if (fateDetail(row)) { li.title = visible(fateDetail(row)); }
    }
    return li;
  }

  /** The details panel's provenance part for a layer: its Myelin region's nodes by op type,
   *  and the drawing of the ONNX subgraph fused into it. */
  function provenanceBlock(id) {
    var block = document.createDocumentFragment();
    var ops = prov.regions[id];
    if (ops) {
      block.appendChild(el("h4", null, "Inside the Myelin region, by op type"));
      var ul = el("ul", "op-groups");
      ops.forEach(function (o) { ul.appendChild(el("li", null, o[0] + " × " + o[1])); });
      block.appendChild(ul);
    }
    var drawing = prov.subgraphs[id];
    if (drawing) {
      block.appendChild(el("h4", null, "Original ONNX subgraph (edges colored by tensor type)"));
      block.appendChild(subgraphSvg(drawing));
    }
    return block;
  }

  /** Draw a layout computed in Python (``SubgraphData``): boxes and lines, names as text. */
  function subgraphSvg(drawing) {
    var NS = "http://www.w3.org/2000/svg";
    function svgEl(tag, attrs, text) {
      var node = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
      if (text !== undefined) { node.textContent = visible(text); }
      return node;
    }
    var w = drawing[0], h = drawing[1];
    var svg = svgEl("svg", { "class": "subgraph", role: "img", viewBox: "0 0 " + w + " " + h, width: w, height: h,
      "aria-label": "ONNX nodes fused into this layer" });
    drawing[3].forEach(function (e) {
      var line = svgEl("line", { x1: e[0], y1: e[1], x2: e[2], y2: e[3], stroke: e[4], "stroke-width": 2.5 });
      line.appendChild(svgEl("title", {}, e[5]));
      svg.appendChild(line);
      svg.appendChild(svgEl("circle", { cx: e[2], cy: e[3], r: 3, fill: e[4] }));
    });
    drawing[2].forEach(function (b) {
      var name = b[2] === 2 ? String(b[3]) : data.onnx_names[b[3]];
      var g = svgEl("g", { "class": ["sg-node", "sg-qdq", "sg-layer"][b[2]] });
      g.appendChild(svgEl("title", {}, name + (b[2] === 2 ? "" : " [" + b[4] + "]")));
      g.appendChild(svgEl("rect", { x: b[0], y: b[1], width: 168, height: 36, rx: 5 }));
      g.appendChild(svgEl("text", { x: b[0] + 84, y: b[1] + 15, "text-anchor": "middle", "class": "sg-op" }, b[4]));
      var label = name.length > 24 ? "…" + name.slice(-23) : name;
      g.appendChild(svgEl("text", { x: b[0] + 84, y: b[1] + 29, "text-anchor": "middle", "class": "sg-name" }, label));
      svg.appendChild(g);
    });
    return svg;
  }

  /* ---------------------------------------------------------------- tables */

  var tables = {};

  /** A sortable, filterable table whose rows are drawn from the data when first shown. */
  function tableSpec(id, rows) {
    var table = document.getElementById(id);
    if (!table) { return; }
    var spec = {
      table: table, rows: rows, key: null, dir: 1, filter: "", extra: null, extraLabel: null,
      drawn: false, shown: rows.length
    };
    tables[id] = spec;
    table.tHead.querySelectorAll("th[data-key]").forEach(function (th) {
      th.classList.add("sort");
      // A real button: Enter and Space sort, and it is announced as something to press;
      // the header cell keeps aria-sort.
      var button = el("button", "sort-button");
      button.type = "button";
      button.title = "Sort by this column";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var key = th.getAttribute("data-key");
        spec.dir = spec.key === key ? -spec.dir : (th.hasAttribute("data-num") ? -1 : 1);
        spec.key = key;
        table.tHead.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", spec.dir > 0 ? "ascending" : "descending");
        drawTable(spec);
      });
    });
    printNote(spec);
    var holder = document.querySelector('details[data-table="' + id + '"]');
    if (!holder || holder.open) {
      drawTable(spec);
    } else {
      holder.addEventListener("toggle", function () { if (holder.open && !spec.drawn) { drawTable(spec); } });
    }
  }

  function drawTable(spec) {
    spec.drawn = true;
    var shown = spec.rows.filter(function (r) {
      return (!spec.filter || r.text.indexOf(spec.filter) !== -1) && (!spec.extra || spec.extra(r));
    });
    if (spec.key) {
      var key = spec.key;
      var dir = spec.dir;
      shown = shown.slice().sort(function (a, b) {
        var x = a.sort[key], y = b.sort[key];
        if (x === y) { return a.order - b.order; }
        if (x === undefined || x === null || x === "") { return 1; }
        if (y === undefined || y === null || y === "") { return -1; }
        return (x < y ? -1 : 1) * dir;
      });
    }
    var body = document.createDocumentFragment();
    shown.forEach(function (r) {
      if (!r.tr) { r.tr = r.build(); }
      body.appendChild(r.tr);
    });
    spec.table.tBodies[0].replaceChildren(body);
    spec.shown = shown.length;
    var status = document.querySelector('.table-status[data-table="' + spec.table.id + '"]');
    if (status) {
      status.textContent = shown.length === spec.rows.length ? spec.rows.length + " rows" : shown.length + " of " + spec.rows.length + " rows";
    }
  }

  function precisionCell(layer) {
    var td = el("td", "precisions");
    if (inPrec(layer) !== layer.prec) {
      td.appendChild(badge(inPrec(layer)));
      td.appendChild(document.createTextNode(" → "));
    }
    td.appendChild(badge(layer.prec));
    if (outPrec(layer) !== layer.prec) {
      td.appendChild(document.createTextNode(" → "));
      td.appendChild(badge(outPrec(layer)));
    }
    return td;
  }

  function nameCell(id, text) {
    var td = el("td", "name");
    td.appendChild(nodeLink(id, text));
    return td;
  }

  function numText(value, digits) { return value === undefined ? "" : value.toFixed(digits); }

  function layerRows() {
    var withTimes = !!document.querySelector('#layers-table th[data-key="time"]');
    return data.layers.map(function (layer, i) {
      var kernel = kernelOf(layer);
      return {
        order: i,
        text: [layer.name, layer.type, inPrec(layer), layer.prec, outPrec(layer), kernel, layer.tactic || ""].join("\n").toLowerCase(),
        sort: { index: i, name: layer.name.toLowerCase(), type: layer.type, prec: layer.prec, kernel: kernel, tactic: layer.tactic || "", time: layer.time, share: layer.share },
        build: function () {
          var tr = el("tr");
          tr.appendChild(el("td", "num", String(i)));
          tr.appendChild(nameCell(layer.id, layer.name));
          tr.appendChild(el("td", null, layer.type));
          tr.appendChild(precisionCell(layer));
          tr.appendChild(el("td", "mono kernel", kernel));
          tr.appendChild(el("td", "mono", layer.tactic || ""));
          if (withTimes) {
            tr.appendChild(el("td", "num", numText(layer.time, 4)));
            tr.appendChild(el("td", "num", layer.share === undefined ? "" : layer.share.toFixed(1) + " %"));
          }
          return tr;
        }
      };
    });
  }

  function tacticRows() {
    return data.layers.filter(function (l) { return l.tune; }).map(function (layer, i) {
      var tune = layer.tune;
      var tactic = tune.fastest || layer.tactic || "";
      var name = tune.name ? data.kernels[tune.name] : kernelOf(layer);
      var runner = tune.runner || layer.type;
      return {
        order: i,
        text: [layer.name, runner, tactic, name].join("\n").toLowerCase(),
        sort: { index: layer.index, name: layer.name.toLowerCase(), runner: runner, tactic: tactic, kernel: name, best: tune.best_ms, timed: tune.timed, skipped: tune.skipped, combos: tune.combos },
        build: function () {
          var tr = el("tr");
          tr.appendChild(el("td", "num", String(layer.index)));
          tr.appendChild(nameCell(layer.id, layer.name));
          tr.appendChild(el("td", null, runner));
          tr.appendChild(el("td", "mono", tactic));
          tr.appendChild(el("td", "mono kernel", name));
          tr.appendChild(el("td", "num", numText(tune.best_ms, 4)));
          tr.appendChild(el("td", "num", String(tune.timed)));
          tr.appendChild(el("td", "num", String(tune.skipped)));
          tr.appendChild(el("td", "num", String(tune.combos)));
          return tr;
        }
      };
    });
  }

  /** A fate's pass: an index into the pass sections, its name, or -1/missing for none. */
  function passName(value) {
    if (typeof value === "number") { return value >= 0 ? data.passes[value].name : ""; }
    return value || "";
  }

  function fateRows() {
    return data.fates.map(function (row, i) {
      // Trailing empty values are left out of the data: put the defaults back.
      var f = [row[0] || 0, row[1] || 0, row[2] || 0, row[3] || "", passName(row[4]), row[5] || "", row[6] || 0];
      var node = data.onnx_names[f[0]];
      var op = data.op_types[f[1]];
      var fate = data.fate_names[f[2]];
      var layer = f[3] ? layerById[f[3]] : null;
      var where = layer ? layer.name : f[5];
      return {
        order: i,
        fate: fate,
        text: [node, op, fate, where, f[4], f[5]].join("\n").toLowerCase(),
        sort: { node: node.toLowerCase(), op: op, fate: fate, where: where, pass: f[4], line: f[6] },
        build: function () {
          var tr = el("tr", "fate-" + fate);
          tr.appendChild(el("td", "name mono", node));
          tr.appendChild(el("td", null, op));
          tr.appendChild(el("td", null, data.fate_labels[f[2]]));
          var whereCell = el("td", "name");
          if (layer) {
            whereCell.appendChild(nodeLink(layer.id, clip(layer.name, 120)));
            if (f[5] && fate === "duplicate") { whereCell.appendChild(el("span", "muted", " (duplicate of " + f[5] + ")")); }
          } else if (f[5]) {
            whereCell.textContent = visible((fate === "duplicate" ? "duplicate of " : "") + f[5]);
          }
          provenanceRow(tr, whereCell, i, fate);
          tr.appendChild(whereCell);
          var passCell = el("td");
          if (f[4] && anchorByPass[f[4]]) {
            var a = el("a", null, f[4]);
            a.href = "#" + anchorByPass[f[4]];
            passCell.appendChild(a);
          } else if (f[4]) {
            passCell.textContent = visible(f[4]);
          }
          tr.appendChild(passCell);
          tr.appendChild(el("td", "num", f[6] ? String(f[6]) : ""));
          return tr;
        }
      };
    });
  }

  /* ---------------------------------------------------------------- pass events */

  var eventsBySection = data.passes.map(function () { return []; });
  data.events.forEach(function (e, i) { eventsBySection[e[0]].push(i); });
  var eventFilter = "";
  /** Per event, the lower-case text the event filter searches (its message, kind and layer
   *  name); built once, on the first filtering, not on every keystroke. */
  var eventSearchText = null;
  function eventHaystack(i) {
    if (eventSearchText === null) {
      eventSearchText = data.events.map(function (e) {
        var layer = e[4] && layerById[e[4]] ? layerById[e[4]].name : "";
        return (eventText(e) + "\n" + eventKind(e) + "\n" + layer).toLowerCase();
      });
    }
    return eventSearchText[i];
  }

  function eventItem(i) {
    var event = data.events[i];
    var li = el("li", "event");
    li.appendChild(el("span", "line-no", String(event[1])));
    li.appendChild(el("span", "kind kind-" + eventKind(event).replace(/[^a-z-]/g, ""), eventKind(event)));
    li.appendChild(el("span", "event-text", eventText(event)));
    if (eventLayer(event)) {
      var link = nodeLink(event[4], "→ " + (shortLabel[event[4]] || event[4]));
      link.classList.add("event-layer");
      li.appendChild(link);
    } else {
      li.appendChild(el("span", "event-none", "in no engine layer"));
    }
    return li;
  }

  /** Passes whose "Show all" was pressed (reset when the event filter changes). */
  var eventsExpanded = {};
  /** True between beforeprint and afterprint. */
  var printing = false;

  /** How many events of a pass to draw: all once expanded, else the filter's cap, else a
   *  preview (a longer one while printing, so that printing stays fast on large logs). */
  function eventLimit(section) {
    if (eventsExpanded[section]) { return Infinity; }
    if (eventFilter) { return EVENT_FILTER_CAP; }
    return printing ? PRINT_EVENTS : EVENT_PREVIEW;
  }

  /** Draw one pass's event list: a preview, everything, or the filter's matches. */
  function drawEvents(section) {
    var list = document.querySelector('ol.events[data-pass="' + section + '"]');
    var more = document.querySelector('button.more-events[data-pass="' + section + '"]');
    var note = document.querySelector('p.print-note[data-pass="' + section + '"]');
    var article = document.querySelector('article.pass[data-pass="' + section + '"]');
    if (!list) { return { matched: 0, shown: 0 }; }
    var ids = eventsBySection[section];
    if (eventFilter) {
      ids = ids.filter(function (i) { return eventHaystack(i).indexOf(eventFilter) !== -1; });
    }
    var limit = eventLimit(section);
    var shown = Math.min(limit, ids.length);
    var frag = document.createDocumentFragment();
    ids.slice(0, shown).forEach(function (i) { frag.appendChild(eventItem(i)); });
    list.replaceChildren(frag);
    list.setAttribute("data-shown", String(shown));
    if (more) {
      more.hidden = ids.length <= limit;
      more.textContent = eventFilter
        ? shown + " of " + ids.length + " matching events shown: show all"
        : "Show all " + ids.length + " events";
    }
    if (note) {
      // Shown in print only, where the button is not.
      var rest = ids.length - shown;
      note.textContent = rest > 0
        ? rest + " more " + (eventFilter ? "matching " : "") + "event" + (rest === 1 ? "" : "s") +
          " in the interactive view"
        : "";
    }
    if (article) { article.hidden = !!eventFilter && ids.length === 0; }
    return { matched: ids.length, shown: shown };
  }

  function drawAllEvents() {
    var matched = 0;
    var shown = 0;
    var passes = 0;
    data.passes.forEach(function (p, section) {
      var n = drawEvents(section);
      matched += n.matched;
      shown += n.shown;
      if (n.matched) { passes += 1; }
    });
    var status = document.getElementById("event-filter-status");
    if (status) {
      var text = "";
      if (eventFilter) {
        text = matched + " event" + (matched === 1 ? "" : "s") + " in " + passes + " pass" + (passes === 1 ? "" : "es") + " match";
        if (shown < matched) {
          text += "; " + shown + " of " + matched + " shown (at most " + EVENT_FILTER_CAP + " per pass)";
        }
      }
      status.textContent = text;
    }
  }

  /* ---------------------------------------------------------------- printing */

  /** What beforeprint changed, to put back on afterprint: every details element's open
   *  state, and the tables it drew or annotated. */
  var printSaved = null;

  /** The print-only line above a table (its filter box and row count are not printed). */
  function printNote(spec) {
    var holder = document.querySelector('details[data-table="' + spec.table.id + '"]');
    var anchor = holder || spec.table;
    var note = anchor.previousElementSibling;
    if (!note || !note.classList.contains("print-note")) {
      note = el("p", "print-note");
      note.setAttribute("data-table", spec.table.id);
      anchor.before(note);
    }
    return note;
  }

  /** Printing shows what is open, opens what is short, and counts what it leaves out: a
   *  closed table of more than PRINT_TABLE_ROWS rows stays closed, and each pass prints at
   *  most PRINT_EVENTS events unless its "Show all" was pressed. Filters, sorting and the
   *  selection print as they are. */
  function beforePrint() {
    if (printSaved) { return; }
    var details = Array.prototype.slice.call(document.querySelectorAll("details"));
    printSaved = { details: details, open: details.map(function (d) { return d.open; }) };
    printing = true;
    details.forEach(function (d) {
      var spec = tables[d.getAttribute("data-table")];
      if (spec && !d.open && spec.rows.length > PRINT_TABLE_ROWS) { return; }
      d.open = true;
    });
    Object.keys(tables).forEach(function (id) {
      var spec = tables[id];
      var holder = document.querySelector('details[data-table="' + id + '"]');
      var text = "";
      if (holder && !holder.open) {
        text = "Not printed: the " + spec.rows.length + " rows of the table below (open it in the interactive view before printing to include them).";
      } else {
        // The toggle event that draws a table on opening comes too late for the print.
        if (!spec.drawn) { drawTable(spec); }
        if (spec.shown < spec.rows.length) {
          text = "Printed below: the " + spec.shown + " of " + spec.rows.length + " rows that match the filter";
          if (spec.filter) { text += " “" + visible(spec.filterText) + "”"; }
          if (spec.extraLabel) { text += " (" + spec.extraLabel + ")"; }
          text += ".";
        }
      }
      printNote(spec).textContent = text;
    });
    if (!eventFilter) { drawAllEvents(); }
  }

  /** Put back what beforePrint changed. */
  function afterPrint() {
    if (!printSaved) { return; }
    printing = false;
    printSaved.details.forEach(function (d, i) { d.open = printSaved.open[i]; });
    Object.keys(tables).forEach(function (id) { printNote(tables[id]).textContent = ""; });
    if (!eventFilter) { drawAllEvents(); }
    printSaved = null;
  }

  /* ---------------------------------------------------------------- wiring */

  var t0 = performance.now();
  timed("draw", draw);
  timed("events", drawAllEvents);
  timed("tables", function () {
    tableSpec("layers-table", layerRows());
    tableSpec("tactics-table", tacticRows());
    tableSpec("fates-table", fateRows());
  });

  document.querySelectorAll("input.table-filter").forEach(function (input) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var spec = tables[input.getAttribute("data-table")];
        if (!spec) { return; }
        spec.filterText = input.value.trim();
        spec.filter = spec.filterText.toLowerCase();
        var holder = document.querySelector('details[data-table="' + spec.table.id + '"]');
        if (holder) { holder.open = true; }
        drawTable(spec);
      }, 120);
    });
  });
  var fateSelect = document.getElementById("fates-fate");
  if (fateSelect) {
    fateSelect.addEventListener("change", function () {
      var spec = tables["fates-table"];
      if (!spec) { return; }
      var wanted = fateSelect.value;
      spec.extra = wanted ? function (r) { return r.fate === wanted; } : null;
      spec.extraLabel = wanted ? "fate: " + data.fate_labels[data.fate_names.indexOf(wanted)] : null;
      var holder = document.querySelector('details[data-table="fates-table"]');
      if (holder) { holder.open = true; }
      drawTable(spec);
    });
  }

  var eventBox = document.getElementById("event-filter");
  if (eventBox) {
    var eventTimer = null;
    eventBox.addEventListener("input", function () {
      clearTimeout(eventTimer);
      eventTimer = setTimeout(function () {
        eventFilter = eventBox.value.trim().toLowerCase();
        eventsExpanded = {};
        drawAllEvents();
      }, 150);
    });
  }
  document.querySelectorAll("button.more-events").forEach(function (button) {
    button.addEventListener("click", function () {
      var section = parseInt(button.getAttribute("data-pass"), 10);
      eventsExpanded[section] = true;
      drawEvents(section);
    });
  });

  var searchBox = document.getElementById("graph-search");
  if (searchBox) {
    var timer = null;
    searchBox.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(searchBox.value); }, 150);
    });
    searchBox.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        var same = searchBox.value.trim().toLowerCase() === state.lastQuery;
        if (same && state.hiddenMatches) {
          search(searchBox.value, true);  // the explicit request to show hidden matches
        } else if (same && state.matches.length) {
          nextMatch();
        } else {
          search(searchBox.value);
        }
      }
    });
  }
  var fit = document.getElementById("graph-fit");
  if (fit) {
    fit.addEventListener("click", function () { if (state.network) { state.network.fit({ animation: false }); } });
  }
  var focusClear = document.getElementById("focus-clear");
  if (focusClear) { focusClear.addEventListener("click", clearFocus); }

  [["toggle-color-type", "colorByType"], ["toggle-constants", "hideConstants"],
    ["toggle-reformats", "hideReformats"], ["toggle-myelin", "collapseMyelin"]].forEach(function (pair) {
    var box = document.getElementById(pair[0]);
    if (!box) { return; }
    box.checked = false;
    box.addEventListener("change", function () {
      view[pair[1]] = box.checked;
      applyView();
    });
  });

  // Finding buttons select their layers; layer links anywhere select their node.
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var button = target.closest("button[data-finding]");
    if (button) {
      var ids = data.findings[parseInt(button.getAttribute("data-finding"), 10)] || [];
      if (selectMany(ids).length) { document.getElementById("graph").scrollIntoView(); }
      return;
    }
    // The comparison's button selects every layer that changed since the baseline.
    if (target.closest("button[data-changes]")) {
      var changed = Object.keys(data.changes || {}).filter(function (id) {
        return data.changes[id] !== "tuned";
      });
      if (selectMany(changed).length) {
        document.getElementById("graph").scrollIntoView();
      }
      return;
    }
    var link = target.closest("a[data-node]");
    if (link && selectNode(link.getAttribute("data-node"), true)) {
      event.preventDefault();
      document.getElementById("graph").scrollIntoView();
    }
  });

  window.addEventListener("beforeprint", function () { timed("print", beforePrint); });
  window.addEventListener("afterprint", afterPrint);
  state.interactiveMs = performance.now();
  state.setupMs = state.interactiveMs - t0;

  /** Read-only hooks for tests and for the curious (browser console). */
  window.trtreport = Object.freeze({
    nodeCount: function () { return state.network ? state.layerNodes : 0; },
    totalNodes: function () { return state.network ? graph.nodes.length : 0; },
    edgeCount: function () { return state.network ? graph.edges.length : 0; },
    firstDrawMs: function () { return state.firstDrawMs; },
    interactiveMs: function () { return state.interactiveMs; },
    selected: function () { return state.network ? state.network.getSelectedNodes().slice() : []; },
    click: function (id) { return selectNode(id, false); },
    search: function (query, revealHidden) { return search(query, !!revealHidden); },
    hiddenMatches: function () { return state.hiddenMatches || 0; },
    focus: function (id, hops) { return focusOn(id, hops); },
    clearFocus: function () { clearFocus(); },
    visibleNodeIds: function () { return visibleNodeIds().slice().sort(); },
    visibleEdgeCount: function () {
      return state.edges ? state.edges.getIds({ filter: function (e) { return !e.hidden; } }).length : 0;
    },
    nodeColor: function (id) {
      if (!state.network || !state.network.body.nodes[id]) { return null; }
      return state.network.body.nodes[id].options.color.background;
    },
    nodeLabel: function (id) { return state.nodes ? state.nodes.get(id).label : null; },
    nodePosition: function (id) {
      if (!state.network) { return null; }
      var p = state.network.getPositions([id])[id];
      return p ? state.network.canvasToDOM(p) : null;
    }
  });
})();

/* --- Findings filter (a function of its own, apart from the graph code above) ---------------
 * The Findings section's form hides the cards whose severity is unticked or whose rule is not
 * the one chosen; the cards are plain list items, so without JavaScript they all show. */
(function findingsFilter() {
  "use strict";
  var form = document.getElementById("finding-filters");
  if (!form) { return; }
  var cards = document.querySelectorAll("ol.findings > li.finding");
  var status = document.getElementById("finding-filter-status");
  function apply() {
    var shown = {};
    form.querySelectorAll("input[name=severity]").forEach(function (box) {
      shown[box.value] = box.checked;
    });
    var rule = form.querySelector("select[name=rule]").value;
    var visible = 0;
    cards.forEach(function (card) {
      var show = shown[card.getAttribute("data-severity")] !== false &&
        (!rule || card.getAttribute("data-rule") === rule);
      card.hidden = !show;
      if (show) { visible += 1; }
    });
    if (status) {
      status.textContent = visible === cards.length ? "" : visible + " of " + cards.length + " shown";
    }
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
