  /* ---------------------------------------------------------------- pass events */

  var eventsBySection = data.passes.map(function () { return []; });
  for (var si = 0; si < passEvents.count; si++) { eventsBySection[passEvents.section(si)].push(si); }
  var eventFilter = "";
  /** Per event, the lower-case text the event filter searches (its message, kind and layer
   *  name); built once, on the first filtering, not on every keystroke. */
  var eventSearchText = null;
  function eventHaystack(i) {
    if (eventSearchText === null) {
      eventSearchText = new Array(passEvents.count);
      for (var k = 0; k < passEvents.count; k++) {
        var e = passEvents.row(k);
        var layer = e[4] && layerById[e[4]] ? layerById[e[4]].name : "";
        eventSearchText[k] = (eventText(e) + "\n" + eventKind(e) + "\n" + layer).toLowerCase();
      }
    }
    return eventSearchText[i];
  }

  function eventItem(i) {
    var event = passEvents.row(i);
    var li = el("li", "event");
    li.appendChild(el("span", "line-no", String(event[1])));
    li.appendChild(el("span", "kind kind-" + eventKind(event).replace(/[^a-z-]/g, ""), eventKind(event)));
    li.appendChild(el("span", "event-text", eventText(event)));
    if (eventLayer(event)) {
      var link = nodeLink(event[4], "→ " + (shortLabel[event[4]] || event[4]));
      link.classList.add("event-layer");
      li.appendChild(link);
    } else {
      li.appendChild(el("span", "event-none", "in no engine layer"));
    }
    return li;
  }

  /** Passes whose "Show all" was pressed (reset when the event filter changes). */
  var eventsExpanded = {};
  /** True between beforeprint and afterprint. */
  var printing = false;

  /** How many events of a pass to draw: all once expanded, else the filter's cap, else a
   *  preview (a longer one while printing, so that printing stays fast on large logs). */
  function eventLimit(section) {
    if (eventsExpanded[section]) { return Infinity; }
    if (eventFilter) { return EVENT_FILTER_CAP; }
    return printing ? PRINT_EVENTS : EVENT_PREVIEW;
  }

  /** Draw one pass's event list: a preview, everything, or the filter's matches. */
  function drawEvents(section) {
    var list = document.querySelector('ol.events[data-pass="' + section + '"]');
    var more = document.querySelector('button.more-events[data-pass="' + section + '"]');
    var note = document.querySelector('p.print-note[data-pass="' + section + '"]');
    var article = document.querySelector('article.pass[data-pass="' + section + '"]');
    if (!list) { return { matched: 0, shown: 0 }; }
    var ids = eventsBySection[section];
    if (eventFilter) {
      ids = ids.filter(function (i) { return eventHaystack(i).indexOf(eventFilter) !== -1; });
    }
    var limit = eventLimit(section);
    var shown = Math.min(limit, ids.length);
    var frag = document.createDocumentFragment();
    ids.slice(0, shown).forEach(function (i) { frag.appendChild(eventItem(i)); });
    list.replaceChildren(frag);
    list.setAttribute("data-shown", String(shown));
    if (more) {
      more.hidden = ids.length <= limit;
      more.textContent = eventFilter
        ? shown + " of " + ids.length + " matching events shown: show all"
        : "Show all " + ids.length + " events";
    }
    if (note) {
      // Shown in print only, where the button is not.
      var rest = ids.length - shown;
      note.textContent = rest > 0
        ? rest + " more " + (eventFilter ? "matching " : "") + "event" + (rest === 1 ? "" : "s") +
          " in the interactive view"
        : "";
    }
    if (article) { article.hidden = !!eventFilter && ids.length === 0; }
    return { matched: ids.length, shown: shown };
  }

  function drawAllEvents() {
    var matched = 0;
    var shown = 0;
    var passes = 0;
    data.passes.forEach(function (p, section) {
      var n = drawEvents(section);
      matched += n.matched;
      shown += n.shown;
      if (n.matched) { passes += 1; }
    });
    var status = document.getElementById("event-filter-status");
    if (status) {
      var text = "";
      if (eventFilter) {
        text = matched + " event" + (matched === 1 ? "" : "s") + " in " + passes + " pass" + (passes === 1 ? "" : "es") + " match";
        if (shown < matched) {
          text += "; " + shown + " of " + matched + " shown (at most " + EVENT_FILTER_CAP + " per pass)";
        }
      }
      status.textContent = text;
    }
  }

