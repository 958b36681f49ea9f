// Conveniences only: every inbox page works without this file (CSP: scripts from this origin only).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Choosing "Approve with my edits" opens that action's edit fields and moves focus into them.
  for (const radio of document.querySelectorAll('input[type=radio][value=edit]')) {
    radio.addEventListener("change", () => {
      const details = radio.closest("section")?.querySelector("details.edit");
      if (details && radio.checked) {
        details.open = true;
      }
    });
  }
  // After a refused form, put the keyboard on the summary of what went wrong.
  const summary = document.getElementById("errors");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
});
