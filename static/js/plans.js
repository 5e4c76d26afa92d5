// plans: small comforts on top of pages that work without JavaScript.
(function () {
  "use strict";

  // Print button of the print view.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

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
