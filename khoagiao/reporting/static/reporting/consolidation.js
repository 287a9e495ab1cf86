// The consolidated report's editor: paragraph boxes grow with their text. Nothing here is needed to read or save.
(function () {
  "use strict";
  function grow(box) {
    box.style.height = "auto";
    box.style.height = box.scrollHeight + 2 + "px";
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-kg-autosize]").forEach(function (box) {
      grow(box);
      box.addEventListener("input", function () { grow(box); });
    });
  });
})();
