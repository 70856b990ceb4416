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

// The written summary: copy its text, or print the page.
document.addEventListener("click", async (event) => {
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const source = document.getElementById(copy.dataset.copy);
    try {
      await navigator.clipboard.writeText(source.value);
    } catch {
      source.classList.remove("visually-hidden");
      source.select();
      document.execCommand("copy");
      source.classList.add("visually-hidden");
    }
    const note = document.querySelector("[data-copied-note]");
    if (note) note.hidden = false;
    return;
  }
  if (event.target.closest("[data-print]")) window.print();
});
