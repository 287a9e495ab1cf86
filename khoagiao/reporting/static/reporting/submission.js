// The report's draft: htmx posts each section and figure as it changes (see the hx-* attributes); this file
// keeps the page honest about it. It carries the new version into the form after each save (the optimistic
// lock), marks a refused figure, shows a conflict, lets a button of the form wait for a save in flight, and warns
// before leaving with typed text not yet saved. No inline code: the Content-Security-Policy forbids it.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-kg-draft]");
  if (!form) return;
  const version = form.querySelector("input[data-kg-version]");
  const alertBox = document.getElementById("kg-draft-alert");
  const edits = new Map(); // field name -> number of edits since the page opened
  const saved = new Map(); // field name -> number of edits the last successful save carried
  const sent = new Map(); // field name -> number of edits the save in flight carries
  let inFlight = 0;
  let leaving = false;
  let waitingSubmitter = null;
  let confirmed = false;

  const isDraftField = (el) => Boolean(el && el.name && /^(section|value)-/.test(el.name));
  const fieldNamed = (name) => (name ? form.elements.namedItem(name) : null);
  const mark = (name, invalid) => {
    const field = fieldNamed(name);
    if (field && field.classList) field.classList.toggle("is-invalid", invalid);
  };
  const unsaved = () => [...edits.entries()].some(([name, count]) => (saved.get(name) || 0) < count);

  const track = (event) => {
    if (isDraftField(event.target)) edits.set(event.target.name, (edits.get(event.target.name) || 0) + 1);
  };
  form.addEventListener("input", track);
  form.addEventListener("change", track);

  form.addEventListener("htmx:beforeRequest", (event) => {
    if (leaving) { event.preventDefault(); return; }
    inFlight += 1;
    const elt = event.detail && event.detail.elt;
    if (isDraftField(elt)) sent.set(elt.name, edits.get(elt.name) || 0);
  });
  form.addEventListener("htmx:afterRequest", () => {
    inFlight = Math.max(0, inFlight - 1);
    if (inFlight === 0 && waitingSubmitter) {
      const submitter = waitingSubmitter;
      waitingSubmitter = null;
      form.requestSubmit(submitter);
    }
  });

  form.addEventListener("kg-saved", (event) => {
    const detail = event.detail || {};
    if (version && detail.version !== null && detail.version !== undefined) version.value = String(detail.version);
    saved.set(detail.field, sent.get(detail.field) || 0);
    mark(detail.field, false);
  });
  // A refusal that is not a 200 (no right to edit any more, the report was sent) is not swapped by htmx: show
  // its message, carried by the event, in the field's status line and above the form.
  const showStatus = (name, message) => {
    const field = fieldNamed(name);
    const statusId = field && field.getAttribute ? field.getAttribute("aria-describedby") : "";
    const status = statusId ? document.getElementById(statusId) : null;
    if (status && message) {
      const line = document.createElement("span");
      line.className = "text-danger";
      line.textContent = message;
      status.replaceChildren(line);
    }
  };
  const showAlert = (message) => {
    if (!alertBox || !message) return;
    alertBox.textContent = message;
    alertBox.classList.remove("d-none");
    alertBox.scrollIntoView({ block: "nearest" });
  };
  form.addEventListener("kg-save-error", (event) => {
    const detail = event.detail || {};
    mark(detail.field, true);
    showStatus(detail.field, detail.message);
  });
  form.addEventListener("kg-conflict", (event) => showAlert((event.detail || {}).message));
  form.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail && event.detail.xhr;
    const trigger = xhr ? xhr.getResponseHeader("HX-Trigger") : null;
    if (!trigger) return;
    try {
      const detail = JSON.parse(trigger)["kg-save-error"];
      if (detail) showAlert(detail.message);
    } catch (error) { /* not our answer */ }
  });

  form.addEventListener("submit", (event) => {
    const submitter = event.submitter || null;
    const question = submitter && submitter.dataset ? submitter.dataset.kgConfirmClick : "";
    if (question && !confirmed) {
      if (!window.confirm(question)) { event.preventDefault(); return; }
      confirmed = true;
    }
    if (inFlight > 0) {
      // A save is on its way: wait for its answer (and its new version), then send the whole form.
      event.preventDefault();
      waitingSubmitter = submitter;
      return;
    }
    leaving = true;
  });

  window.addEventListener("beforeunload", (event) => {
    if (!leaving && unsaved()) { event.preventDefault(); event.returnValue = ""; }
  });
});
