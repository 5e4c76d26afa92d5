// The join poster's print button (members/join_poster.html); no inline script under the CSP.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
