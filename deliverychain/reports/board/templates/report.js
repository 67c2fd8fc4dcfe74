// Pointing at (or tabbing to) a finding lights up what it is about on the diagram, and
// pointing at a numbered marker (a callout, or a line of the panel beside the drawing)
// lights up its finding. The board drawing marks what a finding is about with
// data-findings="1 3" (actors g.actor[data-actor], connectors g.connector[data-link]) and
// each marker with data-finding="1"; a split diagram has several pages, each lit alike.
(function () {
  "use strict";
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  function about(number) {
    return '[data-findings~="' + number + '"], g.callouts [data-finding="' + number + '"]';
  }
  function light(article, number, on) {
    article.querySelectorAll("[data-findings]").forEach(function (element) {
      if (element.getAttribute("data-findings").split(" ").indexOf(number) >= 0) {
        element.classList.toggle("lit", on);
      }
    });
    article.querySelectorAll('[data-finding="' + number + '"]').forEach(function (element) {
      element.classList.toggle("lit", on);
    });
    article.querySelectorAll("svg.chain-diagram").forEach(function (svg) {
      svg.classList.toggle("spotlight", on);
    });
  }
  // A split diagram scrolls within its column: when nothing the finding is about is in view
  // there, bring the first thing it is about into view (only when pointing at the list,
  // never moving what is under the pointer).
  function reveal(article, number) {
    var column = article.querySelector(".diagram-page");
    if (!column || column.scrollHeight <= column.clientHeight) { return; }
    var view = column.getBoundingClientRect();
    var marked = Array.prototype.slice.call(column.querySelectorAll(about(number)));
    var seen = marked.some(function (element) {
      var box = element.getBoundingClientRect();
      return box.bottom > view.top && box.top < view.bottom;
    });
    if (marked.length && !seen) {
      var top = marked[0].getBoundingClientRect().top - view.top + column.scrollTop - column.clientHeight / 3;
      column.scrollTo({ top: Math.max(0, top), behavior: still ? "auto" : "smooth" });
    }
  }
  document.querySelectorAll("article.chain").forEach(function (article) {
    article.querySelectorAll("li.finding[data-finding], svg.chain-diagram [data-finding]").forEach(function (element) {
      var number = element.getAttribute("data-finding");
      var listed = element.tagName.toLowerCase() === "li";
      var on = function () {
        light(article, number, true);
        if (listed) { reveal(article, number); }
      };
      var off = function () { light(article, number, false); };
      element.addEventListener("mouseenter", on);
      element.addEventListener("mouseleave", off);
      element.addEventListener("focus", on);
      element.addEventListener("blur", off);
    });
  });
})();
