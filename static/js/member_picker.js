// Member pickers (members/picker.py): htmx fetches what the search box finds; this moves a tapped
// match into the form as a chip (a hidden input and its label, cloned from the picker's <template>),
// takes a chip back, and makes Enter in the search box choose the first match instead of sending the
// half-filled form. Each picker's template loads this file: it listens once, on the document, so
// pickers and matches that htmx adds later work too.
(function () {
  if (window.memberPickerReady) { return; }
  window.memberPickerReady = true;

  function choose(picker, match) {
    var chosen = picker.querySelector("[data-picker-chosen]");
    var id = match.getAttribute("data-pick");
    var already = Array.prototype.some.call(chosen.querySelectorAll("input"), function (input) {
      return input.value === id;
    });
    if (!picker.hasAttribute("data-multiple")) { chosen.replaceChildren(); }
    if (!already || !picker.hasAttribute("data-multiple")) {
      var chip = picker.querySelector("[data-chip-template]").content.firstElementChild.cloneNode(true);
      var input = chip.querySelector("input");
      input.name = picker.getAttribute("data-name");  // unnamed in the <template>: parsers of the page read it
      input.value = id;
      chip.querySelector("[data-chip-label]").textContent = match.getAttribute("data-label");
      chosen.appendChild(chip);
    }
    var search = picker.querySelector("[data-picker-search]");
    if (window.htmx) { window.htmx.trigger(search, "htmx:abort"); }  // a search still under way
    search.value = "";
    picker.querySelector("[data-picker-matches]").replaceChildren();
    if (picker.hasAttribute("data-multiple")) { search.focus(); }
  }

  document.addEventListener("click", function (event) {
    var picker = event.target.closest("[data-member-picker]");
    if (!picker) { return; }
    var match = event.target.closest("[data-pick]");
    if (match) { choose(picker, match); return; }
    var unchoose = event.target.closest("[data-unchoose]");
    if (unchoose) {
      unchoose.closest("[data-chip]").remove();
      picker.querySelector("[data-picker-search]").focus();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches("[data-picker-search]")) { return; }
    event.preventDefault();
    var picker = event.target.closest("[data-member-picker]");
    var first = picker.querySelector("[data-pick]");
    if (first) { choose(picker, first); }
  });
})();
