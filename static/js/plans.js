// plans: small comforts on top of pages that work without JavaScript.
(function () {
  "use strict";

  // Print button of the print view.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  // The plan page: a row's progress form is fetched in place of the link to it (plans.views.item_progress,
  // where the link leads without JavaScript) when the committee opens the row's 更新进度.
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!window.htmx || !details.matches || !details.matches("details.plan-progress-form[open]")) return;
    var link = details.querySelector("a[data-progress-form]");
    if (!link) return;
    link.removeAttribute("data-progress-form");  // once
    window.htmx.ajax("GET", link.href, { target: link, swap: "outerHTML" });
  }, true);  // toggle does not bubble: caught on its way down

  // The outline editor: warn before leaving with unsaved changes; keep the moved row in view.
  var editor = document.querySelector("form.plan-editor");
  if (editor) {
    var dirty = false;
    editor.addEventListener("input", function () { dirty = true; });
    editor.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = editor.dataset.unsavedWarning || ""; }
    });
    document.body.addEventListener("htmx:afterSwap", function () {
      dirty = true;  // a move or an added row is not saved yet
      var focus = document.querySelector("[data-focus]");
      if (focus) {
        focus.scrollIntoView({ block: "center" });
        var input = focus.querySelector("input[type=text], input:not([type])");
        if (input) input.focus({ preventScroll: true });
      }
    });
    var focus = document.querySelector("[data-focus]");
    if (focus) focus.scrollIntoView({ block: "center" });
  }
})();
