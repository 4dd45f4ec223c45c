  /* ---------------------------------------------------------------- wiring */

  var t0 = performance.now();
  timed("draw", draw);
  timed("events", drawAllEvents);
  timed("tables", function () {
    tableSpec("layers-table", layerRows, data.layers.length);
    tableSpec("tactics-table", tacticRows, data.layers.filter(function (l) { return l.tune; }).length);
    tableSpec("fates-table", fateRows, data.fates.length);
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
        spec.page = 0;
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
      var same = searchBox.value.trim().toLowerCase() === state.lastQuery;
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        if (same && state.hiddenMatches) {
          search(searchBox.value, true);  // the explicit request to show hidden matches
        } else if (same && state.matches.length) {
          nextMatch(event.shiftKey ? -1 : 1);
        } else {
          search(searchBox.value);
        }
      } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && same && state.matches.length) {
        event.preventDefault();
        nextMatch(event.key === "ArrowDown" ? 1 : -1);
      }
    });
  }
  [["search-next", 1], ["search-prev", -1]].forEach(function (pair) {
    var b = document.getElementById(pair[0]);
    if (b) { b.addEventListener("click", function () { nextMatch(pair[1]); }); }
  });
  var fit = document.getElementById("graph-fit");
  if (fit) { fit.addEventListener("click", overview); }
  var openAll = document.getElementById("graph-expand-all");
  if (openAll) { openAll.addEventListener("click", function () { expandAll(true); }); }
  var focusClear = document.getElementById("focus-clear");
  if (focusClear) { focusClear.addEventListener("click", clearFocus); }

  [["toggle-constants", "hideConstants"], ["toggle-reformats", "hideReformats"],
    ["toggle-myelin", "collapseMyelin"]].forEach(function (pair) {
    var box = document.getElementById(pair[0]);
    if (!box) { return; }
    box.checked = false;
    box.addEventListener("change", function () {
      view[pair[1]] = box.checked;
      if (pair[1] === "collapseMyelin" && !box.checked) {
        tree.forEach(function (g, gi) { if (g.kind === "myelin") { open[gi] = true; } });
      }
      applyView(true);
    });
  });
  var viewSelect = document.getElementById("graph-view");
  if (viewSelect) {
    if (!hasChanges) {
      var changesOption = viewSelect.querySelector('option[value="changes"]');
      if (changesOption) { changesOption.remove(); }
    } else {
      buildChangesLegend();
    }
    viewSelect.value = "precision";
    viewSelect.addEventListener("change", function () { setMode(viewSelect.value); });
  }
  document.querySelectorAll("button[data-highlight]").forEach(function (b) {
    b.addEventListener("click", function () {
      setHighlight(b.getAttribute("data-highlight"), b.getAttribute("data-value"));
    });
  });

  /** Color the graph by precision, layer type, time share or change; a highlight of another
   *  view is cleared. */
  function setMode(mode) {
    var modes = { precision: "precision", type: "type", time: "time", changes: "changes" };
    if (!modes[mode] || (mode === "changes" && !hasChanges)) { return false; }
    view.mode = mode;
    if (view.highlight && view.highlight.kind !== { precision: "precision", type: "type", time: "time", changes: "change" }[mode]) { view.highlight = null; }
    if (viewSelect) { viewSelect.value = mode; }
    applyView(true);
    return true;
  }

  /** The Changes legend, from the statuses the nodes carry (only when some do). */
  function buildChangesLegend() {
    var list = document.getElementById("legend-changes");
    if (!list) { return; }
    var counts = {};
    graph.nodes.forEach(function (n) { if (n.change) { counts[n.change] = (counts[n.change] || 0) + 1; } });
    Object.keys(counts).sort().forEach(function (status) {
      var li = el("li");
      var b = el("button", "legend-entry");
      b.type = "button";
      b.setAttribute("data-highlight", "change");
      b.setAttribute("data-value", status);
      b.setAttribute("aria-pressed", "false");
      var swatch = el("span", "swatch");
      swatch.style.background = groupColor(groups["c:" + status] ? "c:" + status : "c:other");
      b.appendChild(swatch);
      b.appendChild(document.createTextNode(visible(status) + " "));
      b.appendChild(el("span", "count", String(counts[status])));
      li.appendChild(b);
      list.appendChild(li);
    });
  }

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
    // The comparison's button shows the graph by change since the baseline, with the groups
    // that hold changed layers opened and those layers selected and framed.
    if (target.closest("button[data-changes]")) {
      if (setMode("changes")) {
        selectMany(graph.nodes.filter(function (n) { return !!n.change; }).map(function (n) { return n.id; }));
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
    nodeLabel: function (id) {
      var item = state.nodes ? state.nodes.get(id) : null;
      return item ? item.label : null;
    },
    expand: function (id) {
      if (isGroupId(id)) { return expandGroup(+id.slice(2)); }
      return nodeIndex[id] !== undefined && openTo(nodeIndex[id]) ? (applyView(true), true) : false;
    },
    collapse: function (id) { return isGroupId(id) ? collapseGroup(+id.slice(2)) : false; },
    expandAll: function () { expandAll(true); return drawnIds.length; },
    overview: function () { overview(); return drawnIds.length; },
    groupOf: function (id) {
      var i = nodeIndex[id];
      return i === undefined ? null : groupId(parentOfNode[i]);
    },
    shownAs: function (id) { return nodeIndex[id] === undefined ? null : drawnAs(id); },
    openRegion: function (id) { return nodeIndex[id] !== undefined && expandRegion(nodeIndex[id]); },
    closeRegion: function (id) { return nodeIndex[id] !== undefined && collapseRegion(nodeIndex[id]); },
    /** A region's counts and, when open, the ONNX nodes drawn and the edges that cross its
     *  boundary (``[from, to, exact]``) and join its nodes. */
    regionInfo: function (id) {
      var i = nodeIndex[id];
      var r = regionOf[i];
      if (!r) { return null; }
      var info = regionCounts(r);
      info.open = !!placedRegions[i];
      info.shown = drawnIds.filter(function (d) { var p = parseInner(d); return p && p.i === i; }).length;
      info.boundary = [];
      info.inner = 0;
      info.ms = state.lastRegionMs;
      if (state.edges) {
        state.edges.forEach(function (e) {
          var a = parseInner(e.from);
          var b = parseInner(e.to);
          var mine = (a && a.i === i) || (b && b.i === i);
          if (!mine) { return; }
          if (a && b) { info.inner += 1; } else { info.boundary.push([e.from, e.to, !e.dashes]); }
        });
      }
      return info;
    },
    groupInfo: function (id) {
      if (!isGroupId(id)) { return null; }
      var g = tree[+id.slice(2)];
      return { kind: g.kind, label: groupTitle(g), count: g.count, share: g.share, precisions: Object.assign({}, g.precs), open: !!open[+id.slice(2)] };
    },
    highlight: function (kind, value) { return setHighlight(kind, value); },
    highlighted: function () { return highlightedIds(); },
    dimmed: function () { return state.nodes ? state.nodes.getIds({ filter: function (n) { return n.group === "dim"; } }).sort() : []; },
    view: function (mode) { return mode === undefined ? view.mode : setMode(mode); },
    results: function () { return state.matches.slice(); },
    next: function () { nextMatch(1); return state.network ? state.network.getSelectedNodes().slice() : []; },
    previous: function () { nextMatch(-1); return state.network ? state.network.getSelectedNodes().slice() : []; },
    filterEvents: function (text) {
      if (eventBox) { eventBox.value = String(text); }
      eventFilter = String(text).trim().toLowerCase();
      eventsExpanded = {};
      drawAllEvents();
      return document.querySelectorAll("ol.events li").length;
    },
    openTable: function (id) {
      var spec = tables[id];
      if (!spec) { return -1; }
      var holder = document.querySelector('details[data-table="' + id + '"]');
      if (holder) { holder.open = true; }
      if (!spec.drawn) { drawTable(spec); }
      return spec.table.tBodies[0].rows.length;
    },
    sortTable: function (id, key) {
      var th = document.querySelector("#" + id + ' th[data-key="' + key + '"] button');
      if (th) { th.click(); }
      return tables[id] ? tables[id].table.tBodies[0].rows.length : -1;
    },
    filterTable: function (id, text) {
      var spec = tables[id];
      if (!spec) { return -1; }
      spec.filterText = String(text);
      spec.filter = spec.filterText.toLowerCase();
      spec.page = 0;
      drawTable(spec);
      return spec.shown;
    },
    nodePosition: function (id) {
      if (!state.network) { return null; }
      var p = state.network.getPositions([id])[id];
      return p ? state.network.canvasToDOM(p) : null;
    }
  });
  }

  loadData(start);
})();
