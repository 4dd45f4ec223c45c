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
