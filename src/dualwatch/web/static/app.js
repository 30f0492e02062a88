// dualwatch web pages: small progressive enhancement. Every page works without this script.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" ||
                  el.tagName === "SELECT" || el.isContentEditable);
  }
  // Filters apply as soon as a select changes.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
  });
  // Rows of navigable tables: click or Enter opens; j/k move the selection.
  var rows = Array.prototype.slice.call(document.querySelectorAll("table[data-nav] tbody tr[data-href]"));
  rows.forEach(function (row) {
    row.tabIndex = 0;
    row.addEventListener("click", function (ev) {
      if (ev.target.closest("a, button, input, select")) { return; }
      window.location = row.dataset.href;
    });
    row.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { window.location = row.dataset.href; }
    });
  });
  function move(step) {
    if (!rows.length) { return; }
    var at = rows.indexOf(document.activeElement);
    var next = rows[Math.max(0, Math.min(rows.length - 1, at < 0 ? 0 : at + step))];
    rows.forEach(function (r) { r.classList.remove("selected"); });
    next.classList.add("selected");
    next.focus();
  }
  var decision = document.getElementById("decision-form");
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(document.activeElement)) { return; }
    if (ev.key === "j") { move(1); ev.preventDefault(); }
    else if (ev.key === "k") { move(-1); ev.preventDefault(); }
    else if (ev.key === "/") {
      var first = document.querySelector("form[role=search] input, form[role=search] select");
      if (first) { first.focus(); ev.preventDefault(); }
    } else if (ev.key === "?") {
      window.alert("Keys: / filter · j/k move in a list · Enter open · r write the reason · " +
                   "1-5 decide (after writing a reason)");
    } else if (decision && ev.key === "r") {
      document.getElementById("reason").focus(); ev.preventDefault();
    } else if (decision && /^[1-9]$/.test(ev.key)) {
      var button = decision.querySelector("button[data-key='" + ev.key + "']");
      if (button) { button.focus(); }
    }
  });
  // Decision buttons: say which decision the reason is for, and never send twice.
  if (decision) {
    decision.addEventListener("submit", function (ev) {
      if (decision.dataset.sent) { ev.preventDefault(); return; }
      decision.dataset.sent = "1";
    });
  }
})();
