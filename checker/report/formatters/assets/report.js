// checker's HTML report: selection, the other side, filters and keyboard navigation. Reads only
// the page itself; never inserts text as HTML (it moves and clones elements the report escaped).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var docs = Array.prototype.slice.call(document.querySelectorAll("#here .doc"));
  var filters = document.getElementById("filters");
  var position = document.getElementById("position");
  var thereFacts = document.getElementById("there-facts");
  var thereDoc = document.getElementById("there-doc");
  var current = null;

  function ids(value) { return value ? value.split(" ") : []; }
  function marksOf(root, role, id) {
    return Array.prototype.filter.call(root.querySelectorAll("mark[data-" + role + "]"), function (m) {
      return ids(m.getAttribute("data-" + role)).indexOf(id) >= 0;
    });
  }
  function visible() { return cards.filter(function (c) { return !c.hidden; }); }
  function showDoc(doc) {
    docs.forEach(function (d) { d.classList.toggle("shown", d.getAttribute("data-doc") === String(doc)); });
  }
  function updatePosition() {
    var shown = visible();
    var at = current ? shown.indexOf(current) : -1;
    position.textContent = at >= 0 ? "Finding " + (at + 1) + " of " + shown.length
      : shown.length + (shown.length === 1 ? " finding" : " findings");
  }
  function clearSelection() {
    if (current) { current.classList.remove("selected"); }
    current = null;
    document.querySelectorAll("#here mark.active").forEach(function (m) { m.classList.remove("active"); });
    thereFacts.replaceChildren();
    thereDoc.replaceChildren();
  }
  function select(card, focus) {
    clearSelection();
    current = card;
    card.classList.add("selected");
    var id = card.getAttribute("data-finding");
    var doc = card.getAttribute("data-doc");
    showDoc(doc);
    var flagged = marksOf(document.getElementById("doc-" + doc), "flag", id);
    flagged.forEach(function (m) { m.classList.add("active"); });
    card.querySelectorAll(".side.fact").forEach(function (fact) { thereFacts.appendChild(fact.cloneNode(true)); });
    var evidence = [];
    var evDoc = card.getAttribute("data-ev-doc");
    if (evDoc !== null) {
      var copy = document.getElementById("doc-" + evDoc).cloneNode(true);
      copy.removeAttribute("id");
      copy.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
      thereDoc.appendChild(copy);
      evidence = marksOf(copy, "ev", id);
      evidence.forEach(function (m) { m.classList.add("active"); });
    }
    if (flagged.length) { flagged[0].scrollIntoView({ block: "center" }); }
    if (evidence.length) { evidence[0].scrollIntoView({ block: "center" }); } else { thereDoc.scrollTop = 0; }
    card.scrollIntoView({ block: "nearest" });
    if (focus) { card.focus({ preventScroll: true }); }
    updatePosition();
  }
  function step(delta) {
    var shown = visible();
    if (!shown.length) { return; }
    var at = current ? shown.indexOf(current) : -1;
    var next = at < 0 ? (delta > 0 ? 0 : shown.length - 1) : (at + delta + shown.length) % shown.length;
    select(shown[next], true);
  }
  function applyFilters() {
    var severities = Array.prototype.map.call(
      filters.querySelectorAll("input[name=severity]:checked"), function (i) { return i.value; });
    var rule = filters.querySelector("select[name=rule]").value;
    var on = {};
    cards.forEach(function (c) {
      var keep = severities.indexOf(c.getAttribute("data-severity")) >= 0 &&
        (!rule || c.getAttribute("data-rule") === rule);
      c.hidden = !keep;
      if (keep) { on[c.getAttribute("data-finding")] = true; }
    });
    document.querySelectorAll("#here mark").forEach(function (m) {
      var all = ids(m.getAttribute("data-flag")).concat(ids(m.getAttribute("data-ev")));
      m.classList.toggle("off", !all.some(function (i) { return on[i]; }));
    });
    if (current && current.hidden) { clearSelection(); }
    updatePosition();
  }

  cards.forEach(function (card) {
    card.addEventListener("click", function (event) {
      if (event.target.closest("a, summary")) { return; }
      select(card, true);
    });
    card.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target === card) { select(card, true); }
    });
  });
  document.querySelectorAll(".doc-link").forEach(function (button) {
    button.addEventListener("click", function () { clearSelection(); showDoc(button.getAttribute("data-doc")); });
  });
  document.getElementById("here").addEventListener("click", function (event) {
    var mark = event.target.closest("mark[data-flag]");
    if (!mark) { return; }
    var card = document.getElementById("finding-" + ids(mark.getAttribute("data-flag"))[0]);
    if (card && !card.hidden) { select(card, true); }
  });
  filters.addEventListener("change", applyFilters);
  document.getElementById("next").addEventListener("click", function () { step(1); });
  document.getElementById("previous").addEventListener("click", function () { step(-1); });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest("input, select, textarea")) { return; }
    if (event.key === "j" || event.key === "n") { step(1); event.preventDefault(); }
    if (event.key === "k" || event.key === "p") { step(-1); event.preventDefault(); }
  });

  var wanted = /^#finding-\d+$/.test(location.hash) ? document.getElementById(location.hash.slice(1)) : null;
  if (wanted) { select(wanted, true); } else if (cards.length) { select(cards[0], false); } else if (docs.length) {
    showDoc(docs[0].getAttribute("data-doc"));
  }
  applyFilters();
})();
