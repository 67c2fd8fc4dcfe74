// chain watch: the page. It learns of each change from /events (Server-Sent Events),
// fetches /state, and fetches /diagram.svg only when the diagram's hash has changed.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const shown = { version: -1, diagram: null };
  let findings = [];
  let selected = null; // the fingerprint of the highlighted finding
  let queue = Promise.resolve();

  const plural = (n, one, many) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many || one + "s"}`;
  // A place in a chain file, or a cell of a workbook or CSV file.
  const where = (item) => (item.cell ? `cell ${item.cell}` : item.line ? `line ${item.line}, column ${item.column}` : "");
  const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  // --- fetching ------------------------------------------------------------------

  function refresh() {
    queue = queue.then(load).catch(lost);
  }

  async function load() {
    const response = await fetch("/state", { cache: "no-store" });
    if (!response.ok) throw new Error(`the preview answered ${response.status}`);
    await apply(await response.json());
  }

  async function apply(state) {
    const diagram = state.diagram;
    if (diagram && diagram.hash !== shown.diagram) {
      const response = await fetch(`/diagram.svg?h=${diagram.hash}`, { cache: "no-store" });
      if (response.ok && showDiagram(await response.text())) shown.diagram = diagram.hash;
    }
    if (state.version !== shown.version) {
      showHeading(state);
      showProblems(state);
      showFindings(state);
      shown.version = state.version;
    }
    highlight(false);
    showStatus(state);
    $("stage").classList.toggle("stale", Boolean(diagram) && !diagram.current);
    const root = document.documentElement.dataset;
    root.version = state.version;
    root.status = state.status;
    root.busy = state.busy;
    root.diagram = shown.diagram || "";
  }

  // --- the diagram ---------------------------------------------------------------

  function showDiagram(text) {
    const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
    const svg = parsed.documentElement;
    if (svg.nodeName !== "svg" || parsed.querySelector("parsererror")) return false;
    // The page's policy already forbids scripts; remove anything active all the same.
    for (const active of svg.querySelectorAll("script, foreignObject")) active.remove();
    for (const node of svg.querySelectorAll("*")) {
      for (const attribute of [...node.attributes]) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith("on") || (name.endsWith("href") && /^\s*javascript:/i.test(attribute.value))) {
          node.removeAttribute(attribute.name);
        }
      }
    }
    // Fitted to the window unless "Full size" is pressed: the natural size is kept for that.
    svg.style.setProperty("--full-width", svg.getAttribute("width") || "auto");
    svg.style.setProperty("--full-height", svg.getAttribute("height") || "auto");
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    $("diagram").replaceChildren(document.importNode(svg, true));
    return true;
  }

  function highlight(scroll) {
    const svg = $("diagram").querySelector("svg");
    const finding = findings.find((f) => f.fingerprint === selected);
    if (!finding) selected = null;
    for (const item of $("findings").children) {
      const on = item.dataset.fingerprint === selected;
      item.classList.toggle("selected", on);
      item.querySelector("button").setAttribute("aria-pressed", String(on));
    }
    const note = $("diagram-note");
    if (!svg) return;
    for (const lit of svg.querySelectorAll(".dc-hl")) lit.classList.remove("dc-hl");
    svg.classList.toggle("dc-focus", Boolean(finding));
    if (!finding) {
      note.textContent = "";
      return;
    }
    const n = finding.n;
    const marked = [...svg.querySelectorAll(`[data-findings~="${n}"], [data-finding="${n}"]`)];
    for (const lit of marked) lit.classList.add("dc-hl");
    const actors = marked.filter((lit) => lit.hasAttribute("data-actor")).length;
    const links = marked.filter((lit) => lit.hasAttribute("data-link")).length;
    const parts = [];
    if (actors) parts.push(plural(actors, "box", "boxes"));
    if (links) parts.push(plural(links, "line"));
    const listed = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0];
    if (!marked.length) note.textContent = `Finding ${n} is not drawn on the diagram: it is about the chain as a whole.`;
    else note.textContent = listed ? `Finding ${n}: ${listed} highlighted.` : `Finding ${n} is highlighted on the diagram.`;
    if (scroll && marked.length) marked[0].scrollIntoView({ block: "center", inline: "center", behavior: "smooth" });
  }

  function choose(fingerprint) {
    selected = selected === fingerprint ? null : fingerprint;
    highlight(true);
  }

  // --- words ---------------------------------------------------------------------

  function showHeading(state) {
    $("title").textContent = state.title;
    $("file").textContent = state.file;
    const mark = state.status === "ok" ? "" : "⚠ ";
    document.title = `${mark}${state.title} · chain watch`;
  }

  function showStatus(state) {
    const status = $("status");
    let text;
    if (state.busy) text = state.status === "starting" ? "Drawing the chain…" : "Updating…";
    else if (state.status === "ok") {
      const seconds = Object.values(state.timings).reduce((a, b) => a + b, 0);
      text = `Up to date: ${new Date().toLocaleTimeString("en-GB")} (${seconds.toFixed(2)} s to load, audit and draw)`;
    } else if (state.status === "invalid") {
      text = `The file does not load: ${plural(state.problem_count, "problem")}. The last good diagram is dimmed.`;
    } else if (state.status === "failed") text = "The diagram could not be drawn: see the problem above it.";
    else text = "Drawing the chain…";
    status.textContent = text;
    status.className = state.busy ? "busy" : state.status;
  }

  function showProblems(state) {
    const box = $("problems");
    const list = $("problem-list");
    box.hidden = state.problems.length === 0;
    $("problems-title").textContent =
      state.status === "failed" ? "The diagram could not be drawn" : `The file does not load: ${plural(state.problem_count, "problem")}`;
    list.replaceChildren(
      ...state.problems.map((problem) => {
        const item = element("li", `problem ${problem.severity}`);
        const head = element("p", "head");
        if (problem.line) head.append(element("strong", "where", capital(where(problem))), " ");
        head.append(element("span", "message", problem.message));
        item.append(head);
        if (problem.frame) item.append(element("pre", "frame", problem.frame));
        if (problem.hint) item.append(element("p", "hint", `Hint: ${problem.hint}`));
        return item;
      }),
    );
    const more = state.problem_count - state.problems.length;
    if (more > 0) list.append(element("li", "more", `… and ${plural(more, "more problem")}: chain validate lists them all.`));
  }

  function showFindings(state) {
    findings = state.findings;
    const counts = state.counts;
    const parts = [];
    if (counts.actors !== undefined) parts.push(`${plural(counts.actors, "actor")}, ${plural(counts.links, "link")}.`);
    const bySeverity = [["error", "error"], ["warning", "warning"], ["info", "note"]]
      .filter(([key]) => findings.some((f) => f.severity === key))
      .map(([key, word]) => plural(findings.filter((f) => f.severity === key).length, word));
    parts.push(findings.length ? `${plural(findings.length, "finding")}: ${bySeverity.join(", ")}.` : "No findings.");
    if (counts.below) parts.push(`Not listed: ${plural(counts.below, "finding")} below the chosen severity (--min-severity).`);
    if (counts.accepted) parts.push(`${plural(counts.accepted, "finding")} accepted in the file.`);
    $("summary").textContent = parts.join(" ");
    $("stale-findings").hidden = state.findings_current || findings.length === 0;
    $("side").classList.toggle("stale", !state.findings_current);
    $("findings").replaceChildren(
      ...findings.map((finding) => {
        const item = element("li", `finding ${finding.severity}`);
        item.dataset.n = finding.n;
        item.dataset.fingerprint = finding.fingerprint;
        const button = element("button");
        button.type = "button";
        button.setAttribute("aria-pressed", "false");
        const head = element("span", "head");
        head.append(element("span", "n", String(finding.n)), element("span", "rule", `${finding.rule} ${finding.name}`));
        if (finding.line) head.append(element("span", "where", where(finding)));
        button.append(head, element("span", "message", finding.message));
        button.addEventListener("click", () => choose(finding.fingerprint));
        item.append(button);
        if (finding.hint) item.append(element("p", "hint", `What to do: ${finding.hint}`));
        return item;
      }),
    );
  }

  function lost() {
    const status = $("status");
    status.textContent = "Lost touch with chain watch: is it still running? Trying again…";
    status.className = "lost";
  }

  // --- wiring --------------------------------------------------------------------

  $("zoom").addEventListener("click", () => {
    const full = $("diagram").classList.toggle("full");
    $("zoom").setAttribute("aria-pressed", String(full));
    $("zoom").textContent = full ? "Fit to window" : "Full size";
  });
  $("diagram").addEventListener("click", (event) => {
    const marked = event.target.closest("[data-findings], [data-finding]");
    if (!marked) return;
    const numbers = (marked.getAttribute("data-findings") || marked.getAttribute("data-finding")).split(/\s+/).map(Number);
    const finding = findings.find((f) => numbers.includes(f.n));
    if (finding) {
      choose(finding.fingerprint);
      document.querySelector(`#findings [data-fingerprint="${finding.fingerprint}"]`)?.scrollIntoView({ block: "nearest" });
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && selected) {
      selected = null;
      highlight(false);
    }
  });
  const events = new EventSource("/events");
  events.onmessage = refresh; // also sent on each (re)connection
  events.onerror = lost; // the browser tries again by itself
})();
