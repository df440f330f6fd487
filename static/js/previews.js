// Enhancement only: a preview of the fact behind a numbered citation marker, as reference
// previews do on encyclopaedias. Hover or focus a marker to see the fact's statement, its
// standing and its sources (copied from "Facts this source supports" on the same page);
// tap it on a touch screen to open the preview, tap "Open the fact" to follow it. Without
// JavaScript the marker is a plain link to the fact.
(function () {
  var card = null;
  var owner = null;
  var hideTimer = null;

  function source(link) {
    return document.getElementById("fact-ref-" + link.getAttribute("data-ref"));
  }

  function hide() {
    if (card) card.remove();
    if (owner) owner.removeAttribute("aria-describedby");
    card = owner = null;
  }

  function show(link) {
    var item = source(link);
    if (!item || owner === link) return;
    hide();
    var preview = item.querySelector(".fact-preview");
    card = document.createElement("div");
    card.className = "ref-preview";
    card.id = "ref-preview";
    card.setAttribute("role", "tooltip");
    card.appendChild(preview.cloneNode(true));
    card.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    card.querySelectorAll("[popovertarget]").forEach(function (el) { el.remove(); });
    var open = document.createElement("a");
    open.href = link.href;
    open.className = "ref-preview-open";
    open.textContent = "Open the fact";
    card.appendChild(open);
    card.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("pointerleave", later);
    document.body.appendChild(card);
    var box = link.getBoundingClientRect();
    var width = card.offsetWidth;
    var left = Math.max(8, Math.min(window.scrollX + box.left - 16, window.scrollX + document.documentElement.clientWidth - width - 8));
    card.style.left = left + "px";
    card.style.top = window.scrollY + box.bottom + 6 + "px";
    owner = link;
    link.setAttribute("aria-describedby", "ref-preview");
  }

  function later() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  document.querySelectorAll("sup.cite-ref a[data-ref]").forEach(function (link) {
    link.addEventListener("pointerenter", function (event) {
      if (event.pointerType === "mouse") { clearTimeout(hideTimer); show(link); }
    });
    link.addEventListener("pointerleave", function (event) { if (event.pointerType === "mouse") later(); });
    link.addEventListener("focus", function () { show(link); });
    link.addEventListener("blur", function () { setTimeout(function () { if (card && !card.contains(document.activeElement)) hide(); }, 0); });
    link.addEventListener("click", function (event) {
      // First tap on a touch screen opens the preview; the preview's own link follows.
      if (owner !== link && event.pointerType !== "mouse" && matchMedia("(hover: none)").matches) {
        event.preventDefault();
        show(link);
      }
    });
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
  document.addEventListener("pointerdown", function (event) {
    if (card && !card.contains(event.target) && !(owner && owner.contains(event.target))) hide();
  });
})();
