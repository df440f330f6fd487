// Enhancement only: reference previews, as encyclopaedias have. A link marked data-preview
// (a source in a list of facts) previews the passages it cites, fetched once from the address
// it gives; a numbered citation marker on an article page (data-ref) previews its fact, copied
// from "Facts this source supports". Hover or focus opens the preview; on a touch screen the
// first tap opens it and a link inside goes on; tapping elsewhere or Escape closes it.
// Without JavaScript each is a plain link.
(function () {
  var TARGETS = "a[data-preview], sup.cite-ref a[data-ref]";
  var card = null;
  var owner = null;
  var hideTimer = null;
  var press = null; // the link a touch or pen went down on, and whether its preview was open then
  var closed = null; // the link focus returns to when Escape closes its preview: it stays closed
  var fetched = {}; // preview address -> promise of its <template>

  function target(node) {
    var link = node && node.closest ? node.closest(TARGETS) : null;
    return link && !(card && card.contains(link)) ? link : null;
  }

  function fetchPreview(url) {
    fetched[url] = fetched[url] || fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      var template = document.createElement("template");
      template.innerHTML = html;
      return template;
    }).catch(function () {
      delete fetched[url]; // tried again next time; the link works meanwhile
      return null;
    });
    return fetched[url];
  }

  // A promise of the preview's content (null: none).
  function content(link) {
    if (link.hasAttribute("data-preview")) {
      return fetchPreview(link.getAttribute("data-preview")).then(function (template) {
        if (!template) return null;
        var body = template.content.cloneNode(true);
        // Its provenance markers get ids of their own: the page may show the same ones.
        body.querySelectorAll("[id]").forEach(function (el) { el.id = "ref-preview-" + el.id; });
        body.querySelectorAll("[popovertarget]").forEach(function (el) {
          el.setAttribute("popovertarget", "ref-preview-" + el.getAttribute("popovertarget"));
        });
        return body;
      });
    }
    return Promise.resolve(quoted(link));
  }

  function quoted(link) {
    var item = document.getElementById("fact-ref-" + link.getAttribute("data-ref"));
    if (!item) return null;
    var preview = item.querySelector(".fact-preview").cloneNode(true);
    preview.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    preview.querySelectorAll("[popovertarget]").forEach(function (el) { el.remove(); });
    var open = document.createElement("a");
    open.href = link.href;
    open.className = "preview-open";
    open.textContent = "Open the fact";
    var fragment = document.createDocumentFragment();
    fragment.append(preview, open);
    return fragment;
  }

  function hide() {
    clearTimeout(hideTimer);
    if (card) card.remove();
    if (owner) owner.removeAttribute("aria-describedby");
    card = owner = null;
  }

  // The link becomes the owner at once; its card appears when its content has come.
  function show(link) {
    clearTimeout(hideTimer);
    if (owner === link) return;
    hide();
    owner = link;
    content(link).then(function (body) {
      if (owner === link && !card && body) place(link, body);
    });
  }

  function place(link, body) {
    card = document.createElement("div");
    card.className = "ref-preview";
    card.id = "ref-preview";
    card.appendChild(body);
    // Right after the link, so that Tab goes on into the preview's own links.
    link.after(card);
    var box = link.getBoundingClientRect();
    var parent = card.offsetParent;
    var origin = parent && getComputedStyle(parent).position !== "static"
      ? parent.getBoundingClientRect() : { left: -window.scrollX, top: -window.scrollY };
    var left = Math.max(8, Math.min(box.left - 16, document.documentElement.clientWidth - card.offsetWidth - 8));
    card.style.left = left - origin.left + "px";
    card.style.top = box.bottom + 6 - origin.top + "px";
    link.setAttribute("aria-describedby", "ref-preview");
  }

  function later() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  function inside(node) {
    return node && ((card && card.contains(node)) || (owner && owner.contains(node)));
  }

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType !== "mouse") return;
    var link = target(event.target);
    if (link) show(link);
    else if (inside(event.target)) clearTimeout(hideTimer);
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "mouse" && inside(event.target) && !inside(event.relatedTarget)) later();
  });
  document.addEventListener("focusin", function (event) {
    var link = target(event.target);
    if (link && link !== closed) show(link);
    closed = null;
  });
  document.addEventListener("focusout", function () {
    setTimeout(function () { if (owner && !inside(document.activeElement)) hide(); }, 0);
  });
  document.addEventListener("pointerdown", function (event) {
    var link = target(event.target);
    press = link && event.pointerType !== "mouse" ? { link: link, open: owner === link } : null;
    if (owner && !inside(event.target)) hide();
  });
  document.addEventListener("click", function (event) {
    var link = target(event.target);
    // A first tap opens the preview instead of following the link; a second tap follows it.
    if (link && press && press.link === link && !press.open) {
      event.preventDefault();
      show(link);
    }
    press = null;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !owner) return;
    var back = card && card.contains(document.activeElement) ? owner : null;
    hide();
    if (back) { closed = back; back.focus(); }
  });
})();
