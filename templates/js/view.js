  /* ---------------------------------------------------------------- view: drawing, toggles, highlight, focus */

  var TIME_BINS = [0, 0.3, 1, 3, 10];  /* % of the engine's time: lower bounds of bins 1..5 */
  var hasChanges = graph.nodes.some(function (n) { return !!n.change; });
  function changeOf(id) {
    var i = nodeIndex[id];
    return i === undefined ? "" : graph.nodes[i].change || "";
  }
  /** Frames of the open groups, in canvas coordinates, drawn under the nodes. */
  var frames = [];
  var drawnIds = [];
  var drawnSet = {};

  /** Whether a layer is hidden by the "hide constants / Reformats" toggles. */
  function toggledOff(id) {
    var layer = layerById[id];
    if (!layer) { return false; }
    return (view.hideConstants && layer.role === "constant") ||
      (view.hideReformats && layer.role === "reformat");
  }

  function timeBin(share) {
    if (share === undefined || share === null || !(share > 0)) { return 0; }
    var bin = 1;
    TIME_BINS.forEach(function (low, k) { if (share >= low) { bin = k + 1; } });
    return bin;
  }

  /** Node indices the highlight marks (layers of one precision, type or change), or null. */
  var highlightSet = null;
  function computeHighlight() {
    var h = view.highlight;
    if (!h) { highlightSet = null; return; }
    highlightSet = {};
    graph.nodes.forEach(function (n, i) {
      var layer = layerById[n.id];
      var hit = false;
      if (h.kind === "change") { hit = changeOf(n.id) === h.value; } else if (layer) {
        if (h.kind === "precision") { hit = layer.prec === h.value || (h.value === "unknown" && !groups[layer.prec]); }
        if (h.kind === "type") { hit = category(layer) === h.value; }
        if (h.kind === "time") { hit = timeBin(layer.share) === +h.value; }
      }
      if (hit) { highlightSet[i] = true; }
    });
  }
  function groupHighlighted(g) {
    return g.members.some(function (i) { return highlightSet[i]; });
  }

  /** Group and label of a drawn node in the current view. */
  function lookOf(id) {
    var layer = layerById[id];
    var group;
    var label;
    var dim = false;
    var inner = parseInner(id);
    if (inner) {
      // An ONNX node inside an open region looks like the region (its precision, its type,
      // its time share), with its own name and op type.
      var outer = lookOf(graph.nodes[inner.i].id);
      return { group: outer.group, label: visible(innerLabel(inner.region, inner.k)) };
    }
    if (isGroupId(id)) {
      var g = tree[+id.slice(2)];
      label = groupLabel(g);
      group = groupPrecision(g);
      if (view.mode === "type") { group = "t:" + groupCategory(g); label += "\nmostly " + groupCategory(g); }
      if (view.mode === "time") { group = "s:" + timeBin(g.share); }
      if (view.mode === "changes") {
        var changed = g.members.filter(function (i) { return changeOf(graph.nodes[i].id); }).length;
        group = changed ? "c:changed" : "c:none";
        label += "\n" + changed + " changed";
      }
      dim = highlightSet !== null && !groupHighlighted(g);
    } else {
      var node = graph.nodes[nodeIndex[id]];
      label = node.label;
      group = node.group;
      if (layer) {
        var prec = layer.prec;
        if (outPrec(layer) !== layer.prec) { prec += " → " + outPrec(layer); }
        var second = prec;
        if (view.mode === "type") { group = "t:" + category(layer); second = category(layer); }
        if (view.mode === "time") {
          group = "s:" + timeBin(layer.share);
          second = layer.share === undefined ? "no time" : layer.share.toFixed(2) + " %";
        }
        if (view.mode === "changes") { group = "c:" + (changeOf(id) || "none"); second = changeOf(id) || "unchanged"; }
        label = label + "\n" + second;
      } else if (view.mode === "changes") {
        group = "c:" + (changeOf(id) || "none");
      }
      dim = highlightSet !== null && !highlightSet[nodeIndex[id]];
    }
    if (!groups[group]) { group = "unknown"; }
    if (dim) { group = "dim"; }
    return { group: group, label: visible(label) };
  }

  /** The drawn edges: every edge between the things drawn (a closed group stands for its
   *  layers), once per pair; edges into a hidden layer go on to what it feeds, dashed. An
   *  edge into (out of) an open region goes to the ONNX nodes inside that read (write) its
   *  tensor (``guess`` when the log names the tensor differently inside); the tensors between
   *  a region's ONNX nodes follow, with ``inner`` set. */
  function drawnEdges(repOf, hidden) {
    var seen = {};
    var out = [];
    var memo = {};
    /** What an edge of tensor ``t`` ends at on node ``id``: ``[[drawn id, exact]]``. */
    function endsAt(id, t, leaving) {
      var i = nodeIndex[id];
      if (placedRegions[i]) {
        var r = regionIndex(regionOf[i]);
        var hit = (leaving ? r.outByT : r.inByT)[t];
        return hit ? hit.nodes.map(function (k) { return [innerId(i, k), hit.exact]; }) : [];
      }
      var rep = repOf(id);
      return rep === null ? [] : [[rep, 1]];
    }
    function onward(id, depth, t) {
      if (!hidden[id]) { return endsAt(id, t, false).map(function (p) { return [p[0], null, p[1]]; }); }
      if (depth > 64) { return []; }
      if (memo[id]) { return memo[id]; }
      var found = [];
      succ[id].forEach(function (ei) {
        onward(graph.edges[ei].to, depth + 1, graph.edges[ei].t).forEach(function (pair) {
          found.push([pair[0], pair[1] === null ? graph.edges[ei].t : pair[1], pair[2]]);
        });
      });
      memo[id] = found;
      return found;
    }
    graph.edges.forEach(function (e) {
      if (hidden[e.from]) { return; }
      endsAt(e.from, e.t, true).forEach(function (start) {
        var a = start[0];
        onward(e.to, 0, e.t).forEach(function (pair) {
          var b = pair[0];
          if (b === null || b === a) { return; }
          var key = a + "\u0000" + b;
          var bypass = hidden[e.to];
          if (seen[key] !== undefined) { out[seen[key]].n += 1; return; }
          seen[key] = out.length;
          out.push({ from: a, to: b, t: pair[1] === null ? e.t : pair[1], bypass: bypass, n: 1, guess: !(start[1] && pair[2]) });
        });
      });
    });
    Object.keys(placedRegions).forEach(function (i) {
      var r = regionOf[i];
      for (var k = 0; k < r.edges.length; k += 3) {
        out.push({ from: innerId(i, r.edges[k]), to: innerId(i, r.edges[k + 1]), inner: graph.region_types[r.edges[k + 2]], row: r.fates[r.edges[k]], n: 1 });
      }
    });
    return out;
  }

  /** The plain-text tooltip of a tensor between two ONNX nodes of a region. */
  function innerEdgeTitle(e) {
    var names = tensorsWritten(e.row);
    return (names.length ? visible(clip(names.join(", "), 200)) + "\n" : "") + e.inner + " (as the ONNX model declares it)\n" +
      visible(clip(labelOf(e.from), 80)) + " → " + visible(clip(labelOf(e.to), 80));
  }

  /** Recompute what is drawn (groups, toggles, focus, view) and hand it to vis-network. */
  function applyView(keepCamera) {
    if (!state.network) { return; }
    computeHighlight();
    var hidden = {};
    graph.nodes.forEach(function (n) { if (toggledOff(n.id)) { hidden[n.id] = true; } });
    var placed;
    var repOf;
    if (view.focus) {
      var near = neighbourhood(view.focus.id, view.focus.hops);
      var ids = Object.keys(near).filter(function (id) { return !hidden[id]; });
      placed = placeFocus(ids);
      placedRegions = {};  // a focus draws layers only
      var inFocus = {};
      ids.forEach(function (id) { inFocus[id] = true; });
      repOf = function (id) { return inFocus[id] ? id : null; };
    } else {
      if (view.collapseMyelin) {
        tree.forEach(function (g, gi) { if (g.kind === "myelin") { open[gi] = false; } });
        Object.keys(regionOf).forEach(function (i) { regionOf[i].open = false; });
      }
      var skip = {};
      graph.nodes.forEach(function (n, i) { if (hidden[n.id]) { skip[i] = true; } });
      placed = placeAll(skip);
      repOf = function (id) { return shownAs(nodeIndex[id]); };
    }
    frames = placed.frames;
    var items = placed.items.map(function (p) {
      var look = lookOf(p[0]);
      var item = { id: p[0], x: p[1], y: p[2], label: look.label, group: look.group, title: nodeTitle(p[0]) };
      if (parseInner(p[0])) {
        item.shapeProperties = { borderDashes: [4, 3], borderRadius: 4 };
      } else if (data.bindings[p[0]] || (!layerById[p[0]] && !isGroupId(p[0]))) { item.shape = "ellipse"; }
      if (isGroupId(p[0])) {
        var g = tree[+p[0].slice(2)];
        item.shapeProperties = { borderDashes: g.kind === "myelin" ? [6, 3] : false, borderRadius: 10 };
        item.borderWidth = 3;
        item.margin = { top: 10, bottom: 10, left: 12, right: 12 };
      }
      return item;
    });
    drawnIds = items.map(function (it) { return it.id; });
    drawnSet = {};
    drawnIds.forEach(function (id) { drawnSet[id] = true; });
    var edges = drawnEdges(function (id) {
      var r = repOf(id);
      return r !== null && drawnSet[r] ? r : null;
    }, hidden).map(function (e, k) {
      if (e.inner) {
        var c = groupColor(e.inner);
        return { id: "e" + k, from: e.from, to: e.to, color: { color: c, highlight: c, hover: c, inherit: false }, width: 1.2, title: innerEdgeTitle(e) };
      }
      var item = { id: "e" + k, from: e.from, to: e.to, color: edgeColor(e.t), title: (e.bypass ? "through hidden layers\n" : "") + edgeTitle(e.t) + (e.n > 1 ? "\n(" + e.n + " tensors)" : "") };
      if (e.guess) {
        item.dashes = [2, 5];
        item.title += "\ninside the region the log names this tensor differently: drawn to the region's nodes that read (write) a tensor from (for) outside";
      }
      if (e.bypass) { item.dashes = [6, 4]; }
      if (e.n > 1) { item.width = Math.min(1.6 + Math.log(e.n), 6); }
      return item;
    });
    var selected = state.network.getSelectedNodes();
    var position = state.network.getViewPosition();
    var scale = state.network.getScale();
    state.nodes.clear();
    state.edges.clear();
    state.nodes.add(items);
    state.edges.add(edges);
    var keep = selected.filter(function (id) { return drawnSet[id]; });
    if (keep.length) { state.network.selectNodes(keep); }
    if (keepCamera) { state.network.moveTo({ position: position, scale: scale, animation: false }); }
    updateLegends();
    updateFocusBar();
    updateCrumbs();
  }

  function visibleNodeIds() { return drawnIds.slice(); }

  /** Draw the frames of open groups (under the nodes) with their titles. */
  function drawFrames(ctx) {
    frames.forEach(function (f) {
      if (f[0] < 0) { drawRegionFrame(ctx, f); return; }
      var g = tree[f[0]];
      ctx.save();
      ctx.fillStyle = g.kind === "myelin" ? "rgba(170, 68, 153, 0.06)" : "rgba(9, 105, 218, 0.045)";
      ctx.strokeStyle = g.kind === "myelin" ? "#AA4499" : "#8c959f";
      ctx.lineWidth = 1.5;
      if (g.kind === "myelin") { ctx.setLineDash([6, 3]); }
      ctx.beginPath();
      ctx.rect(f[1], f[2], f[3], f[4]);
      ctx.fill();
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = "#24292f";
      ctx.font = "600 15px " + FONT;
      ctx.textBaseline = "top";
      var title = visible(clip(groupTitle(g), Math.max(8, Math.floor(f[3] / 9)))) + "  ·  " + g.count + " layers  [−]";
      ctx.fillText(title, f[1] + 10, f[2] + 8, f[3] - 20);
      ctx.restore();
    });
  }

  /** The title of an open region's frame. */
  function regionTitle(i) {
    var n = regionCounts(regionOf[i]);
    var text = n.capped
      ? "first " + n.drawn + " of " + n.others + " ONNX nodes (open the details for the full list)"
      : n.drawn + " ONNX nodes";
    if (n.constants) { text += " + " + n.constants + " Constant not drawn"; }
    return text;
  }

  /** An open region's frame: dashed, in the Myelin color, with its name and node count. */
  function drawRegionFrame(ctx, f) {
    var i = -f[0] - 1;
    var layer = layerById[graph.nodes[i].id];
    ctx.save();
    ctx.fillStyle = "rgba(170, 68, 153, 0.08)";
    ctx.strokeStyle = "#AA4499";
    ctx.lineWidth = 2.5;
    ctx.setLineDash([10, 4]);
    ctx.beginPath();
    ctx.rect(f[1], f[2], f[3], f[4]);
    ctx.fill();
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = "#24292f";
    ctx.font = "600 15px " + FONT;
    ctx.textBaseline = "top";
    var head = "Myelin region, " + layer.prec + "  ·  " + regionTitle(i) + "  ·  ";
    var room = Math.max(12, Math.floor(f[3] / 8.5) - head.length - 5);
    var title = head + visible(clip(layer.name, room)) + "  [−]";
    ctx.fillText(title, f[1] + 10, f[2] + 8, f[3] - 20);
    ctx.restore();
  }

  /** The frame (a group's ``gi``, a region's ``-1 - node``) whose title bar is at a canvas
   *  point (a click there closes it), or null. The innermost wins. */
  function frameAt(point) {
    var hit = null;
    frames.forEach(function (f) {
      if (point.x >= f[1] && point.x <= f[1] + f[3] && point.y >= f[2] && point.y <= f[2] + HEAD - 6) { hit = f[0]; }
    });
    return hit;
  }

  function draw() {
    if (!canvas || typeof vis === "undefined") { return; }
    var dimmed = { color: { background: "#eeeeee", border: "#d0d0d0", highlight: { background: "#eeeeee", border: "#000000" }, hover: { background: "#eeeeee", border: "#d0d0d0" } }, font: { color: "#9a9a9a" } };
    var styles = Object.assign({}, groups, { dim: dimmed });
    state.nodes = new vis.DataSet([]);
    state.edges = new vis.DataSet([]);
    var options = {
      autoResize: true,
      physics: false,
      layout: { improvedLayout: false, randomSeed: 1 },
      groups: styles,
      nodes: {
        shape: "box",
        margin: { top: 6, bottom: 6, left: 8, right: 8 },
        borderWidth: 1,
        borderWidthSelected: 4,
        labelHighlightBold: false,
        font: { face: FONT, size: 14, multi: false },
        widthConstraint: { maximum: 220 },
        shapeProperties: { borderRadius: 4 }
      },
      edges: {
        arrows: { to: { enabled: true, scaleFactor: 0.55 } },
        width: 1.6,
        selectionWidth: 1.5,
        smooth: false
      },
      interaction: {
        hover: false,
        tooltipDelay: 250,
        navigationButtons: false,
        keyboard: false,
        multiselect: false,
        hideEdgesOnDrag: true,
        hideEdgesOnZoom: true
      },
      manipulation: { enabled: false },
      configure: { enabled: false }
    };
    var network = new vis.Network(canvas, { nodes: state.nodes, edges: state.edges }, options);
    state.network = network;
    network.on("beforeDrawing", drawFrames);
    network.once("afterDrawing", function () { state.firstDrawMs = performance.now(); });
    firstView();
    applyView(false);
    startView();
    network.on("click", function (params) {
      if (params.nodes.length) {
        var id = params.nodes[0];
        if (isGroupId(id)) {
          expandGroup(+id.slice(2));
          showDetails(id);
          updateCrumbs(id);
          return;
        }
        // A region opens as a group does; its details stay in the panel.
        if (regionOf[nodeIndex[id]]) { expandRegion(nodeIndex[id]); }
        showDetails(id);
        updateCrumbs(id);
        return;
      }
      var gi = frameAt(params.pointer.canvas);
      if (gi !== null && gi < 0) { collapseRegion(-gi - 1); } else if (gi > 0) { collapseGroup(gi); }
    });
  }

  /** Frame what is drawn when it can be read; otherwise its top at a readable scale. */
  function startView() {
    var network = state.network;
    if (!network || !drawnIds.length) { return; }
    network.fit({ animation: false });
    if (network.getScale() < 0.55) {
      var minY = Infinity;
      var positions = network.getPositions(drawnIds);
      var xs = 0;
      drawnIds.forEach(function (id) { minY = Math.min(minY, positions[id].y); xs += positions[id].x; });
      var height = canvas.clientHeight || 600;
      network.moveTo({ position: { x: xs / drawnIds.length, y: minY + (height / 2 - 60) / 0.95 }, scale: 0.95, animation: false });
    } else if (network.getScale() > 1.1) {
      network.moveTo({ scale: 1.1, animation: false });
    }
  }

  /** Open a group in place; return whether it exists. */
  function expandGroup(gi) {
    if (!tree[gi]) { return false; }
    open[gi] = true;
    if (view.focus) { view.focus = null; }
    applyView(true);
    var g = tree[gi];
    var ids = g.members.map(function (i) { return shownAs(i); }).filter(function (id) { return drawnSet[id]; });
    if (ids.length && ids.length < 200) {
      state.network.fit({ nodes: ids.filter(function (v, k, a) { return a.indexOf(v) === k; }), animation: false });
      if (state.network.getScale() > 1.1) { state.network.moveTo({ scale: 1.1, animation: false }); }
      if (state.network.getScale() < 0.35) { state.network.moveTo({ scale: 0.35, animation: false }); }
    }
    return true;
  }

  /** Open region ``i`` in place into its ONNX nodes (opening the groups above it), frame its
   *  top readably; return whether it can be opened. */
  function expandRegion(i) {
    var r = regionOf[i];
    if (!r) { return false; }
    var start = performance.now();
    r.open = true;
    regionIndex(r);
    if (view.focus) { view.focus = null; }
    if (view.collapseMyelin) {
      view.collapseMyelin = false;
      var myelinBox = document.getElementById("toggle-myelin");
      if (myelinBox) { myelinBox.checked = false; }
    }
    openTo(i);
    applyView(true);
    var ids = [];
    for (var k = 0; k < r.fates.length; k++) { if (drawnSet[innerId(i, k)]) { ids.push(innerId(i, k)); } }
    if (ids.length) {
      state.network.fit({ nodes: ids.length <= 60 ? ids : ids.slice(0, 36), animation: false });
      if (state.network.getScale() > 1.1) { state.network.moveTo({ scale: 1.1, animation: false }); }
      if (state.network.getScale() < 0.45) { state.network.focus(ids[0], { scale: 0.7, animation: false }); }
    }
    state.lastRegionMs = performance.now() - start;
    return true;
  }

  /** Put region ``i`` back as one node and select it. */
  function collapseRegion(i) {
    var r = regionOf[i];
    if (!r || !r.open) { return false; }
    r.open = false;
    applyView(true);
    var id = graph.nodes[i].id;
    if (drawnSet[id]) { state.network.selectNodes([id]); }
    return true;
  }

  function collapseGroup(gi) {
    if (!tree[gi] || gi === 0) { return false; }
    open[gi] = false;
    applyView(true);
    return true;
  }

  /** Open (or close) every group. */
  function expandAll(value) {
    open = tree.map(function (g, gi) { return gi === 0 || value !== false; });
    view.focus = null;
    applyView(false);
    startView();
  }

  /** Back to the first view: top-level groups. */
  function overview() {
    open = tree.map(function (g, gi) { return gi === 0; });
    Object.keys(regionOf).forEach(function (i) { regionOf[i].open = false; });
    view.focus = null;
    firstView();
    applyView(false);
    startView();
  }

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

  function updateFocusBar() {
    var bar = document.getElementById("focus-bar");
    if (!bar) { return; }
    if (!view.focus) { bar.hidden = true; return; }
    bar.hidden = false;
    document.getElementById("focus-status").textContent =
      "Showing " + drawnIds.length + " nodes within " + view.focus.hops + " hop" +
      (view.focus.hops === 1 ? "" : "s") + " of " + visible(clip(labelOf(view.focus.id), 80)) + ", laid out on their own.";
  }

  /** Show only the nodes within ``hops`` edges of ``id``, laid out compactly. */
  function focusOn(id, hops) {
    if (!state.network || nodeIndex[id] === undefined) { return false; }
    view.focus = { id: id, hops: Math.max(0, hops | 0) };
    applyView(false);
    state.network.fit({ animation: false });
    if (state.network.getScale() > 1.2) { state.network.moveTo({ scale: 1.2, animation: false }); }
    if (drawnSet[id]) { state.network.selectNodes([id]); }
    showDetails(id);
    return true;
  }

  function clearFocus() {
    if (!view.focus) { return; }
    var id = view.focus.id;
    view.focus = null;
    openTo(nodeIndex[id]);
    applyView(false);
    if (state.network && drawnSet[id]) {
      state.network.selectNodes([id]);
      state.network.focus(id, { scale: 0.9, animation: false });
    }
  }

  /** The id under which a node is drawn now (itself, or the closed group holding it), or
   *  null when the toggles or the focus hide it. Changes nothing. */
  function drawnAs(id) {
    var i = nodeIndex[id];
    if (i === undefined) { return null; }
    if (view.focus) { return drawnSet[id] ? id : null; }
    if (toggledOff(id)) { return null; }
    var r = shownAs(i);
    return drawnSet[r] ? r : null;
  }

  /** Make a node drawn as itself before selecting it (open its groups, leave a focus that
   *  hides it, turn off a toggle that hides it); return its id. */
  function reveal(id) {
    var i = nodeIndex[id];
    if (i === undefined) { return null; }
    var changed = false;
    if (view.focus && !drawnSet[id]) { view.focus = null; changed = true; }
    var layer = layerById[id];
    if (layer && toggledOff(id)) {
      var box = document.getElementById(layer.role === "constant" ? "toggle-constants" : "toggle-reformats");
      if (layer.role === "constant") { view.hideConstants = false; } else { view.hideReformats = false; }
      if (box) { box.checked = false; }
      changed = true;
    }
    if (!view.focus && openTo(i)) {
      changed = true;
      if (view.collapseMyelin && tree[parentOfNode[i]].kind === "myelin") {
        view.collapseMyelin = false;
        var myelinBox = document.getElementById("toggle-myelin");
        if (myelinBox) { myelinBox.checked = false; }
      }
    }
    if (changed) { applyView(true); }
    return id;
  }

  /** Set (or, with the same value again, clear) the highlight; return how many layers it marks. */
  function setHighlight(kind, value) {
    if (!kind || (view.highlight && view.highlight.kind === kind && view.highlight.value === value)) {
      view.highlight = null;
    } else {
      view.highlight = { kind: kind, value: String(value) };
    }
    applyView(true);
    return highlightSet ? Object.keys(highlightSet).length : 0;
  }

  function highlightedIds() {
    if (!highlightSet) { return []; }
    return Object.keys(highlightSet).map(function (i) { return graph.nodes[+i].id; }).sort();
  }

  /** Show the legend of the current view, its entries pressed when they are highlighted. */
  function updateLegends() {
    var which = { precision: "legend-precision", type: "legend-type", time: "legend-time", changes: "legend-changes" };
    Object.keys(which).forEach(function (mode) {
      var list = document.getElementById(which[mode]);
      if (list) { list.hidden = view.mode !== mode; }
    });
    document.querySelectorAll("button[data-highlight]").forEach(function (b) {
      var on = !!view.highlight && b.getAttribute("data-highlight") === view.highlight.kind &&
        b.getAttribute("data-value") === view.highlight.value;
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    var status = document.getElementById("highlight-status");
    if (status) {
      status.textContent = view.highlight
        ? "Highlighted: " + Object.keys(highlightSet).length + " " + view.highlight.value + " layers (click the legend entry again to clear)"
        : "";
    }
  }

  /** The trail from the engine to the group of the selected node; each step opens that group
   *  alone (and the ones above it) and frames it. */
  function updateCrumbs(id) {
    var bar = document.getElementById("graph-crumbs");
    if (!bar) { return; }
    if (id === undefined) { id = state.network ? state.network.getSelectedNodes()[0] : undefined; }
    var chain = [];
    var inner = parseInner(id);
    if (inner) { id = graph.nodes[inner.i].id; }
    var gi = id === undefined ? 0 : isGroupId(id) ? +id.slice(2) : nodeIndex[id] !== undefined ? parentOfNode[nodeIndex[id]] : 0;
    while (gi >= 0) { chain.push(gi); gi = parentOfGroup[gi]; }
    chain.reverse();
    bar.replaceChildren();
    chain.forEach(function (g, k) {
      if (k) { bar.appendChild(el("span", "crumb-sep", "›")); }
      var b = el("button", "crumb", clip(groupTitle(tree[g]), 40));
      b.type = "button";
      b.title = visible(groupTitle(tree[g]));
      b.setAttribute("data-group", String(g));
      b.addEventListener("click", function () { showGroupAlone(g); });
      bar.appendChild(b);
    });
  }

  /** Open one group and the groups above it, close the rest, and frame it. */
  function showGroupAlone(gi) {
    if (gi === 0) { overview(); return; }
    open = tree.map(function (g, k) { return k === 0; });
    var g = gi;
    while (g >= 0) { open[g] = true; g = parentOfGroup[g]; }
    view.focus = null;
    applyView(false);
    var ids = tree[gi].members.map(function (i) { return shownAs(i); }).filter(function (v, k, a) { return drawnSet[v] && a.indexOf(v) === k; });
    state.network.fit({ nodes: ids.length ? ids : drawnIds, animation: false });
    if (state.network.getScale() > 1.1) { state.network.moveTo({ scale: 1.1, animation: false }); }
    updateCrumbs(groupId(gi));
  }
