// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Put the cursor in the first field that needs fixing.
  const invalid = document.querySelector(".field.has-error input, .field.has-error select, .field.has-error textarea");
  if (invalid) invalid.focus();
});
