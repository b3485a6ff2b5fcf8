// sitrep admin panel: progressive enhancement only; every page works without it.
"use strict";
(function () {
  // Ask before destructive actions (forms marked data-confirm).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  // Click a column heading of a .sortable table to sort it in the page.
  function cellValue(row, index) {
    var text = (row.cells[index] && row.cells[index].textContent || "").trim();
    var number = parseFloat(text);
    return isNaN(number) || !/^[-\d.]/.test(text) ? text.toLowerCase() : number;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var descending = th.getAttribute("data-order") === "asc";
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
        th.setAttribute("data-order", descending ? "desc" : "asc");
      });
    });
  });
})();
