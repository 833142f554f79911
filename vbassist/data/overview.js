// Sorting and filtering for the overview page's tables; no library, works from a file:// URL.
(function () {
  "use strict";
  var collator = new Intl.Collator("sv", { numeric: true, sensitivity: "base" });

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
  }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var numeric = header.getAttribute("data-type") === "number";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index), order;
      if (numeric) {
        // cells without a number (empty, "Tas fram av nämnd") last whichever the direction
        var a = parseFloat(x), b = parseFloat(y);
        if (isNaN(a) || isNaN(b)) return isNaN(a) && isNaN(b) ? collator.compare(x, y) : isNaN(a) ? 1 : -1;
        order = a - b;
      } else {
        order = collator.compare(x, y);
      }
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

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
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.setAttribute("tabindex", "0");
      th.addEventListener("click", function () { sortBy(table, index, th); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sortBy(table, index, th); });
    });
    var input = document.querySelector('input[data-table="' + table.id + '"]');
    var counter = document.querySelector('[data-shown="' + table.id + '"]');
    if (input && counter) {
      input.addEventListener("input", function () { filter(table, input.value, counter); });
      filter(table, input.value, counter);
    }
  });
})();
