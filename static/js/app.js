// Behaviour that templates would otherwise write inline; the Content-Security-Policy
// allows scripts from our own static files only.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) {
    field.form.submit();
  }
});
