// Progressive enhancement: five minutes before the form session ends, bring the
// "Sitzung verlängern" notice to the person's attention (WCAG 2.2.1). Without JavaScript the
// notice and its button are on the page all along.
(function () {
  "use strict";
  var note = document.querySelector("[data-session-seconds]");
  if (!note) { return; }
  var seconds = parseInt(note.getAttribute("data-session-seconds"), 10);
  var warnAfter = Math.max(seconds - 300, 0) * 1000;
  window.setTimeout(function () {
    note.classList.add("session-note--warning");
    note.setAttribute("role", "alert");
    var button = note.querySelector("button");
    if (button) { button.focus(); }
  }, warnAfter);
}());
