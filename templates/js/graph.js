  /* ---------------------------------------------------------------- graph: structure, groups, layout */

  var CELL_W = 240;     /* a layer's (or a closed group's) cell in the layout */
  var CELL_H = 92;
  var PAD = 18;         /* inside an open group's frame */
  var HEAD = 34;        /* an open group's title bar */
  var ALL_OPEN = 150;   /* engines up to this many nodes open with every group open */
  var FIRST_VIEW = 40;  /* a larger engine opens groups while at most this many nodes show */

  var nodeIndex = {};
  graph.nodes.forEach(function (n, i) { nodeIndex[n.id] = i; });
  var tree = graph.tree;
  /** Per node and per group, the group holding it (-1 for the root group). */
  var parentOfNode = graph.nodes.map(function () { return 0; });
  var parentOfGroup = tree.map(function () { return -1; });
  tree.forEach(function (g, gi) {
    g.children = [];
    g.rows.forEach(function (row) {
      row.forEach(function (ref) {
        g.children.push(ref);
        if (ref >= 0) { parentOfNode[ref] = gi; } else { parentOfGroup[-ref - 1] = gi; }
      });
    });
  });
  function groupId(gi) { return "g:" + gi; }
  function isGroupId(id) { return typeof id === "string" && id.indexOf("g:") === 0 && tree[+id.slice(2)] !== undefined; }

  /** Per group: layers below it, per precision, time share, and the node indices (groups come
   *  parent first, so one backward pass sums them). */
  tree.forEach(function (g) { g.count = 0; g.share = 0; g.precs = {}; g.cats = {}; g.members = []; g.timed = false; });
  graph.nodes.forEach(function (n, i) {
    var layer = layerById[n.id];
    var gi = parentOfNode[i];
    tree[gi].members.push(i);
    if (!layer) { return; }
    state.layerNodes += 1;
    tree[gi].count += 1;
    tree[gi].precs[layer.prec] = (tree[gi].precs[layer.prec] || 0) + 1;
    tree[gi].cats[category(layer)] = (tree[gi].cats[category(layer)] || 0) + 1;
    if (layer.share !== undefined) { tree[gi].share += layer.share; tree[gi].timed = true; }
  });
  for (var gi0 = tree.length - 1; gi0 > 0; gi0--) {
    var g0 = tree[gi0];
    var up = tree[parentOfGroup[gi0]];
    up.count += g0.count;
    up.share += g0.share;
    up.timed = up.timed || g0.timed;
    Object.keys(g0.precs).forEach(function (p) { up.precs[p] = (up.precs[p] || 0) + g0.precs[p]; });
    Object.keys(g0.cats).forEach(function (c) { up.cats[c] = (up.cats[c] || 0) + g0.cats[c]; });
    Array.prototype.push.apply(up.members, g0.members);
  }
  /** The precision a closed group is filled with: its only one, or "mixed". */
  function groupPrecision(g) {
    var keys = Object.keys(g.precs);
    return keys.length === 1 ? keys[0] : keys.length ? "mixed" : "unknown";
  }
  /** The layer type most of a group's layers have (the layer-type view fills it so). */
  function groupCategory(g) {
    var best = "Other";
    var most = 0;
    Object.keys(g.cats).sort().forEach(function (c) { if (g.cats[c] > most) { most = g.cats[c]; best = c; } });
    return best;
  }
  /** "INT8 40 · FP16 3", most layers first. */
  function precisionMix(g) {
    return Object.keys(g.precs).sort(function (a, b) { return g.precs[b] - g.precs[a] || (a < b ? -1 : 1); })
      .map(function (p) { return p + " " + g.precs[p]; }).join(" · ");
  }
  function groupTitle(g) {
    if (g.kind === "root") { return "Engine"; }
    return g.label;
  }
  function groupLabel(g) {
    var text = visible(clip(groupTitle(g), 34)) + "\n" + g.count + " layer" + (g.count === 1 ? "" : "s") + " · " + clip(precisionMix(g), 30);
    if (g.timed) { text += "\n" + g.share.toFixed(1) + " % of time"; }
    return text;
  }

  var succ = {};
  var pred = {};
  graph.nodes.forEach(function (n) { succ[n.id] = []; pred[n.id] = []; });
  graph.edges.forEach(function (e, i) {
    succ[e.from].push(i);
    pred[e.to].push(i);
  });

  var fateNames = {};
  data.fates.forEach(function (f) { if (f[3]) { (fateNames[f[3]] = fateNames[f[3]] || []).push(f[0]); } });

  /** Which groups are open. The root always is. */
  var open = tree.map(function (g, gi) { return gi === 0; });

  /* Myelin regions that open in place into their ONNX nodes (Python's ``RegionData``): per
   * region node index, its record; a region's ONNX node is drawn as ``o:<region>:<k>``. */
  var RCELL_W = 220;    /* an ONNX node's cell inside an open region */
  var RCELL_H = 84;
  var regionOf = {};
  (graph.regions || []).forEach(function (r) {
    r.open = false;
    r.widest = 0;
    r.rows.forEach(function (n) { r.widest = Math.max(r.widest, n); });
    regionOf[r.node] = r;
  });
  /** Regions framed in the current drawing (open, and every group above them open). */
  var placedRegions = {};
  function innerId(i, k) { return "o:" + i + ":" + k; }
  /** ``{i, k, region}`` of an ONNX node id inside a region, or null. */
  function parseInner(id) {
    if (typeof id !== "string" || id.indexOf("o:") !== 0) { return null; }
    var parts = id.split(":");
    var r = regionOf[+parts[1]];
    var k = +parts[2];
    return r && k >= 0 && k < r.fates.length && String(k) === parts[2] ? { i: +parts[1], k: k, region: r } : null;
  }
  function regionSize(r) {
    return [Math.max(r.widest * RCELL_W, CELL_W) + 2 * PAD, r.rows.length * RCELL_H + HEAD + PAD];
  }
  function innerFate(r, k) { return data.fates[r.fates[k]]; }
  function innerName(r, k) { return data.onnx_names[innerFate(r, k)[0] || 0]; }
  function innerOp(r, k) { return data.op_types[innerFate(r, k)[1] || 0]; }
  /** How many ONNX nodes a region draws (Constant nodes are never drawn). */
  function regionCounts(r) {
    var others = r.total - r.constants;
    return { drawn: r.fates.length, others: others, total: r.total, constants: r.constants, capped: r.fates.length < others };
  }
  /** The boundary and neighbours of a region, indexed on its first opening. */
  function regionIndex(r) {
    if (r.inByT) { return r; }
    r.inByT = {};
    r.outByT = {};
    r.ins.forEach(function (b) { r.inByT[b[0]] = { exact: b[1], nodes: b.slice(2) }; });
    r.outs.forEach(function (b) { r.outByT[b[0]] = { exact: b[1], nodes: b.slice(2) }; });
    r.pred = r.fates.map(function () { return []; });
    r.succ = r.fates.map(function () { return []; });
    for (var e = 0; e < r.edges.length; e += 3) {
      r.succ[r.edges[e]].push(r.edges[e + 1]);
      r.pred[r.edges[e + 1]].push(r.edges[e]);
    }
    r.byName = {};
    r.fates.forEach(function (row, k) { r.byName[innerName(r, k).toLowerCase()] = k; });
    return r;
  }
  /** The id an ONNX node (by fate row) is drawn as inside its region when that is open, or
   *  null (built on the first need). */
  var innerByRow = null;
  function innerOfRow(row) {
    if (!innerByRow) {
      innerByRow = {};
      Object.keys(regionOf).forEach(function (i) {
        regionOf[i].fates.forEach(function (r, k) { innerByRow[r] = innerId(i, k); });
      });
    }
    return innerByRow[row] || null;
  }
  /** Per fate row, the ONNX tensors its node writes (built on the first need). */
  var tensorsOfRow = null;
  function tensorsWritten(row) {
    if (!tensorsOfRow) {
      tensorsOfRow = {};
      ((data.provenance || {}).tensors || []).forEach(function (t) { (tensorsOfRow[t[1]] = tensorsOfRow[t[1]] || []).push(t[0]); });
    }
    return tensorsOfRow[row] || [];
  }
  /** An ONNX node's label: the tail of its name that fits, then its op type. */
  function innerLabel(r, k) {
    var name = innerName(r, k);
    var segments = name.split("/").filter(function (x) { return x; });
    var text = segments.length ? segments[segments.length - 1] : name;
    for (var s = segments.length - 2; s >= 0; s--) {
      var longer = segments[s] + "/" + text;
      if (longer.length > 26) { break; }
      text = longer;
    }
    return clip(text, 28) + "\n" + innerOp(r, k);
  }

  /** Open groups, breadth first, while the drawing stays small enough to read. */
  function firstView() {
    if (graph.nodes.length <= ALL_OPEN) { open = tree.map(function () { return true; }); return; }
    var shown = tree[0].children.length;
    var queue = tree[0].children.filter(function (r) { return r < 0; }).map(function (r) { return -r - 1; });
    while (queue.length) {
      queue.sort(function (a, b) { return tree[b].count - tree[a].count || a - b; });
      var gi = queue.shift();
      var more = tree[gi].children.length - 1;
      if (shown + more > FIRST_VIEW) { continue; }
      open[gi] = true;
      shown += more;
      tree[gi].children.forEach(function (r) { if (r < 0) { queue.push(-r - 1); } });
    }
  }

  /** Open every group above node ``i`` (so that it is drawn). */
  function openTo(i) {
    var gi = parentOfNode[i];
    var changed = false;
    while (gi >= 0) {
      if (!open[gi]) { open[gi] = true; changed = true; }
      gi = parentOfGroup[gi];
    }
    return changed;
  }

  /** What a node is drawn as now: its own id, or the closed group that holds it. */
  function shownAs(i) {
    var chain = [];
    var gi = parentOfNode[i];
    while (gi >= 0) { chain.push(gi); gi = parentOfGroup[gi]; }
    for (var k = chain.length - 1; k >= 0; k--) {
      if (!open[chain[k]]) { return groupId(chain[k]); }
    }
    return graph.nodes[i].id;
  }

  /** Size of a child ref in the layout: a cell, or an open group's frame. */
  function refSize(ref, sizes) {
    if (ref >= 0) { return regionOf[ref] && regionOf[ref].open ? regionSize(regionOf[ref]) : [CELL_W, CELL_H]; }
    if (!open[-ref - 1]) { return [CELL_W, CELL_H]; }
    return sizes[-ref - 1];
  }

  /** Sizes of the open groups, children before parents. */
  function openSizes(skip) {
    var sizes = {};
    for (var gi = tree.length - 1; gi >= 0; gi--) {
      if (!open[gi]) { continue; }
      var width = 0;
      var height = 0;
      tree[gi].rows.forEach(function (row) {
        var w = 0;
        var h = 0;
        row.forEach(function (ref) {
          if (ref >= 0 && skip[ref]) { return; }
          var size = refSize(ref, sizes);
          w += size[0];
          h = Math.max(h, size[1]);
        });
        width = Math.max(width, w);
        height += h;
      });
      sizes[gi] = gi === 0 ? [width, height] : [Math.max(width, CELL_W) + 2 * PAD, height + HEAD + PAD];
    }
    return sizes;
  }

  /** Positions of everything drawn: ``{items: [[id, x, y]], frames: [[gi, x, y, w, h]]}``,
   *  rows laid out from the Python layout's order and the sizes of the open groups; an open
   *  region's frame is ``[-1 - node, x, y, w, h]``, its ONNX nodes placed in its rows. */
  function placeAll(skip) {
    var sizes = openSizes(skip);
    var items = [];
    var frames = [];
    placedRegions = {};
    function placeRegion(ref, left, top, size) {
      var r = regionOf[ref];
      placedRegions[ref] = true;
      frames.push([-1 - ref, left + 6, top + 6, size[0] - 12, size[1] - 12]);
      var k = 0;
      var y = top + HEAD;
      r.rows.forEach(function (n) {
        var x0 = left + (size[0] - n * RCELL_W) / 2;
        for (var j = 0; j < n; j++, k++) {
          items.push([innerId(ref, k), Math.round(x0 + (j + 0.5) * RCELL_W), Math.round(y + RCELL_H / 2)]);
        }
        y += RCELL_H;
      });
    }
    function place(gi, left, top, width) {
      var y = top;
      tree[gi].rows.forEach(function (row) {
        var refs = row.filter(function (ref) { return !(ref >= 0 && skip[ref]); });
        if (!refs.length) { return; }
        var rowW = 0;
        var rowH = 0;
        refs.forEach(function (ref) { var s = refSize(ref, sizes); rowW += s[0]; rowH = Math.max(rowH, s[1]); });
        var x = left + (width - rowW) / 2;
        refs.forEach(function (ref) {
          var s = refSize(ref, sizes);
          if (ref < 0 && open[-ref - 1]) {
            var child = -ref - 1;
            frames.push([child, x + 6, y + 6, s[0] - 12, s[1] - 12]);
            place(child, x + PAD, y + HEAD, s[0] - 2 * PAD);
          } else if (ref >= 0 && regionOf[ref] && regionOf[ref].open) {
            placeRegion(ref, x, y, s);
          } else {
            var id = ref >= 0 ? graph.nodes[ref].id : groupId(-ref - 1);
            items.push([id, Math.round(x + s[0] / 2), Math.round(y + rowH / 2)]);
          }
          x += s[0];
        });
        y += rowH;
      });
    }
    place(0, -sizes[0][0] / 2, 0, sizes[0][0]);
    return { items: items, frames: frames };
  }

  /** A small layered layout of a focus neighbourhood (longest path from its own sources,
   *  then by engine order): compact, whatever the whole graph's layout. */
  function placeFocus(ids) {
    var inSet = {};
    ids.forEach(function (id) { inSet[id] = true; });
    var order = ids.slice().sort(function (a, b) { return nodeIndex[a] - nodeIndex[b]; });
    var rank = {};
    // Engine order is close to topological: one pass of "below every earlier producer".
    order.forEach(function (id) {
      var r = 0;
      pred[id].forEach(function (ei) {
        var from = graph.edges[ei].from;
        if (inSet[from] && rank[from] !== undefined) { r = Math.max(r, rank[from] + 1); }
      });
      rank[id] = r;
    });
    var rows = [];
    order.forEach(function (id) { (rows[rank[id]] = rows[rank[id]] || []).push(id); });
    var items = [];
    var y = 0;
    rows.forEach(function (row) {
      if (!row) { return; }
      for (var start = 0; start < row.length; start += 8) {
        var part = row.slice(start, start + 8);
        part.forEach(function (id, k) { items.push([id, Math.round((k - (part.length - 1) / 2) * CELL_W), y]); });
        y += CELL_H;
      }
    });
    return { items: items, frames: [] };
  }

  /** The full name of a node (or a group's path). */
  function labelOf(id) {
    if (layerById[id]) { return layerById[id].name; }
    var inner = parseInner(id);
    if (inner) { return innerName(inner.region, inner.k); }
    if (data.bindings[id]) { return data.bindings[id].direction + ": " + data.bindings[id].name; }
    if (isGroupId(id)) { return groupTitle(tree[+id.slice(2)]); }
    return id;
  }

  /** The plain-text tooltip of a node. */
  function nodeTitle(id) {
    var layer = layerById[id];
    if (layer) {
      var precision = inPrec(layer) + " → " + layer.prec + " → " + outPrec(layer);
      var text = visible(layer.name) + "\n" + visible(layer.type || "layer") + " · " + precision;
      if (changeOf(id)) { text += "\nchange: " + changeOf(id); }
      return text;
    }
    var inner = parseInner(id);
    if (inner) {
      var region = graph.nodes[inner.i].id;
      return visible(innerName(inner.region, inner.k)) + "\n" + innerOp(inner.region, inner.k) +
        ", inside the Myelin region " + visible(clip(labelOf(region), 80)) + " (" + layerById[region].prec + ")";
    }
    var binding = data.bindings[id];
    if (binding) {
      return binding.direction + " " + visible(binding.name) + "\n" + binding.dtype + " " + shapeText(binding.shape);
    }
    if (isGroupId(id)) {
      var g = tree[+id.slice(2)];
      return visible(groupTitle(g)) + "\n" + g.count + " layers: " + precisionMix(g) +
        (g.timed ? "\n" + g.share.toFixed(2) + " % of the time" : "") + "\nclick to open";
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
