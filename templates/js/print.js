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
      if (spec && !d.open && spec.count > PRINT_TABLE_ROWS) { return; }
      d.open = true;
    });
    Object.keys(tables).forEach(function (id) {
      var spec = tables[id];
      var holder = document.querySelector('details[data-table="' + id + '"]');
      var text = "";
      if (holder && !holder.open) {
        text = "Not printed: the " + spec.count + " rows of the table below (open it in the interactive view before printing to include them).";
      } else {
        // The toggle event that draws a table on opening comes too late for the print.
        drawTable(spec);
        if (spec.shown < spec.count) {
          text = "Printed below: the " + spec.shown + " of " + spec.count + " rows that match the filter";
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
    Object.keys(tables).forEach(function (id) {
      printNote(tables[id]).textContent = "";
      if (tables[id].drawn) { drawTable(tables[id]); }  // back to one page
    });
    if (!eventFilter) { drawAllEvents(); }
    printSaved = null;
  }

