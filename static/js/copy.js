// Enhancement only: a "Copy" button beside each text marked data-copy (the citations of a
// fact). Without JavaScript, or without a clipboard, the text is there to select by hand.
(function () {
  document.querySelectorAll("[data-copy]").forEach(function (source) {
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy " + source.getAttribute("data-copy");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      (navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject()).then(
        function () { status.textContent = "Copied."; },
        function () {
          getSelection().selectAllChildren(source);
          status.textContent = "Selected: press Ctrl+C or ⌘C to copy.";
        }
      );
    });
    var line = document.createElement("p");
    line.className = "copy-line";
    line.append(button, " ", status);
    source.after(line);
  });
})();
