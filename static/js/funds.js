// funds: "tick all" for the bulk payment of dues.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("tick-all");
  if (!all) return;
  const ticks = () => document.querySelectorAll("input.tick");
  all.addEventListener("change", () => ticks().forEach((box) => { box.checked = all.checked; }));
});
