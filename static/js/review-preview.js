/* The review editor's preview: the server renders (and sanitizes) the Markdown, KaTeX typesets. */
(function () {
  "use strict";
  var button = document.getElementById("preview-button");
  var preview = document.getElementById("review-preview");
  var form = button && button.closest("form");
  if (!button || !preview || !form) return;
  var body = form.querySelector("textarea[name=body]");
  var showing = false;
  var editLabel = button.dataset.editLabel || "Edit";
  var previewLabel = button.textContent;

  function show(on) {
    showing = on;
    preview.hidden = !on;
    body.hidden = on;
    button.textContent = on ? editLabel : previewLabel;
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  button.addEventListener("click", function () {
    if (showing) { show(false); body.focus(); return; }
    var data = new FormData();
    data.append("body", body.value);
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    button.disabled = true;
    fetch(button.dataset.previewUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.statusText);
        return response.text();
      })
      .then(function (html) {
        preview.innerHTML = html; // already sanitized by the server (nh3 allowlist)
        if (window.PaperShelfMath) window.PaperShelfMath.typeset(preview);
        show(true);
      })
      .catch(function () {
        preview.textContent = button.dataset.errorLabel || "Preview failed.";
        show(true);
      })
      .finally(function () { button.disabled = false; });
  });
})();
