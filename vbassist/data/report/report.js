// The HTML check report (vbassist/reports/html.py): sortable tables, filters for the list of findings,
// and printing the summary alone. Inlined into the page: no network, no libraries. The page is complete
// without it (mail clients drop scripts): this only adds ways to look at what is there.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function sortKey(cell) {
    var key = cell.getAttribute("data-sort");
    return key !== null ? key : cell.textContent.trim();
  }
  function asNumber(text) {
    var clean = text.replace(/[\s\u00a0\u202f]/g, "").replace("−", "-").replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(clean) ? parseFloat(clean) : null;
  }
  function compare(a, b) {
    var x = asNumber(a), y = asNumber(b);
    if (x !== null && y !== null) return x - y;
    return a.localeCompare(b, "sv", { sensitivity: "base", numeric: true });
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.title = "Sortera efter " + th.textContent.toLowerCase();
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var order = compare(sortKey(r1.cells[column]), sortKey(r2.cells[column]));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);

  var form = document.getElementById("filter");
  var table = document.getElementById("findings");
  if (form && table) {
    var count = form.querySelector(".count");
    var apply = function () {
      var text = form.elements.q.value.trim().toLowerCase();
      var wanted = { severity: form.elements.severity.value, category: form.elements.category.value,
                     unit: form.elements.unit.value };
      var shown = 0, rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (row) {
        var ok = (!wanted.severity || row.getAttribute("data-severity") === wanted.severity) &&
                 (!wanted.category || row.getAttribute("data-category") === wanted.category) &&
                 (!wanted.unit || row.getAttribute("data-unit") === wanted.unit) &&
                 (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
        row.classList.toggle("hidden", !ok);
        if (ok) shown += 1;
      });
      count.textContent = "Visar " + shown + " av " + rows.length + " fynd";
    };
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  var printSummary = document.getElementById("print-summary");
  if (printSummary) {
    printSummary.addEventListener("click", function () {
      document.body.classList.add("print-summary");
      window.print();
    });
    window.addEventListener("afterprint", function () { document.body.classList.remove("print-summary"); });
  }
  var printAll = document.getElementById("print-all");
  if (printAll) printAll.addEventListener("click", function () { window.print(); });
})();
