// Pointing at (or tabbing to) a finding lights up what it is about on the diagram, and
// pointing at a numbered marker lights up its finding. Elements carry the board contract's
// attributes: data-findings="1 3" on boxes and lines, data-finding="1" on markers.
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
    article.querySelectorAll("li.finding[data-finding], .callout[data-finding]").forEach(function (element) {
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
