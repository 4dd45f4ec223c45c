/* trtreport page script: draws the engine graph from the embedded JSON, wires search and
 * the details panel. Every name from the report reaches the page through textContent or
 * as a plain-text vis-network title; no HTML is ever built from report data. */
(function () {
  "use strict";

  var BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

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

  /** A badge colored like the graph for one precision label. */
  function badge(precision, known) {
    var cls = known[precision] ? precision : "unknown";
    return el("span", "badge prec-" + cls, precision || "unknown");
  }

  var source = document.getElementById("report-data");
  var data = JSON.parse(source.textContent);
  var graph = data.graph;
  var canvas = document.getElementById("graph-canvas");
  var panel = document.getElementById("details");
  var knownGroups = graph.groups;
  var layerById = {};
  data.layers.forEach(function (layer) { layerById[layer.id] = layer; });
  var state = { network: null, firstDrawMs: null, matches: [], matchIndex: 0, layerNodes: 0 };

  /** The plain-text tooltip of a node. */
  function nodeTitle(id) {
    var layer = layerById[id];
    if (layer) {
      return visible(layer.name) + "\n" + visible(layer.type || "layer") + " · " + layer.precision;
    }
    var binding = data.bindings[id];
    if (binding) {
      return binding.direction + " " + visible(binding.name) + "\n" + binding.dtype + " " + shapeText(binding.shape);
    }
    return visible(id);
  }

  /** Text searched for each node: its name and the names of its tensors, lower-cased. */
  var searchText = {};
  graph.nodes.forEach(function (node) {
    var layer = layerById[node.id];
    var parts = [node.id];
    if (layer) {
      parts.push(layer.name);
      layer.inputs.forEach(function (t) { parts.push(t.name); });
      layer.outputs.forEach(function (t) { parts.push(t.name); });
      state.layerNodes += 1;
    } else if (data.bindings[node.id]) {
      parts.push(data.bindings[node.id].name);
    }
    searchText[node.id] = parts.join("\n").toLowerCase();
  });

  /** Append a definition-list row when the value is not empty. */
  function row(list, label, value, className) {
    if (value === undefined || value === null || value === "") { return; }
    list.appendChild(el("dt", null, label));
    var dd = el("dd", className);
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = visible(value); }
    list.appendChild(dd);
  }

  /** The table of a layer's input or output tensors. */
  function tensorTable(tensors) {
    var table = el("table");
    var head = el("tr");
    ["Tensor", "Type", "Shape", "Format"].forEach(function (h) { head.appendChild(el("th", null, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    tensors.forEach(function (t) {
      var tr = el("tr");
      tr.appendChild(el("td", null, t.name));
      var type = el("td");
      type.appendChild(badge(t.dtype, knownGroups));
      tr.appendChild(type);
      tr.appendChild(el("td", "mono", shapeText(t.shape)));
      tr.appendChild(el("td", null, data.formats[t.format] || "—"));
      body.appendChild(tr);
    });
    return table;
  }

  /** Buttons that select the neighbouring nodes (producers or consumers). */
  function neighbourList(ids) {
    var list = el("ul");
    ids.forEach(function (id) {
      var item = el("li");
      var button = el("button", "link", labelOf(id));
      button.type = "button";
      button.addEventListener("click", function () { selectNode(id, true); });
      item.appendChild(button);
      list.appendChild(item);
    });
    return list;
  }

  /** The full name of a node. */
  function labelOf(id) {
    if (layerById[id]) { return layerById[id].name; }
    if (data.bindings[id]) { return data.bindings[id].direction + ": " + data.bindings[id].name; }
    return id;
  }

  /** Fill the details panel for one node. */
  function showDetails(id) {
    panel.replaceChildren();
    var layer = layerById[id];
    var binding = data.bindings[id];
    var dl = el("dl");
    if (layer) {
      panel.appendChild(el("h3", "node-name", layer.name));
      row(dl, "Layer", "#" + layer.index + " (" + id + ")");
      row(dl, "Type", layer.type);
      row(dl, "Role", layer.role);
      var prec = el("span");
      prec.appendChild(badge(layer.input_precision, knownGroups));
      prec.appendChild(document.createTextNode(" → "));
      prec.appendChild(badge(layer.precision, knownGroups));
      prec.appendChild(document.createTextNode(" → "));
      prec.appendChild(badge(layer.output_precision, knownGroups));
      prec.appendChild(el("span", "muted", " (in → layer → out)"));
      row(dl, "Precision", prec);
      row(dl, "Tactic", layer.tactic, "mono");
      row(dl, "Kernel", data.kernels[layer.kernel], "mono");
      row(dl, "Origin", layer.origin);
      if (layer.time_ms !== null) {
        var share = layer.time_share !== null ? " (" + layer.time_share.toFixed(2) + " % of total)" : "";
        row(dl, "Time", layer.time_ms.toFixed(4) + " ms" + share);
      }
      row(dl, "Log line", layer.log_line > 0 ? String(layer.log_line) : "");
      panel.appendChild(dl);
      panel.appendChild(el("h4", null, "Inputs"));
      panel.appendChild(layer.inputs.length ? tensorTable(layer.inputs) : el("p", "empty", "none recorded"));
      panel.appendChild(el("h4", null, "Outputs"));
      panel.appendChild(layer.outputs.length ? tensorTable(layer.outputs) : el("p", "empty", "none recorded"));
      if (layer.onnx_nodes.length) {
        panel.appendChild(el("h4", null, "ONNX nodes (" + layer.onnx_nodes.length + ")"));
        var list = el("ul");
        layer.onnx_nodes.forEach(function (n) { list.appendChild(el("li", "mono", n)); });
        panel.appendChild(list);
      }
    } else if (binding) {
      panel.appendChild(el("h3", "node-name", binding.name));
      row(dl, "Binding", "#" + binding.index + ", " + binding.direction);
      var type = el("span");
      type.appendChild(badge(binding.dtype, knownGroups));
      row(dl, "Type", type);
      row(dl, "Shape", shapeText(binding.shape));
      panel.appendChild(dl);
    } else {
      panel.appendChild(el("h3", "node-name", id));
      panel.appendChild(el("p", "empty", "No record of this node beyond the edges that name it."));
    }
    if (state.network) {
      var before = state.network.getConnectedNodes(id, "from");
      var after = state.network.getConnectedNodes(id, "to");
      if (before.length) {
        panel.appendChild(el("h4", null, "Fed by"));
        panel.appendChild(neighbourList(before));
      }
      if (after.length) {
        panel.appendChild(el("h4", null, "Feeds"));
        panel.appendChild(neighbourList(after));
      }
    }
  }

  /** Select a node as a click does: highlight it, show its details, optionally center it. */
  function selectNode(id, focus) {
    if (!state.network || !(id in searchText)) { return false; }
    state.network.selectNodes([id]);
    if (focus) {
      state.network.focus(id, { scale: Math.max(state.network.getScale(), 0.9), animation: false });
    }
    showDetails(id);
    return true;
  }

  /** Find nodes by layer, binding or tensor name; select them all and focus the first. */
  function search(query) {
    var status = document.getElementById("search-status");
    var q = query.trim().toLowerCase();
    state.matches = [];
    state.matchIndex = 0;
    if (!q) {
      status.textContent = "";
      if (state.network) { state.network.unselectAll(); }
      return 0;
    }
    var exact = [];
    graph.nodes.forEach(function (node) {
      if (searchText[node.id].indexOf(q) === -1) { return; }
      // A node whose whole name is the query comes first: that is the one being looked for.
      if (labelOf(node.id).toLowerCase() === q) { exact.push(node.id); } else { state.matches.push(node.id); }
    });
    state.matches = exact.concat(state.matches);
    var n = state.matches.length;
    status.textContent = n === 0 ? "no match" : n === 1 ? "1 match" : n + " matches (Enter: next)";
    if (n > 0 && state.network) {
      state.network.selectNodes(state.matches);
      state.network.focus(state.matches[0], { scale: Math.max(state.network.getScale(), 0.9), animation: false });
      showDetails(state.matches[0]);
    } else if (state.network) {
      state.network.unselectAll();
    }
    return n;
  }

  /** Step to the next search match. */
  function nextMatch() {
    if (state.matches.length === 0 || !state.network) { return; }
    state.matchIndex = (state.matchIndex + 1) % state.matches.length;
    var id = state.matches[state.matchIndex];
    state.network.focus(id, { scale: Math.max(state.network.getScale(), 0.9), animation: false });
    showDetails(id);
    document.getElementById("search-status").textContent =
      (state.matchIndex + 1) + " of " + state.matches.length + " matches";
  }

  function draw() {
    if (!canvas || typeof vis === "undefined") { return; }
    var big = graph.nodes.length > 1500;
    var nodes = new vis.DataSet(graph.nodes.map(function (n) {
      return { id: n.id, label: visible(n.label), group: n.group, shape: n.shape, x: n.x, y: n.y, title: nodeTitle(n.id) };
    }));
    var edges = new vis.DataSet(graph.edges.map(function (e, i) {
      return { id: i, from: e.from, to: e.to, color: { color: e.color, highlight: e.color, hover: e.color, inherit: false }, title: visible(e.title) };
    }));
    var options = {
      autoResize: true,
      physics: false,
      layout: { improvedLayout: false, randomSeed: 1 },
      groups: graph.groups,
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
    var network = new vis.Network(canvas, { nodes: nodes, edges: edges }, options);
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

  /** Fill the layers table (engine order) from the report data. */
  function fillLayersTable() {
    var table = document.getElementById("layers-table");
    if (!table) { return; }
    var withTimes = table.tHead.rows[0].cells.length > 6;
    var body = document.createDocumentFragment();
    data.layers.forEach(function (layer) {
      var tr = el("tr");
      tr.appendChild(el("td", "num", String(layer.index)));
      var name = el("td", "name");
      var link = el("a", null, layer.name);
      link.href = "#graph";
      link.setAttribute("data-node", layer.id);
      name.appendChild(link);
      tr.appendChild(name);
      tr.appendChild(el("td", null, layer.type));
      var prec = el("td");
      prec.appendChild(badge(layer.precision, knownGroups));
      tr.appendChild(prec);
      tr.appendChild(el("td", "mono", layer.tactic));
      tr.appendChild(el("td", "mono kernel", data.kernels[layer.kernel]));
      if (withTimes) {
        tr.appendChild(el("td", "num", layer.time_ms === null ? "" : layer.time_ms.toFixed(4)));
      }
      body.appendChild(tr);
    });
    table.tBodies[0].replaceChildren(body);
  }

  draw();
  fillLayersTable();

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
        if (state.matches.length && searchBox.value.trim().toLowerCase() === state.lastQuery) {
          nextMatch();
        } else {
          search(searchBox.value);
        }
        state.lastQuery = searchBox.value.trim().toLowerCase();
      }
    });
  }
  var fit = document.getElementById("graph-fit");
  if (fit) {
    fit.addEventListener("click", function () { if (state.network) { state.network.fit({ animation: false }); } });
  }

  // Layer names in the table select their node in the graph.
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var link = target.closest("a[data-node]");
    if (link && selectNode(link.getAttribute("data-node"), true)) {
      event.preventDefault();
      document.getElementById("graph").scrollIntoView();
    }
  });

  // Printing shows every table, not only the open ones.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });

  /** Read-only hooks for tests and for the curious (browser console). */
  window.trtreport = Object.freeze({
    nodeCount: function () { return state.network ? state.layerNodes : 0; },
    totalNodes: function () { return state.network ? state.network.body.data.nodes.length : 0; },
    edgeCount: function () { return state.network ? state.network.body.data.edges.length : 0; },
    firstDrawMs: function () { return state.firstDrawMs; },
    selected: function () { return state.network ? state.network.getSelectedNodes().slice() : []; },
    click: function (id) { return selectNode(id, false); },
    search: function (query) { return search(query); },
    nodePosition: function (id) {
      if (!state.network) { return null; }
      var p = state.network.getPositions([id])[id];
      return p ? state.network.canvasToDOM(p) : null;
    }
  });
})();
