  /* ---------------------------------------------------------------- tables */

  var tables = {};
  var PAGE_ROWS = 100;  /* rows drawn per page; sorting and filtering work on all of them */

  /** A sortable, filterable, paged table whose rows (made by ``make``, on first use) are
   *  drawn from the data when first shown, one page at a time. */
  function tableSpec(id, make, count) {
    var table = document.getElementById(id);
    if (!table) { return; }
    var spec = {
      table: table, make: make, rows: null, count: count, key: null, dir: 1, filter: "",
      extra: null, extraLabel: null, drawn: false, shown: count, page: 0, order: null
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
        spec.page = 0;
        table.tHead.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", spec.dir > 0 ? "ascending" : "descending");
        drawTable(spec);
      });
    });
    var pager = el("div", "pager");
    pager.setAttribute("data-table", id);
    pager.hidden = true;
    var back = el("button", "pager-prev", "← previous");
    back.type = "button";
    var where = el("span", "pager-status");
    var forth = el("button", "pager-next", "next →");
    forth.type = "button";
    back.addEventListener("click", function () { spec.page -= 1; drawTable(spec); });
    forth.addEventListener("click", function () { spec.page += 1; drawTable(spec); });
    pager.appendChild(back);
    pager.appendChild(where);
    pager.appendChild(forth);
    table.after(pager);
    spec.pager = pager;
    printNote(spec);
    var holder = document.querySelector('details[data-table="' + id + '"]');
    if (!holder || holder.open) {
      drawTable(spec);
    } else {
      holder.addEventListener("toggle", function () { if (holder.open && !spec.drawn) { drawTable(spec); } });
    }
  }

  function rowsOf(spec) {
    if (spec.rows === null) { spec.rows = spec.make(); }
    return spec.rows;
  }

  /** Filter and sort all rows, then draw one page of them (all of them while printing). */
  function drawTable(spec) {
    spec.drawn = true;
    var rows = rowsOf(spec);
    var shown = rows.filter(function (r) {
      return (!spec.filter || r.text.indexOf(spec.filter) !== -1) && (!spec.extra || spec.extra(r));
    });
    if (spec.key) {
      var key = spec.key;
      var dir = spec.dir;
      shown.sort(function (a, b) {
        var x = a.sort[key], y = b.sort[key];
        if (x === y) { return a.order - b.order; }
        if (x === undefined || x === null || x === "") { return 1; }
        if (y === undefined || y === null || y === "") { return -1; }
        return (x < y ? -1 : 1) * dir;
      });
    }
    var size = printing ? Infinity : PAGE_ROWS;
    var pages = Math.max(1, Math.ceil(shown.length / PAGE_ROWS));
    spec.page = Math.min(Math.max(spec.page, 0), pages - 1);
    var first = printing ? 0 : spec.page * PAGE_ROWS;
    var body = document.createDocumentFragment();
    shown.slice(first, first + size).forEach(function (r) {
      if (!r.tr) { r.tr = r.build(); }
      body.appendChild(r.tr);
    });
    spec.table.tBodies[0].replaceChildren(body);
    spec.shown = shown.length;
    var paged = !printing && shown.length > PAGE_ROWS;
    spec.pager.hidden = !paged;
    if (paged) {
      spec.pager.querySelector(".pager-status").textContent = "rows " + (first + 1) + "–" + Math.min(first + PAGE_ROWS, shown.length) + " of " + shown.length;
      spec.pager.querySelector(".pager-prev").disabled = spec.page === 0;
      spec.pager.querySelector(".pager-next").disabled = spec.page >= pages - 1;
    }
    var status = document.querySelector('.table-status[data-table="' + spec.table.id + '"]');
    if (status) {
      status.textContent = shown.length === rows.length ? rows.length + " rows" : shown.length + " of " + rows.length + " rows";
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

  /** The fates table's rows: light objects (a large model has hundreds of thousands of ONNX
   *  nodes) whose filter text and sort keys are made on first use; names sort by their index
   *  in the sorted name tables. */
  function fateRows() {
    var rows = new Array(data.fates.length);
    for (var i = 0; i < rows.length; i++) { rows[i] = new FateRow(i); }
    return rows;
  }

  /** One ONNX node's fate, with the data's trailing empty values put back. */
  function fateFields(i) {
    var row = data.fates[i];
    return [row[0] || 0, row[1] || 0, row[2] || 0, row[3] || "", passName(row[4]), row[5] || "", row[6] || 0];
  }

  function FateRow(i) {
    this.order = i;
    this.fate = data.fate_names[data.fates[i][2] || 0];
  }
  FateRow.prototype = {
    get text() {
      if (this.cachedText === undefined) {
        var f = fateFields(this.order);
        var layer = f[3] ? layerById[f[3]] : null;
        this.cachedText = [data.onnx_names[f[0]], data.op_types[f[1]], this.fate, layer ? layer.name : f[5], f[4], f[5]].join("\n").toLowerCase();
      }
      return this.cachedText;
    },
    get sort() {
      if (this.cachedSort === undefined) {
        var f = fateFields(this.order);
        var layer = f[3] ? layerById[f[3]] : null;
        this.cachedSort = { node: f[0], op: f[1], fate: this.fate, where: layer ? layer.name : f[5], pass: f[4], line: f[6] };
      }
      return this.cachedSort;
    },
    build: function () {
      var f = fateFields(this.order);
      var fate = this.fate;
      var layer = f[3] ? layerById[f[3]] : null;
      var tr = el("tr", "fate-" + fate);
      tr.appendChild(el("td", "name mono", data.onnx_names[f[0]]));
      tr.appendChild(el("td", null, data.op_types[f[1]]));
      tr.appendChild(el("td", null, data.fate_labels[f[2]]));
      var whereCell = el("td", "name");
      if (layer) {
        whereCell.appendChild(nodeLink(layer.id, clip(layer.name, 120)));
        if (f[5] && fate === "duplicate") { whereCell.appendChild(el("span", "muted", " (duplicate of " + f[5] + ")")); }
        var inside = fate === "myelin" ? innerOfRow(this.order) : null;
        if (inside) {
          whereCell.appendChild(document.createTextNode(" "));
          whereCell.appendChild(nodeLink(inside, "(show it inside the region)"));
        }
      } else if (f[5]) {
        whereCell.textContent = visible((fate === "duplicate" ? "duplicate of " : "") + f[5]);
      }
      provenanceRow(tr, whereCell, this.order, fate);
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


