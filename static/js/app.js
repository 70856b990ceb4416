// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Put the cursor in the first field that needs fixing.
  const invalid = document.querySelector(".field.has-error input, .field.has-error select, .field.has-error textarea");
  if (invalid) invalid.focus();
});

// Attendance lists: "All present" ticks every member of that cell's group.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-tick-all]");
  if (!button) return;
  const group = button.closest("fieldset");
  group.querySelectorAll('input[type="checkbox"][name="present"]').forEach((box) => {
    box.checked = true;
  });
});
