/* Typeset the math kept in review bodies (span.math.inline, div.math.block) with KaTeX. */
(function () {
  "use strict";
  var delimiters = [
    { left: "$$", right: "$$", display: true },
    { left: "$", right: "$", display: false },
  ];

  function typeset(root) {
    if (!window.renderMathInElement) return;
    (root || document).querySelectorAll(".markdown-body .math").forEach(function (element) {
      if (element.dataset.typeset) return;
      window.renderMathInElement(element, { delimiters: delimiters, throwOnError: false });
      element.dataset.typeset = "1";
    });
  }

  window.PaperShelfMath = { typeset: typeset };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { typeset(document); });
  } else {
    typeset(document);
  }
})();
