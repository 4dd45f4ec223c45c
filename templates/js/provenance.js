  /* ------------------------------------------------ provenance: ONNX nodes and tensors */

  /** The provenance block of the data (Python's ``ProvenanceData``): fate sentences, ONNX
   *  tensors by producer, Myelin regions by op type, and the layout of each layer's ONNX
   *  subgraph drawing. */
  var prov = data.provenance || { detail_texts: [], details: [], tensors: [], regions: {}, subgraphs: {} };
  function fateDetail(row) { return prov.detail_texts[prov.details[row] || 0] || ""; }
  var fateRowByName = {};
  data.fates.forEach(function (f, i) { fateRowByName[data.onnx_names[f[0] || 0].toLowerCase()] = i; });
  var tensorRow = {};
  /** Per node id, the ONNX tensors whose producer it holds (the search finds them there). */
  var tensorsByHolder = {};
  prov.tensors.forEach(function (t) {
    tensorRow[t[0].toLowerCase()] = t[1];
    var holder = data.fates[t[1]][3];
    if (holder) { (tensorsByHolder[holder] = tensorsByHolder[holder] || []).push(t[0].toLowerCase()); }
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
