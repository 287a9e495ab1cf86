// Small behaviours that need no inline script (the Content-Security-Policy forbids inline code).
document.addEventListener("DOMContentLoaded", () => {
  // Expand or collapse every branch of a tree: <button data-kg-tree-toggle="open|close" data-kg-target="#id">.
  document.querySelectorAll("[data-kg-tree-toggle]").forEach((button) => {
    button.addEventListener("click", () => {
      const root = document.querySelector(button.dataset.kgTarget);
      if (!root) return;
      const open = button.dataset.kgTreeToggle === "open";
      root.querySelectorAll("details").forEach((details) => { details.open = open; });
    });
  });
  // Ask before a destructive action: <form data-kg-confirm="Message">.
  document.querySelectorAll("form[data-kg-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.kgConfirm)) event.preventDefault();
    });
  });
});
