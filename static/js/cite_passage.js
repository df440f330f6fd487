// The admin's "Cite a passage" page. Enhancement only: each paragraph's "cite" link
// works without JavaScript; this adds "Use the selected text" for a mouse selection.
(function () {
  const body = JSON.parse(document.getElementById("article-body").textContent);
  const container = document.getElementById("passage-body");
  const button = document.getElementById("use-selection");
  const quote = document.getElementById("id_quote");
  const start = document.getElementById("id_start");
  button.hidden = false;

  // Offset in the body of a point (node, offset) inside a paragraph's text: the text
  // before it, less the numbers of the facts already citing a passage.
  function bodyOffset(node, offset) {
    const paragraph = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest("[data-start]");
    if (!paragraph || !container.contains(paragraph)) return null;
    const text = paragraph.querySelector(".passage-text");
    const range = document.createRange();
    range.selectNodeContents(text);
    if (text.contains(node)) range.setEnd(node, offset);
    else if (offset === 0) range.collapse(true);
    const before = range.cloneContents();
    before.querySelectorAll(".cite-ref").forEach((ref) => ref.remove());
    return Number(paragraph.dataset.start) + before.textContent.length;
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
