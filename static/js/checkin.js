// The sign-in sheet's print button (activities/checkin_sheet.html): no inline script under the CSP.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
