// Filtering for the overview page's tables (vbassist/overview/html.py); sorting is the check report's
// script (vbassist/data/report/report.js), inlined before this one. No library, works from file://.
(function () {
  "use strict";

  function filter(table, query, counter) {
    var words = query.toLocaleLowerCase("sv").split(/\s+/).filter(Boolean);
    var shown = 0, rows = table.tBodies[0].rows;
    Array.prototype.forEach.call(rows, function (row) {
      var text = row.textContent.toLocaleLowerCase("sv");
      var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    counter.textContent = "visar " + shown + " av " + rows.length + " rader";
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var input = document.querySelector('input[data-table="' + table.id + '"]');
    var counter = document.querySelector('[data-shown="' + table.id + '"]');
    if (input && counter) {
      input.addEventListener("input", function () { filter(table, input.value, counter); });
      filter(table, input.value, counter);
    }
  });
})();
