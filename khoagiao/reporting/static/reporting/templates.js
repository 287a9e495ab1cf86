// Template and duty forms: show the fields that matter for the current choice (the CSP forbids inline code).
// <div data-kg-show-for="value_type:choice"> is shown only while the form control named "value_type" holds
// "choice" (several values separated by commas). Without JavaScript every field stays visible.
document.addEventListener("DOMContentLoaded", () => {
  const blocks = Array.from(document.querySelectorAll("[data-kg-show-for]"));
  if (!blocks.length) return;
  const currentValue = (form, name) => {
    const controls = Array.from(form.querySelectorAll(`[name="${name}"]`));
    const checked = controls.find((control) => (control.type === "radio" ? control.checked : true));
    return checked ? checked.value : "";
  };
  const update = () => {
    blocks.forEach((block) => {
      const form = block.closest("form");
      if (!form) return;
      const [name, values] = block.dataset.kgShowFor.split(":");
      const shown = values.split(",").includes(currentValue(form, name));
      // A block holding an error stays visible, so the message is never hidden from the user.
      block.hidden = !shown && !block.querySelector(".is-invalid");
    });
  };
  document.addEventListener("change", update);
  update();
});
