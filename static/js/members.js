// members: "select all" boxes, and a visit's gift and amount prefilled from the union's standards.
(function () {
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    var name = box.getAttribute("data-select-all");
    box.addEventListener("change", function () {
      document.querySelectorAll('input[name="' + name + '"]').forEach(function (item) {
        item.checked = box.checked;
      });
    });
  });

  var standardsNode = document.getElementById("care-standards");
  var reason = document.getElementById("id_reason");
  if (standardsNode && reason) {
    var standards = JSON.parse(standardsNode.textContent);
    var gift = document.getElementById("id_gift");
    var amount = document.getElementById("id_amount");
    reason.addEventListener("change", function () {
      var standard = standards[reason.value];
      if (!standard) { return; }
      if (gift && !gift.value) { gift.value = standard[0] || ""; }
      if (amount && !amount.value) { amount.value = standard[1] || ""; }
    });
  }
})();

// Logins: forms that ask first (reset, disable), and the credentials sheet's print button.
(function () {
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();

// The member form: the retirement rule is asked for women only (men have one rule).
(function () {
  var gender = document.getElementById("id_gender");
  var rule = document.querySelector("[data-women-only]");
  if (!gender || !rule) { return; }
  var row = rule.closest(".mb-3") || rule;
  function show() { row.hidden = gender.value === "M"; }
  gender.addEventListener("change", show);
  show();
})();

// The member form: a birth date entered as 公历 (a date) or as 农历 (year, month, 闰, day); the other
// calendar's fields are hidden (and ignored by the form).
(function () {
  var calendar = document.getElementById("id_birth_calendar");
  if (!calendar) { return; }
  var fields = {
    solar: ["id_birth_date", "id_birth_month_only", "id_lunar_birthday"],
    lunar: ["id_lunar_year", "id_lunar_month", "id_lunar_leap", "id_lunar_day"]
  };
  function rows(ids) {
    return ids.map(function (id) { return document.getElementById(id); }).filter(Boolean)
      .map(function (input) { return input.closest(".mb-3") || input; });
  }
  var solar = rows(fields.solar), lunar = rows(fields.lunar);
  function show() {
    var isLunar = calendar.value === "lunar";
    solar.forEach(function (row) { row.hidden = isLunar; });
    lunar.forEach(function (row) { row.hidden = !isLunar; });
  }
  calendar.addEventListener("change", show);
  show();
})();
