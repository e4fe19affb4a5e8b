// Source marks in the article text: click or press Enter to see who the source is and its
// relay chain. Everything shown is set with textContent, so article text can never become markup.
(function () {
  "use strict";
  var popover = document.getElementById("source-popover");
  if (!popover) { return; }
  var current = null;

  function line(text, className) {
    var div = document.createElement("div");
    if (className) { div.className = className; }
    div.textContent = text;
    return div;
  }

  function show(mark) {
    var name = mark.getAttribute("data-name") || mark.textContent;
    var type = mark.getAttribute("data-type") || "";
    var chain = mark.getAttribute("data-chain") || "";
    popover.replaceChildren(
      line(name, "name"),
      line(type === "anonymous" ? "anonymous source: not named by the article" : "type: " + type),
      line(chain ? "relay chain: " + chain : "no relay: the article reports it directly")
    );
    var box = mark.getBoundingClientRect();
    popover.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + window.innerWidth - 320)) + "px";
    popover.style.top = (window.scrollY + box.bottom + 6) + "px";
    popover.hidden = false;
    current = mark;
    var card = document.getElementById("source-" + mark.getAttribute("data-source"));
    if (card) {
      card.classList.add("flash");
      window.setTimeout(function () { card.classList.remove("flash"); }, 1200);
    }
  }

  function hide() { popover.hidden = true; current = null; }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("mark[data-source]") : null;
    if (mark) { if (mark === current) { hide(); } else { show(mark); } return; }
    if (!popover.contains(event.target)) { hide(); }
  });
  // The popover is placed for one layout; a new width would leave it hanging off the page.
  window.addEventListener("resize", hide);
  document.addEventListener("keydown", function (event) {
    var mark = event.target.closest ? event.target.closest("mark[data-source]") : null;
    if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); show(mark); }
    if (event.key === "Escape") { hide(); }
  });
})();
