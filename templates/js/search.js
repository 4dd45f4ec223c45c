  /* ---------------------------------------------------------------- search */

  var RESULTS_SHOWN = 100;
  var QDQ_NAME = /quantizelinear|dequantizelinear|quantizer|(^|[^a-z])q(dq)?_|(^|\/)(q|dq)$/i;
  var WHY = ["id", "name", "ONNX node", "name", "ONNX node", "tensor", "precision", "type", "kernel", "tactic", "Q/DQ node it holds", "name", "name"];

  /** Per node, what a search looks at, lower-cased, as [field, text] with the rank a match in
   *  that field gets (lower first): the layer's own name part and the ONNX nodes it computes
   *  come before tensors, types, kernels, and last the Q/DQ nodes fused into it (a Conv holds
   *  the next Conv's input Q, named after that Conv: searching the Conv's name must land on the
   *  Conv). Built on the first search. */
  var searchIndex = null;
  function buildSearchIndex() {
    searchIndex = graph.nodes.map(function (node) {
      var fields = [];
      var layer = layerById[node.id];
      if (layer) {
        var parts = String(layer.name).split(" + ");
        parts.forEach(function (part) { fields.push([QDQ_NAME.test(part) ? 11 : 3, part.toLowerCase()]); });
        fields.push([1, layer.name.toLowerCase()]);
        (layer.onnx || fateNames[node.id] || []).forEach(function (n) {
          var name = data.onnx_names[n];
          fields.push([QDQ_NAME.test(name) ? 10 : 4, name.toLowerCase()]);
        });
        layer.ins.concat(layer.outs).forEach(function (t) { fields.push([5, data.tensors[t][0].toLowerCase()]); });
        // An ONNX tensor finds the layer that holds its producer.
        (tensorsByHolder[node.id] || []).forEach(function (t) { fields.push([5, t]); });
        fields.push([6, layer.prec.toLowerCase()]);
        if (outPrec(layer) !== layer.prec) { fields.push([6, outPrec(layer).toLowerCase()]); }
        fields.push([7, (layer.type || "").toLowerCase()]);
        fields.push([7, category(layer).toLowerCase()]);
        if (kernelOf(layer)) { fields.push([8, kernelOf(layer).toLowerCase()]); }
        if (layer.tactic) { fields.push([9, String(layer.tactic).toLowerCase()]); }
      } else if (data.bindings[node.id]) {
        fields.push([1, data.bindings[node.id].name.toLowerCase()]);
      }
      return fields;
    });
  }

  /** The best rank of a node for a query (an exact field beats a part of one), or -1. */
  function matchRank(i, q) {
    if (graph.nodes[i].id.toLowerCase() === q) { return 0; }
    var best = -1;
    searchIndex[i].forEach(function (f) {
      var at = f[1].indexOf(q);
      if (at === -1) { return; }
      var exact = f[1].length === q.length;
      // Exact names first; exact precisions and types rank as a name would; parts after.
      var rank = exact ? (f[0] >= 10 ? f[0] : f[0] <= 4 ? 1 : f[0]) * 2 : f[0] * 2 + 1;
      // The whole fused name counts whole; a piece of it is found through its parts.
      if (f[0] === 1 && !exact) { rank = 12 * 2 + 1; }
      if (best === -1 || rank < best) { best = rank; }
    });
    return best;
  }

  /** Ranked matches of a query: [[node index, rank]], best first, then in engine order. */
  function findMatches(q) {
    if (!searchIndex) { buildSearchIndex(); }
    var found = [];
    for (var i = 0; i < graph.nodes.length; i++) {
      var r = matchRank(i, q);
      if (r >= 0) { found.push([i, r]); }
    }
    found.sort(function (a, b) { return a[1] - b[1] || a[0] - b[0]; });
    return found;
  }

  /** Whether the user's view (a toggle or the focus) hides a node; closed groups do not count:
   *  a search opens them. */
  function hiddenByView(id) {
    return toggledOff(id) || (!!view.focus && !drawnSet[id]);
  }

  /** Find nodes by layer, binding, tensor or ONNX node name, precision, type, kernel, tactic
   *  (or exact node id); list them best first and land on the first one drawn: its groups
   *  are opened, it is selected, centred and shown in the details. Matches the toggles or
   *  the focus hide are only counted, unless ``revealHidden`` (Enter, or
   *  ``trtreport.search(q, true)``) asks for them. */
  function search(query, revealHidden) {
    var status = document.getElementById("search-status");
    var q = query.trim().toLowerCase();
    state.matches = [];
    state.matchIndex = 0;
    state.lastQuery = q;
    state.hiddenMatches = 0;
    if (!q) {
      if (status) { status.textContent = ""; }
      drawResults([]);
      if (state.network) { state.network.unselectAll(); }
      return 0;
    }
    var found = findMatches(q);
    var shown = [];
    var hidden = [];
    found.forEach(function (m) {
      var id = graph.nodes[m[0]].id;
      if (!revealHidden && hiddenByView(id)) { hidden.push(m); } else { shown.push(m); }
    });
    state.hiddenMatches = hidden.length;
    state.ranked = shown.concat(hidden);
    state.matches = state.ranked.map(function (m) { return graph.nodes[m[0]].id; });
    var n = found.length;
    var text = n === 0 ? provenanceNote(q) || "no match" : n === 1 ? "1 match" : n + " matches";
    if (hidden.length) {
      text += " (" + hidden.length + " hidden by the view; Enter: show " + (hidden.length === 1 ? "it" : "them") + ")";
    } else if (n > 1) {
      text += " (Enter or ↓: next)";
    }
    if (status) { status.textContent = text; }
    drawResults(state.ranked);
    if (shown.length) {
      landOn(0);
    } else if (state.network) {
      state.network.unselectAll();
    }
    return n;
  }

  /** Select match number ``k``: open what holds it, select it, centre it, show it. */
  function landOn(k) {
    if (!state.network || !state.matches.length) { return; }
    var count = state.matches.length - state.hiddenMatches;
    if (count <= 0) { return; }
    state.matchIndex = ((k % count) + count) % count;
    var id = state.matches[state.matchIndex];
    var inside = innerMatch(id, state.lastQuery);
    if (inside) {
      selectInner(inside, true);
    } else {
      reveal(id);
      if (drawnSet[id]) {
        state.network.selectNodes([id]);
        state.network.focus(id, { scale: Math.max(state.network.getScale(), 0.9), animation: false });
      }
      showDetails(id);
      updateCrumbs(id);
    }
    var list = document.getElementById("search-results");
    if (list) {
      list.querySelectorAll("button[aria-current]").forEach(function (b) { b.removeAttribute("aria-current"); });
      var current = list.querySelector('button[data-rank="' + state.matchIndex + '"]');
      if (current) { current.setAttribute("aria-current", "true"); }
    }
    var position = document.getElementById("search-position");
    if (position) { position.textContent = (state.matchIndex + 1) + " of " + count; }
  }

  /** For a match that is a region found by the name of an ONNX node inside it, the id of
   *  that node in the opened region, or null: a node of exactly that name, else the first
   *  whose name holds the query when the region's own name does not (a region is named after
   *  its first and last nodes: ``{ForeignNode[A...B]}``). */
  function innerMatch(id, q) {
    var i = nodeIndex[id];
    var r = regionOf[i];
    if (!r || !q) { return null; }
    regionIndex(r);
    if (r.byName[q] !== undefined) { return innerId(i, r.byName[q]); }
    if (String(layerById[id] ? layerById[id].name : id).toLowerCase().indexOf(q) !== -1) { return null; }
    for (var k = 0; k < r.fates.length; k++) {
      if (innerName(r, k).toLowerCase().indexOf(q) !== -1) { return innerId(i, k); }
    }
    return null;
  }

  /** Step to the next (``step`` 1) or previous (-1) match among those drawn. */
  function nextMatch(step) { landOn(state.matchIndex + (step || 1)); }

  /** The result list: the first RESULTS_SHOWN matches with their label, precision and why they
   *  matched; a click lands on one. */
  function drawResults(ranked) {
    var box = document.getElementById("search-box");
    var list = document.getElementById("search-results");
    if (!list || !box) { return; }
    box.hidden = ranked.length < 2;
    var frag = document.createDocumentFragment();
    var q = state.lastQuery;
    ranked.slice(0, RESULTS_SHOWN).forEach(function (m, k) {
      var id = graph.nodes[m[0]].id;
      var li = el("li");
      var b = el("button", "result", shortLabel[id] || id);
      b.type = "button";
      b.title = visible(labelOf(id));
      b.setAttribute("data-rank", String(k));
      b.setAttribute("data-node", id);
      var layer = layerById[id];
      if (layer) { b.appendChild(el("span", "muted", " " + layer.prec + " · " + (layer.type || ""))); }
      var why = WHY[Math.floor(m[1] / 2)] || "";
      if (q && why) { b.appendChild(el("span", "why", (m[1] % 2 ? "in " : "") + why)); }
      if (k >= ranked.length - state.hiddenMatches) { b.appendChild(el("span", "why", "hidden")); }
      b.addEventListener("click", function () {
        if (k >= ranked.length - state.hiddenMatches) {
          search(state.lastQuery, true);
          return;
        }
        landOn(k);
      });
      li.appendChild(b);
      frag.appendChild(li);
    });
    if (ranked.length > RESULTS_SHOWN) {
      frag.appendChild(el("li", "muted", "and " + (ranked.length - RESULTS_SHOWN) + " more; narrow the search"));
    }
    list.replaceChildren(frag);
  }
