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
    eventsByLayer[layer.id].forEach(function (i) {
      var section = passEvents.section(i);
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
        var event = passEvents.row(i);
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
    var group = isGroupId(id) ? tree[+id.slice(2)] : null;
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
    if (group) { return "Selected group " + clip(groupTitle(group), 100) + ": " + count(group.count, "layer"); }
    var inner = parseInner(id);
    if (inner) {
      return "Selected ONNX node " + clip(innerName(inner.region, inner.k), 100) + " (" + innerOp(inner.region, inner.k) +
        ") inside the Myelin region " + clip(labelOf(graph.nodes[inner.i].id), 100);
    }
    return "Selected " + clip(id, 100);
  }

  /** A bar of a layer's share of the engine's time, against the largest layer's share. */
  function timeBar(share) {
    var most = 0;
    data.layers.forEach(function (l) { if (l.share !== undefined && l.share > most) { most = l.share; } });
    var bar = el("span", "time-bar");
    bar.setAttribute("role", "img");
    bar.setAttribute("aria-label", share.toFixed(2) + " % of the time; the largest layer takes " + most.toFixed(2) + " %");
    var fill = el("span", "time-fill s-" + timeBin(share));
    fill.style.width = (most > 0 ? Math.max(1, Math.round(100 * share / most)) : 0) + "%";
    bar.appendChild(fill);
    return bar;
  }

  /** Fill the details panel for one node. */
  function showDetails(id) {
    if (!panel) { return; }
    var status = document.getElementById("details-status");
    if (status) { status.textContent = visible(detailsSummary(id)); }
    panel.replaceChildren();
    var layer = layerById[id];
    var binding = data.bindings[id];
    var group = isGroupId(id) ? tree[+id.slice(2)] : null;
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
      if (data.change_notes && data.change_notes[id]) { row(dl, "Since the baseline", data.change_notes[id]); }
      if (layer.parts) { row(dl, "Mixes", layer.parts.join(", ")); }
      row(dl, "Kernel", kernelOf(layer), "mono");
      row(dl, "Tactic", layer.tactic || "", "mono");
      if (layer.time !== undefined) {
        var share = layer.share !== undefined ? " (" + layer.share.toFixed(2) + " % of total)" : "";
        row(dl, "Time", layer.time.toFixed(4) + " ms" + share);
        if (layer.share !== undefined) { row(dl, "Share", timeBar(layer.share)); }
      }
      row(dl, "Device", layer.device || "");
      row(dl, "Origin", layer.origin || "");
      row(dl, "Log line", layer.line ? String(layer.line) : "");
      panel.appendChild(dl);
      if (regionOf[nodeIndex[id]]) { panel.appendChild(regionButton(nodeIndex[id])); }
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
      if (eventsByLayer[id]) {
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
    } else if (parseInner(id)) {
      innerDetails(parseInner(id), dl);
    } else if (binding) {
      panel.appendChild(el("h3", "node-name", binding.name));
      row(dl, "Binding", "#" + binding.index + ", " + binding.direction);
      var type = el("span");
      type.appendChild(badge(binding.dtype));
      row(dl, "Type", type);
      row(dl, "Shape", shapeText(binding.shape));
      panel.appendChild(dl);
    } else if (group) {
      panel.appendChild(el("h3", "node-name", groupTitle(group)));
      row(dl, "Group", group.kind === "myelin" ? "Myelin region" : group.kind === "part" ? "part of a long group (engine order)" : "ONNX name prefix");
      row(dl, "Layers", String(group.count));
      row(dl, "Precisions", precisionMix(group));
      if (group.timed) { row(dl, "Time", group.share.toFixed(2) + " % of the engine's time"); }
      panel.appendChild(dl);
      var number = +id.slice(2);
      var openIt = el("button", null, open[number] ? "Close this group" : "Open this group");
      openIt.type = "button";
      openIt.addEventListener("click", function () {
        if (open[number]) { collapseGroup(number); } else { expandGroup(number); }
        showDetails(id);
      });
      panel.appendChild(openIt);
      panel.appendChild(el("h4", null, "Layers in it" + (group.members.length > 50 ? " (first 50)" : "")));
      var members = el("ul");
      group.members.slice(0, 50).forEach(function (m) {
        var li = el("li");
        li.appendChild(nodeLink(graph.nodes[m].id, clip(shortLabel[graph.nodes[m].id], 90)));
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

  /** The button that opens (closes) a region in the graph. */
  function regionButton(i) {
    var r = regionOf[i];
    var n = regionCounts(r);
    var text = r.open && placedRegions[i] ? "Close the region (back to one node)" :
      "Open the region in the graph: " + (n.capped ? "its first " + n.drawn + " of " + n.others : "its " + n.drawn) + " ONNX nodes";
    var b = el("button", "region-toggle", text);
    b.type = "button";
    b.id = "region-toggle";
    b.addEventListener("click", function () {
      var id = graph.nodes[i].id;
      if (r.open && placedRegions[i]) { collapseRegion(i); } else { expandRegion(i); }
      showDetails(id);
      updateCrumbs(id);
    });
    return b;
  }

  /** The details of an ONNX node drawn inside an open region. */
  function innerDetails(inner, dl) {
    var r = regionIndex(inner.region);
    var k = inner.k;
    var f = innerFate(r, k);
    var regionId = graph.nodes[inner.i].id;
    panel.appendChild(el("h3", "node-name", innerName(r, k)));
    row(dl, "ONNX node", innerOp(r, k));
    row(dl, "Inside", nodeLink(regionId, clip(labelOf(regionId), 90)));
    var prec = el("span");
    prec.appendChild(badge(layerById[regionId].prec));
    prec.appendChild(el("span", "muted", " the region's precision (Myelin does not report its nodes' own)"));
    row(dl, "Runs in", prec);
    var detail = fateDetail(r.fates[k]);
    row(dl, "Fate", data.fate_labels[f[2] || 0] + (detail ? ": " + detail : ""));
    if (f[6]) { row(dl, "Log line", String(f[6])); }
    var written = tensorsWritten(r.fates[k]);
    if (written.length) { row(dl, "Writes", written.join(", "), "mono"); }
    panel.appendChild(dl);
    panel.appendChild(regionButton(inner.i));
    [["Fed by (inside the region)", r.pred[k]], ["Feeds (inside the region)", r.succ[k]]].forEach(function (pair) {
      if (!pair[1].length) { return; }
      panel.appendChild(el("h4", null, pair[0]));
      panel.appendChild(neighbourList(pair[1].map(function (m) { return innerId(inner.i, m); })));
    });
  }

  /** Select an ONNX node inside a region: open the region, select, centre, show it. */
  function selectInner(id, focus) {
    var inner = parseInner(id);
    if (!inner || !state.network) { return false; }
    if (!placedRegions[inner.i]) { expandRegion(inner.i); }
    if (drawnSet[id]) {
      state.network.selectNodes([id]);
      if (focus) { state.network.focus(id, { scale: Math.max(state.network.getScale(), 0.9), animation: false }); }
    }
    showDetails(id);
    updateCrumbs(id);
    return true;
  }

  /** Select a node as a click does: open what holds it, select it, show its details,
   *  optionally center it. */
  function selectNode(id, focus) {
    if (parseInner(id)) { return selectInner(id, focus); }
    if (!state.network || nodeIndex[id] === undefined) { return false; }
    reveal(id);
    if (drawnSet[id]) { state.network.selectNodes([id]); }
    if (focus && drawnSet[id]) {
      state.network.focus(id, { scale: Math.max(state.network.getScale(), 0.9), animation: false });
    }
    showDetails(id);
    updateCrumbs(id);
    return true;
  }

  /** Select several nodes (a finding's layers) and frame them. */
  function selectMany(ids) {
    if (!state.network) { return []; }
    var known = ids.filter(function (id) { return nodeIndex[id] !== undefined; });
    if (!known.length) { return []; }
    if (view.focus) { view.focus = null; }
    known.forEach(function (id) {
      openTo(nodeIndex[id]);
      if (toggledOff(id)) { reveal(id); }
    });
    applyView(true);
    var shown = known.filter(function (id) { return drawnSet[id]; });
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
