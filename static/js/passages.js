// Enhancement only: a passage split around a crossing one is several <mark>s; light
// them all when the link leads to it (CSS :target lights the first on its own).
(function () {
  function light() {
    document.querySelectorAll("mark.is-target").forEach(function (el) { el.classList.remove("is-target"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^cite-\d+$/.test(id)) return;
    document.querySelectorAll('mark[data-cite="' + id + '"]').forEach(function (el) { el.classList.add("is-target"); });
  }
  window.addEventListener("hashchange", light);
  light();
})();
