// The check-in pages (activities/checkin*.html); no inline script under the CSP.
// The sign-in sheet's print button.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
// The screen polls for a new code and for the names: once the organiser's session has ended, a poll
// answers with the login page, which must not be put in the code's place. Reload instead, which
// goes to the login page and back here.
document.addEventListener("htmx:beforeSwap", function (event) {
  const answered = event.detail.xhr && event.detail.xhr.responseURL;
  if (answered && new URL(answered).pathname.indexOf("/accounts/login/") === 0) {
    event.detail.shouldSwap = false;
    window.location.reload();
  }
});
