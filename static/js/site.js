/* PaperShelf: small progressive enhancements; every page works without them. */
(function () {
  "use strict";

  // Copy buttons: <button data-copy="element-id">; shown only when the clipboard is usable.
  function setUpCopyButtons(root) {
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.dataset.copy);
        var status = button.parentElement.querySelector(".copy-status");
        navigator.clipboard.writeText(source.innerText).then(function () {
          if (status) status.textContent = button.dataset.copied;
        });
      });
    });
  }

  // The catalog's filter panel comes folded from the server (phones see it so from the first
  // paint) and the stylesheet shows it on wide screens; mark it open there too, so its summary
  // tells assistive technology the truth (and browsers without ::details-content show it).
  function openFiltersOnWideScreens() {
    var panel = document.getElementById("filter-panel");
    if (panel && window.matchMedia("(min-width: 60em)").matches) panel.open = true;
  }

  // A review table wider than the screen scrolls in its box: keyboard users reach it too.
  function focusableScrollBoxes(root) {
    root.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
      else box.removeAttribute("tabindex");
    });
  }

  // Wide charts on narrow screens start at their newest end (the right), and say they scroll.
  function setUpScrollingCharts(root) {
    root.querySelectorAll(".chart-figure").forEach(function (figure) {
      if (figure.scrollWidth > figure.clientWidth + 1) figure.scrollLeft = figure.scrollWidth;
    });
  }

  // Leave empty fields out of the catalog's URLs.
  document.addEventListener("htmx:configRequest", function (event) {
    var params = event.detail.parameters;
    var empty = [];
    for (var pair of (params.entries ? params.entries() : Object.entries(params))) {
      if (pair[1] === "") empty.push(pair[0]);
    }
    empty.forEach(function (name) {
      if (params.delete) params.delete(name); else delete params[name];
    });
  });

  // Header menus (<details class="menu">) close on Escape, on a click elsewhere, and when
  // keyboard focus moves out of them.
  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (menu !== except) menu.open = false;
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest("details.menu") : null);
  });
  document.addEventListener("focusout", function (event) {
    var menu = event.target.closest ? event.target.closest("details.menu[open]") : null;
    if (menu && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.menu[open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });

  // Read-only fields whose whole value is meant to be copied (invitation links).
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-select-on-focus]")) {
      event.target.select();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    setUpCopyButtons(document);
    openFiltersOnWideScreens();
    setUpScrollingCharts(document);
    focusableScrollBoxes(document);
    var form = document.getElementById("catalog-filters");
    if (form) {
      // Without htmx a plain submit drops empty fields too.
      form.addEventListener("submit", function () {
        if (window.htmx) return;
        form.querySelectorAll("input, select").forEach(function (field) {
          if (field.value === "" && field.name) field.disabled = true;
        });
      });
    }
  });
})();
