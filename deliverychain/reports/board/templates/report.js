// Pointing at (or tabbing to) a finding lights up what it is about on the diagram, and
// pointing at a numbered marker (a callout, or a line of the panel beside the drawing)
// lights up its finding. The board drawing marks what a finding is about with
// data-findings="1 3" (actors g.actor[data-actor], connectors g.connector[data-link]) and
// each marker with data-finding="1"; a split diagram has several pages, each lit alike.
(function () {
  "use strict";
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
  document.querySelectorAll("article.chain").forEach(function (article) {
    article.querySelectorAll("li.finding[data-finding], svg.chain-diagram [data-finding]").forEach(function (element) {
      var number = element.getAttribute("data-finding");
      var on = function () { light(article, number, true); };
      var off = function () { light(article, number, false); };
      element.addEventListener("mouseenter", on);
      element.addEventListener("mouseleave", off);
      element.addEventListener("focus", on);
      element.addEventListener("blur", off);
    });
  });
})();
