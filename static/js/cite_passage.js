// The admin's "Cite a passage" page. Enhancement only: each paragraph's "cite" link
// works without JavaScript; this adds "Use the selected text" for a mouse selection.
(function () {
  const body = JSON.parse(document.getElementById("article-body").textContent);
  const container = document.getElementById("passage-body");
  const button = document.getElementById("use-selection");
  const quote = document.getElementById("id_quote");
  const start = document.getElementById("id_start");
  button.hidden = false;

  // Offset in the body of a point (node, offset) inside a paragraph's text.
  function bodyOffset(node, offset) {
    const paragraph = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest("p[data-start]");
    if (!paragraph || !container.contains(paragraph)) return null;
    const text = paragraph.querySelector(".passage-text");
    if (!text.contains(node)) return Number(paragraph.dataset.start) + (offset === 0 ? 0 : text.textContent.length);
    return Number(paragraph.dataset.start) + offset;
  }

  button.addEventListener("click", function () {
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    let from = bodyOffset(range.startContainer, range.startOffset);
    let to = bodyOffset(range.endContainer, range.endOffset);
    if (from === null || to === null || to <= from) return;
    // Trim the whitespace a mouse selection tends to catch at its ends.
    while (from < to && /\s/.test(body[from])) from++;
    while (to > from && /\s/.test(body[to - 1])) to--;
    quote.value = body.slice(from, to);
    start.value = from;
    quote.focus();
  });
})();
