// activities: small enhancements; every page works without them.
(function () {
  "use strict";
  // Filters submit themselves when changed.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // "3 more" opens the day's full list in the grid.
  document.querySelectorAll("[data-open-day]").forEach(function (button) {
    button.addEventListener("click", function () { button.closest(".cal-day").classList.add("open"); });
  });
  // Print buttons.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // Copy buttons: data-copy="#element-id".
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.querySelector(button.getAttribute("data-copy"));
      var text = source.value || source.textContent;
      var done = function () {
        var label = button.textContent;
        button.textContent = button.getAttribute("data-copied") || "✓";
        setTimeout(function () { button.textContent = label; }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text.trim()).then(done);
      } else if (source.select) {
        source.select(); document.execCommand("copy"); done();
      }
    });
  });
})();
// Forms that ask before they do something that cannot be undone.
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
});
// The series form shows only the fields its repeat choice uses.
(function () {
  "use strict";
  var frequency = document.getElementById("id_frequency");
  if (!frequency) { return; }
  var uses = {
    weekly: ["interval", "weekday", "months"],
    monthly_weekday: ["weekday", "ordinal", "months"],
    monthly_day: ["month_day", "months"],
    custom: ["custom_rule"]
  };
  var all = ["interval", "weekday", "ordinal", "month_day", "months", "custom_rule"];
  function wrapper(name) {
    var input = document.getElementById("id_" + name) || document.getElementById("id_" + name + "_0");
    return input && (input.closest("fieldset") || input.closest(".mb-3"));
  }
  function update() {
    var wanted = uses[frequency.value] || all;
    all.forEach(function (name) {
      var box = wrapper(name);
      if (box) { box.hidden = wanted.indexOf(name) < 0; }
    });
  }
  frequency.addEventListener("change", update);
  update();
})();
