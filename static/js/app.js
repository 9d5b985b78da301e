// Behaviour that templates would otherwise write inline; the Content-Security-Policy
// allows scripts from our own static files only.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) {
    field.form.submit();
  }
});

// Parts of a form that only apply to some choices of a radio group:
// <div data-shown-for="basis:express presumed"> is shown while the radio
// group "basis" has one of those values. Without JavaScript all stay visible.
function updateShownFor(form) {
  form.querySelectorAll("[data-shown-for]").forEach((part) => {
    const [name, values] = part.dataset.shownFor.split(":");
    const checked = form.querySelector(`input[name="${name}"]:checked`);
    part.hidden = !checked || !values.split(" ").includes(checked.value);
  });
}
document.addEventListener("change", (event) => {
  if (event.target.form) {
    updateShownFor(event.target.form);
  }
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form").forEach(updateShownFor);
});
