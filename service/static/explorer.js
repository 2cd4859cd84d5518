// The graph explorer at /: Cytoscape.js (fcose layout) over /api/graph, with search, questions that
// say why each answer matches, filters, similarity and clusters, deep links and exports.
//
// Every text that comes from the data reaches the page through textContent (the `h` helper appends
// strings as text nodes) and never through innerHTML: a label may contain markup. Cytoscape draws
// labels on a canvas, which shows them as text too.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("explorer-config").textContent);
  const EXPAND_CONFIRM = 15; // more new neighbours than this: say how many and ask first
  const SIMILAR_EDGES = 2; // similarity edges drawn per framework when clusters are on
  const MAX_FIT_ZOOM = 1.3;
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // Node types: colour (Okabe–Ito, safe for colour-blindness), and a shape so colour is not the only cue.
  const TYPES = {
    framework: { label: "Framework", color: "#0072b2", shape: "ellipse", size: 44 },
    runtime: { label: "Runtime", color: "#009e73", shape: "round-rectangle", size: 34 },
    language: { label: "Language", color: "#e69f00", shape: "hexagon", size: 38 },
    use_case: { label: "Use case", color: "#cc79a7", shape: "round-tag", size: 28 },
    aspect: { label: "Aspect", color: "#d55e00", shape: "diamond", size: 28 },
    audience: { label: "Audience", color: "#56b4e9", shape: "triangle", size: 30 },
    feature: { label: "Feature", color: "#8c7a00", shape: "rhomboid", size: 24 },
    style: { label: "Style", color: "#6b6b6b", shape: "octagon", size: 28 },
    other: { label: "Other", color: "#9aa3b2", shape: "ellipse", size: 20 },
  };
  // The same shapes for the legend's swatches (CSS has no hexagon).
  const SWATCH_CLIP = {
    hexagon: "polygon(25% 5%, 75% 5%, 100% 50%, 75% 95%, 25% 95%, 0 50%)",
    "round-tag": "polygon(0 0, 70% 0, 100% 50%, 70% 100%, 0 100%)",
    diamond: "polygon(50% 0, 100% 50%, 50% 100%, 0 50%)",
    triangle: "polygon(50% 0, 100% 100%, 0 100%)",
    rhomboid: "polygon(25% 0, 100% 0, 75% 100%, 0 100%)",
    octagon: "polygon(30% 0, 70% 0, 100% 30%, 100% 70%, 70% 100%, 30% 100%, 0 70%, 0 30%)",
  };
  // Clusters colour frameworks only, so their colours differ from the framework blue.
  const CLUSTER_COLORS = ["#7b61ff", "#e8590c", "#2b8a3e", "#c2255c", "#1098ad", "#5c940d", "#862e9c", "#a61e4d"];
  // An answer is linked to each term of the question by an edge that says how it meets it.
  const WHY_VERB = {
    language: "for apps in", use_case: "suited to", pro: "praised for", con: "criticised for",
    audience: "recommended for", feature: "has", style: "is", built_on: "built on", similar: "similar to",
  };
  const WHY_TYPE = {
    language: "language", use_case: "use_case", pro: "aspect", con: "aspect", audience: "audience",
    feature: "feature", style: "style", built_on: "runtime", similar: "framework",
  };
  const FILTERS = ["language", "use_case", "pro", "con", "source"];
  const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
  // An IRI that may go between <...> in a query: no spaces, quotes, braces or angle brackets.
  const SAFE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/;
  const RDF = config.prefixes.rdf;
  const LABEL_PREDICATES = [config.prefixes.rdfs + "label", config.prefixes.skos + "prefLabel"];

  // --- Small helpers ------------------------------------------------------------------------------------------------

  /** Build an element; strings among the children become text nodes, never markup. */
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  class HttpError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function getJson(url, options) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, ...options });
    let body = null;
    try {
      body = await response.json();
    } catch (ignored) {
      body = null; // not JSON: the status says enough
    }
    if (!response.ok) {
      const message = body && body.error ? body.error.message : `${response.status} ${response.statusText}`;
      throw new HttpError(response.status, message);
    }
    return body;
  }

  const enc = encodeURIComponent;
  const isSlug = (id) => SLUG.test(id);
  const pagePath = (slug) => "/id/" + slug.split("/").map(enc).join("/");
  const sparqlEditorUrl = (query) => "/sparql#query=" + enc(query);

  function compact(iri) {
    let best = "";
    let name = "";
    for (const [prefix, namespace] of Object.entries(config.prefixes)) {
      if (iri.startsWith(namespace) && namespace.length > best.length) [best, name] = [namespace, prefix];
    }
    return best ? `${name}:${iri.slice(best.length)}` : iri;
  }

  function download(name, blob) {
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  }

  // --- Page parts ---------------------------------------------------------------------------------------------------

  const container = document.getElementById("graph");
  const panel = document.getElementById("panel");
  const panelBody = document.getElementById("panel-body");
  const welcome = document.getElementById("welcome");
  const statusLine = document.getElementById("status");
  const legend = document.getElementById("legend");
  const askForm = document.getElementById("ask");
  const askInput = document.getElementById("ask-q");
  const filterForm = document.getElementById("filter-form");
  const clustersButton = document.getElementById("clusters");

  function setStatus(text, isError) {
    statusLine.textContent = text || "";
    statusLine.classList.toggle("error", Boolean(isError));
  }

  let panelShown = 0; // counts what the panel has shown, so that a late answer does not replace a newer view

  /** Replace the panel's content; move keyboard focus there when the user asked for it from the keyboard. */
  function showPanel(content, { focus = false } = {}) {
    panelBody.replaceChildren(...[content].flat().filter((part) => part !== null && part !== undefined));
    panel.scrollTop = 0;
    if (focus) panel.focus({ preventScroll: true });
    return ++panelShown;
  }

  function typeChip(type) {
    return h("span", { class: `type ${type}`, text: (TYPES[type] || TYPES.other).label });
  }

  function sourceNote(source) {
    if (!source) return null;
    const link = source.id && isSlug(source.id)
      ? h("a", { href: pagePath(source.id), text: source.label })
      : source.label;
    const curated = source.curated ? h("span", { class: "curated", text: "curated" }) : null;
    return h("span", { class: "source" }, " — ", link, curated);
  }

  /** A button that looks like a link: for actions that stay on this page. */
  function linkButton(text, onclick, className) {
    return h("button", { type: "button", class: className ? `link ${className}` : "link", text, onclick });
  }

  function focusButton(item, className) {
    return linkButton(item.label, () => goFocus(item.id, true), className);
  }

  function chips(items) {
    return h("ul", { class: "chips" }, items.map((item) => h("li", {}, focusButton(item))));
  }

  // --- The graph ----------------------------------------------------------------------------------------------------

  function graphStyle() {
    // On a phone the whole graph is fitted into a small canvas and zoomed out: larger type stays readable.
    const scale = container.clientWidth < 600 ? 1.35 : 1;
    const styles = [
      {
        selector: "node",
        style: {
          label: "data(label)", "font-size": 12 * scale, "font-family": "system-ui, sans-serif", color: "#1d2330",
          "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap", "text-max-width": 120,
          "text-background-color": "#fbfcfe", "text-background-opacity": 0.85, "text-background-padding": 2,
          "text-background-shape": "round-rectangle", "border-width": 1.5, "border-color": "#ffffff",
          "min-zoomed-font-size": 6,
        },
      },
    ];
    for (const [name, type] of Object.entries(TYPES)) {
      styles.push({
        selector: `node[type = "${name}"]`,
        style: { "background-color": type.color, shape: type.shape, width: type.size, height: type.size },
      });
    }
    styles.push(
      { selector: 'node[type = "framework"]', style: { "font-size": 14 * scale, "font-weight": 600 } },
      // Node.js is a framework and a runtime: drawn as a framework with a runtime-coloured ring.
      { selector: "node.runtime", style: { "border-width": 4, "border-color": TYPES.runtime.color } },
      {
        selector: "edge",
        style: {
          width: 1.4, "line-color": "#b3bccb", "target-arrow-color": "#b3bccb", "target-arrow-shape": "triangle",
          "arrow-scale": 0.8, "curve-style": "bezier", label: "data(label)", "font-size": 9 * scale, color: "#5b6475",
          "text-rotation": "autorotate", "text-background-color": "#fbfcfe", "text-background-opacity": 0.9,
          "text-background-padding": 1, "min-zoomed-font-size": 7,
        },
      },
      { selector: "node.clustered", style: { "background-color": "data(clusterColor)" } },
      {
        selector: "edge.similar",
        style: {
          "line-style": "dashed", "line-color": "#7b61ff", "target-arrow-shape": "none", color: "#4b36c4",
          width: "mapData(score, 0, 0.3, 1, 5)",
        },
      },
      {
        selector: "node.answer",
        style: {
          "underlay-color": "#ffd43b", "underlay-padding": 9, "underlay-opacity": 0.9, "underlay-shape": "ellipse",
        },
      },
      {
        selector: "node.term",
        style: {
          "underlay-color": "#1d2330", "underlay-padding": 7, "underlay-opacity": 0.18, "underlay-shape": "ellipse",
        },
      },
      {
        selector: "edge.why",
        style: {
          "line-color": "#1d2330", "target-arrow-color": "#1d2330", width: 2.4, "line-style": "dashed",
          color: "#1d2330", "font-weight": 600,
        },
      },
      { selector: ".faded", style: { opacity: 0.16 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#1d2330" } },
    );
    return styles;
  }

  window.cytoscape.use(window.cytoscapeFcose);
  const cy = window.cytoscape({
    container,
    style: graphStyle(),
    minZoom: 0.15,
    maxZoom: 3,
    boxSelectionEnabled: false,
    selectionType: "single",
  });
  window.stackatlasExplorer = { cy }; // for the console and the browser tests

  let mode = null; // "start" (the frameworks and whatever was expanded) or "construct" (a query's triples)
  let current = {}; // what is shown, as in the URL
  let layoutRun = null;
  let clusters = null; // the /api/clusters answer while clusters are on
  let shownAnswer = null; // the last answer or filter result, to go back to from a node
  let shownConstruct = null;
  let applied = 0; // counts calls of apply(): only the latest may finish

  function nodeElement(node, position) {
    const types = node.types || [node.type];
    return {
      group: "nodes",
      data: { id: node.id, label: node.label, type: TYPES[node.type] ? node.type : "other", types, iri: node.iri },
      classes: node.type !== "runtime" && types.includes("runtime") ? "runtime" : "",
      position,
    };
  }

  function centreOf(nodes) {
    const box = nodes.boundingBox();
    return { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
  }

  function viewportCentre() {
    const extent = cy.extent();
    return { x: (extent.x1 + extent.x2) / 2, y: (extent.y1 + extent.y2) / 2 };
  }

  /** Add the nodes and edges of an /api/graph answer that are not drawn yet, new nodes next to `anchor`. */
  function addView(view, anchor) {
    const around = anchor && anchor.nonempty() ? anchor.position() : viewportCentre();
    const added = [];
    cy.batch(() => {
      for (const node of view.nodes) {
        if (cy.getElementById(node.id).nonempty()) continue;
        const position = { x: around.x + (Math.random() - 0.5) * 80, y: around.y + (Math.random() - 0.5) * 80 };
        added.push(cy.add(nodeElement(node, position)));
      }
      for (const edge of view.edges) {
        if (cy.getElementById(edge.id).nonempty()) continue;
        if (cy.getElementById(edge.source).empty() || cy.getElementById(edge.target).empty()) continue;
        cy.add({ group: "edges", data: { ...edge } });
      }
    });
    if (clusters) paintClusters();
    return cy.collection(added);
  }

  /** Lay the graph out again (keeping positions unless `randomize`), then fit it, or `fitTo` if given. */
  function relayout(randomize, fitTo) {
    if (layoutRun) layoutRun.stop();
    if (cy.nodes().empty()) {
      container.dataset.layout = "done";
      return;
    }
    container.dataset.layout = "running";
    const narrow = container.clientWidth < 600;
    layoutRun = cy.layout({
      name: "fcose",
      randomize,
      quality: "default",
      animate: !reducedMotion && cy.nodes().length < 400,
      animationDuration: 450,
      fit: true,
      padding: 36,
      nodeRepulsion: () => (narrow ? 4500 : 6500),
      // A similarity edge is as short as the two frameworks are alike, so clusters come together.
      idealEdgeLength: (edge) => (narrow ? 55 : 75) * (edge.hasClass("similar") ? 1.6 - 2 * edge.data("score") : 1),
      nodeSeparation: narrow ? 50 : 70,
      packComponents: true,
      nodeDimensionsIncludeLabels: true,
    });
    layoutRun.one("layoutstop", () => {
      // A wide drawing in a tall canvas (a phone) is turned on its side to use the height.
      const box = cy.nodes().boundingBox();
      if (container.clientHeight > container.clientWidth && box.w > box.h * 1.2) {
        cy.nodes().positions((node) => ({ x: node.position("y"), y: node.position("x") }));
        cy.fit(undefined, 30);
      }
      if (fitTo && fitTo.nonempty()) cy.fit(fitTo, 50);
      // A few nodes fitted to the screen would be drawn huge: keep them at a readable size.
      const most = narrow ? MAX_FIT_ZOOM / 1.3 : MAX_FIT_ZOOM; // on a phone the type is already larger
      const shown = fitTo && fitTo.nonempty() ? fitTo : cy.nodes();
      if (cy.zoom() > most) cy.zoom({ level: most, position: centreOf(shown) });
      container.dataset.layout = "done";
    });
    layoutRun.run();
  }

  async function showStart() {
    const view = await getJson("/api/graph");
    cy.elements().remove();
    mode = "start";
    shownConstruct = null;
    addView(view, null);
    relayout(true);
  }

  // What is drawn, as a list: for keyboards and screen readers, which cannot use the canvas.
  const inViewList = document.getElementById("in-view-list");
  const inViewCount = document.getElementById("in-view-count");
  let inViewTimer = null;
  function updateInView() {
    clearTimeout(inViewTimer);
    inViewTimer = setTimeout(() => {
      const nodes = cy.nodes().sort((a, b) => a.data("label").localeCompare(b.data("label")));
      const edges = cy.edges();
      inViewCount.textContent = `${nodes.length} nodes, ${edges.length} edges`;
      container.dataset.nodes = String(nodes.length);
      inViewList.replaceChildren(
        ...nodes.map((node) =>
          h("li", { "data-id": node.id() }, focusButton({ id: node.id(), label: node.data("label") }), " ",
            h("span", { class: "muted", text: (TYPES[node.data("type")] || TYPES.other).label })),
        ),
      );
      drawLegend();
    }, 30);
  }
  cy.on("add remove", updateInView);

  function drawLegend() {
    const present = new Set(cy.nodes().map((node) => node.data("type")));
    const items = Object.entries(TYPES)
      .filter(([name]) => present.has(name))
      .map(([, type]) => {
        const swatch = h("span", { class: "swatch" });
        swatch.style.background = type.color;
        swatch.style.borderRadius = type.shape === "ellipse" ? "50%" : type.shape === "round-rectangle" ? "3px" : "0";
        if (SWATCH_CLIP[type.shape]) swatch.style.clipPath = SWATCH_CLIP[type.shape];
        return h("span", { class: "item" }, swatch, type.label);
      });
    const line = (kind, text) => h("span", { class: "item" }, h("span", { class: `swatch line ${kind}` }), text);
    if (cy.edges(".why").nonempty()) items.push(line("why", "why it matches"));
    if (clusters) {
      items.push(line("similar", "similar (score)"));
      items.push(
        h("div", { class: "clusters" }, clusters.clusters.map((cluster, i) => {
          const swatch = h("span", { class: "swatch" });
          swatch.style.background = CLUSTER_COLORS[i % CLUSTER_COLORS.length];
          return h("span", { class: "item cluster" }, swatch, cluster.label);
        })),
      );
    }
    legend.replaceChildren(...items);
  }

  // --- Selecting, details, expanding ---------------------------------------------------------------------------------

  cy.on("tap", "node", (event) => goFocus(event.target.id(), false));
  cy.on("dbltap", "node", (event) => expand(event.target.id()));

  /** Select a node (bringing in its neighbourhood if it is not drawn) and show its details; record it in the URL. */
  function goFocus(id, fromKeyboard) {
    if (current.focus === id && cy.getElementById(id).selected()) return;
    navigate({ ...current, focus: id });
    selectNode(id, { focusPanel: fromKeyboard }).catch(showError);
  }

  async function selectNode(id, { focusPanel = false } = {}) {
    let node = cy.getElementById(id);
    if (node.empty()) {
      if (!isSlug(id)) throw new HttpError(404, `Nothing called ${id} is drawn.`);
      const view = await getJson("/api/graph?focus=" + enc(id));
      addView(view, null);
      relayout(false);
      node = cy.getElementById(id);
    }
    cy.elements(":selected").unselect();
    node.select();
    const extent = cy.extent();
    const where = node.position();
    if (where.x < extent.x1 || where.x > extent.x2 || where.y < extent.y1 || where.y > extent.y2) {
      cy.animate({ center: { eles: node } }, { duration: reducedMotion ? 0 : 300 });
    }
    await showDetails(node, focusPanel);
  }

  function backToAnswers() {
    if (!shownAnswer) return null;
    return h("p", { class: "nav" }, linkButton("← Back to the answers", () => {
      const { focus, ...rest } = current; // the same answers, without the node
      navigate(rest);
      apply(rest);
    }));
  }

  function heading(data) {
    return [
      backToAnswers(),
      h("p", { class: "kind" }, typeChip(data.type)),
      h("h2", { text: data.label }),
      data.iri ? h("p", { class: "iri muted" }, h("code", { text: data.iri })) : null,
    ];
  }

  async function showDetails(node, focusPanel) {
    const data = node.data();
    const id = data.id;
    const shown = showPanel([...heading(data), h("p", { class: "muted", text: "Loading…" })], { focus: focusPanel });
    let content;
    if ((data.types || []).includes("framework") && isSlug(id)) {
      const [record, similar] = await Promise.allSettled([
        getJson(`/api/frameworks/${enc(id)}`),
        getJson(`/api/frameworks/${enc(id)}/similar?k=5`),
      ]);
      if (record.status === "rejected") throw record.reason;
      content = frameworkDetails(record.value, similar);
    } else if (isSlug(id)) {
      content = resourceDetails(data, await getJson("/api/graph?focus=" + enc(id)));
    } else {
      content = constructNodeDetails(data);
    }
    if (shown !== panelShown) return; // the panel has moved on meanwhile
    showPanel([...heading(data), ...content]); // the panel keeps the focus it was given above
  }

  function actions(id) {
    return h("div", { class: "actions" },
      h("button", { type: "button", text: "Expand neighbours", onclick: () => expand(id) }),
      h("a", { href: pagePath(id), text: "Linked-data page" }));
  }

  function frameworkDetails(record, similar) {
    const parts = [];
    if (record.description) parts.push(h("p", { text: record.description }));
    parts.push(actions(record.id));
    const relation = (title, items) => {
      if (items && items.length) parts.push(h("h3", { text: title }), chips(items));
    };
    relation("Language", record.language);
    relation("Built on", record.built_on);
    relation("Runs on", record.runs_on);
    relation("Part of", record.part_of);
    relation("Style", record.style);
    relation("Use cases", record.use_cases);
    relation("Features", record.features);
    relation("Used by", record.used_by);
    const project = [
      ...(record.licence || []).map((item) => h("li", { text: `Licence: ${item.label}` })),
      ...[["Homepage", record.homepage], ["Source code", record.repository]].flatMap(([title, items]) =>
        (items || []).filter((item) => /^https?:\/\//.test(item.iri)).map((item) =>  // never a javascript: URL
          h("li", {}, `${title}: `, h("a", { href: item.iri, rel: "noopener noreferrer", text: item.iri })))),
    ];
    if (project.length) parts.push(h("h3", { text: "Project" }), h("ul", { class: "project" }, project));
    for (const [title, claims] of [["Pros", record.pros], ["Cons", record.cons]]) {
      if (!claims || !claims.length) continue;
      parts.push(h("h3", { text: title }), h("ul", { class: "claims" }, claims.map((claim) =>
        h("li", {},
          h("span", { class: "aspect", text: claim.aspects.map((a) => a.label).join(", ") }), ": ",
          claim.description, sourceNote(claim.source)))));
    }
    if (record.recommendations && record.recommendations.length) {
      parts.push(h("h3", { text: "Recommended" }), h("ul", { class: "claims" }, record.recommendations.map((rec) =>
        h("li", {},
          h("span", { class: "aspect", text: rec.audiences.map((a) => a.label).join(", ") }), ": ",
          rec.description, sourceNote(rec.source)))));
    }
    parts.push(...benchmarkDetails(record));
    parts.push(h("h3", { text: "Similar frameworks" }), similarList(record, similar));
    if (record.sources && record.sources.length) {
      parts.push(h("h3", { text: "Sources" }), h("ul", { class: "sources" }, record.sources.map((source) =>
        h("li", {}, h("a", { href: pagePath(source.id), text: source.label })))));
    }
    return parts;
  }

  /** What the public datasets say: TechEmpower's class and set-ups, the-benchmarker's figures with their run. */
  function benchmarkDetails(record) {
    const parts = [];
    const kinds = [["TechEmpower class", record.benchmark_classification], ["Benchmarked on", record.benchmarked_platform],
      ["Benchmarked with", record.benchmarked_with], ["ORM class", record.benchmarked_orm],
      ["Web servers", record.benchmarked_on]];
    const setups = record.benchmark_setups || [];
    if (kinds.some(([, items]) => items && items.length) || setups.length) {
      parts.push(h("h3", { text: "Benchmark set-ups" }));
      const rows = kinds.filter(([, items]) => items && items.length).map(([title, items]) =>
        h("li", {}, `${title}: `, items.map((item) => item.label).join(", ")));
      if (rows.length) parts.push(h("ul", { class: "project" }, rows));
      if (setups.length) {
        const broken = setups.filter((setup) => setup.broken).length;
        parts.push(h("details", { class: "setups" },
          h("summary", { class: "muted", text: `${setups.length} set-up(s)` + (broken ? `, ${broken} marked broken` : "") }),
          h("ul", {}, setups.map((setup) => h("li", {}, setup.label, setup.broken ? " (broken)" : "",
            sourceNote(setup.source))))));
      }
    }
    const figures = record.figures || { measurements: [], runs: [] };
    if (figures.measurements.length) {
      parts.push(h("h3", { text: "Measured" }), h("table", { class: "figures" },
        h("thead", {}, h("tr", {}, ...["set-up", "connections", "requests/s", "p50 ms", "p99 ms"].map((title) =>
          h("th", { scope: "col", text: title })))),
        h("tbody", {}, figures.measurements.map((m) => h("tr", {},
          h("td", { text: m.setup.label }), h("td", { text: String(m.concurrency) }),
          h("td", { text: m.requests_per_second === undefined ? "–" : Math.round(m.requests_per_second).toLocaleString("en") }),
          h("td", { text: m.latency_p50 === undefined ? "–" : (m.latency_p50 * 1000).toFixed(1) }),
          h("td", { text: m.latency_p99 === undefined ? "–" : (m.latency_p99 * 1000).toFixed(1) }))))));
      for (const run of figures.runs) {
        parts.push(h("p", { class: "muted caveat" }, `${run.label}, on ${run.hardware}. ${run.caveat}`));
      }
    }
    return parts;
  }

  function similarList(record, similar) {
    if (similar.status === "rejected") {
      const why = similar.reason.status === 404 ? "No similarity for this framework from this server." : "";
      return h("p", { class: "notice", text: `${why} (${similar.reason.message})`.trim() });
    }
    const results = similar.value.results;
    if (!results.length) return h("p", { class: "muted", text: "No framework shares anything with this one." });
    const top = results.slice(0, 2).map((match) => match.id);
    return h("div", {},
      h("p", { class: "muted" }, "Weighted share of what either has (1 = the same). ",
        h("a", { href: `/compare?ids=${[record.id, ...top].map(enc).join(",")}`, text: "Compare with the top two" })),
      h("ol", { class: "similar" }, results.map((match) =>
        h("li", {},
          h("div", { class: "score" },
            focusButton(match), barOf(match.score), h("span", { text: match.score.toFixed(2) })),
          match.shared.length ? h("div", { class: "shared", text: "Shares: " + match.shared.join("; ") }) : null,
          match.different.length
            ? h("details", {}, h("summary", { class: "muted", text: "Where they differ" }),
              h("ul", {}, match.different.map((line) => h("li", { text: line }))))
            : null,
          h("a", { class: "muted", href: `/compare?ids=${enc(record.id)},${enc(match.id)}` }, "Compare side by side"),
        ))));
  }

  function barOf(score) {
    const fill = h("span");
    fill.style.width = `${Math.round(Math.min(1, score) * 100)}%`;
    return h("span", { class: "bar", "aria-hidden": "true" }, fill);
  }

  function resourceDetails(data, view) {
    const parts = [actions(data.id)];
    const labelOf = new Map(view.nodes.map((node) => [node.id, node]));
    const groups = new Map();
    for (const edge of view.edges) {
      const outgoing = edge.source === data.id;
      if (!outgoing && edge.target !== data.id) continue;
      const title = outgoing ? `${data.label} ${edge.label} …` : `… ${edge.label} ${data.label}`;
      const other = labelOf.get(outgoing ? edge.target : edge.source);
      if (!groups.has(title)) groups.set(title, []);
      if (other) groups.get(title).push(other);
    }
    parts.push(h("p", { class: "muted", text: `${view.total_neighbours} neighbours in the graph.` }));
    for (const [title, items] of groups) parts.push(h("h3", { text: title }), chips(items));
    return parts;
  }

  function constructNodeDetails(data) {
    const parts = [];
    if (data.props && data.props.length) {
      parts.push(h("h3", { text: "Values" }), h("ul", { class: "claims" }, data.props.map(([predicate, value]) =>
        h("li", {}, h("code", { text: predicate }), " ", value))));
    }
    if (!parts.length) parts.push(h("p", { class: "muted", text: "The query gave no values for this node." }));
    return parts;
  }

  function confirmInline(message) {
    const box = document.getElementById("prompt");
    const yes = document.getElementById("prompt-yes");
    const no = document.getElementById("prompt-no");
    document.getElementById("prompt-text").textContent = message;
    box.hidden = false;
    yes.focus();
    return new Promise((resolve) => {
      const done = (answer) => {
        box.hidden = true;
        yes.onclick = no.onclick = box.onkeydown = null;
        resolve(answer);
      };
      yes.onclick = () => done(true);
      no.onclick = () => done(false);
      box.onkeydown = (event) => {
        if (event.key === "Escape") done(false);
      };
    });
  }

  async function expand(id) {
    const node = cy.getElementById(id);
    if (node.empty() || !isSlug(id)) return;
    const label = node.data("label");
    try {
      const view = await getJson("/api/graph?focus=" + enc(id));
      const fresh = view.nodes.filter((other) => cy.getElementById(other.id).empty());
      if (!fresh.length) {
        setStatus(`All ${view.total_neighbours} neighbours of ${label} are already shown.`);
        return;
      }
      const question = `${label} has ${view.total_neighbours} neighbours; ${fresh.length} are not shown yet. `
        + "Show them all?";
      if (fresh.length > EXPAND_CONFIRM && !(await confirmInline(question))) return;
      addView(view, node);
      relayout(false);
      setStatus(`Added ${fresh.length} neighbours of ${label}.`);
    } catch (error) {
      showError(error);
    }
  }

  // --- Questions and filters: answers lit on the graph, each with its why --------------------------------------------

  function clearHighlights() {
    cy.batch(() => {
      cy.edges(".why-added").remove();
      cy.elements().removeClass("answer term faded why");
    });
  }

  function ensureNode(item, type, added) {
    let node = cy.getElementById(item.id);
    if (node.empty()) {
      const drawn = { id: item.id, label: item.label, iri: item.iri, type, types: [type] };
      node = cy.add(nodeElement(drawn, viewportCentre()));
      added.push(node);
    }
    return node;
  }

  function highlight(results, allConstraints) {
    clearHighlights();
    const added = [];
    // "According to the article" limits which claims count; it is said in the panel, not drawn.
    const constraints = allConstraints.filter((term) => term.kind !== "source");
    cy.batch(() => {
      for (const term of constraints) ensureNode(term, WHY_TYPE[term.kind] || "other", added).addClass("term");
      for (const result of results) {
        const node = ensureNode(result, "framework", added).addClass("answer");
        for (const term of constraints) {
          if (term.id === result.id) continue;
          const direct = node.edgesWith(cy.getElementById(term.id));
          if (direct.nonempty()) {
            direct.addClass("why");
          } else {
            const label = WHY_VERB[term.kind] || "matches";
            cy.add({
              group: "edges",
              data: { id: `why ${result.id} ${term.id}`, source: result.id, target: term.id, label },
              classes: "why why-added",
            });
          }
        }
      }
      const lit = cy.nodes(".answer, .term");
      if (lit.nonempty()) cy.elements().not(lit.union(cy.edges(".why"))).addClass("faded");
    });
    const lit = cy.nodes(".answer, .term");
    if (added.length) relayout(false, lit);
    else if (lit.nonempty()) cy.animate({ fit: { eles: lit, padding: 50 } }, { duration: reducedMotion ? 0 : 350 });
    drawLegend();
  }

  /** Fetch the answer to the question or the filters of a state (null if it has neither). */
  async function answerFor(state) {
    if (state.q) {
      const answer = await getJson("/api/ask?q=" + enc(state.q));
      return { kind: "ask", title: state.q, answer, constraints: answer.interpretation.constraints };
    }
    if (!hasFilters(state)) return null;
    const params = new URLSearchParams();
    for (const name of FILTERS) for (const value of state[name] || []) params.append(name, value);
    const answer = await getJson("/api/frameworks?" + params);
    const summary = answer.filters.map((term) => term.means).join(" and ");
    return {
      kind: "filter", title: "Filtered frameworks", answer, constraints: answer.filters,
      summary: summary ? `frameworks ${summary}` : "all frameworks",
    };
  }

  function countText(n) {
    return n === 1 ? "1 framework matches." : `${n} frameworks match.`;
  }

  function answersPanel() {
    const { kind, title, answer } = shownAnswer;
    const parts = [h("p", { class: "nav" }, linkButton("← Overview", goHome)), h("h2", { text: title })];
    const summary = kind === "ask" ? answer.interpretation.summary : shownAnswer.summary;
    if (summary) parts.push(h("p", {}, h("strong", { text: "Read as: " }), summary));
    if (kind === "ask" && answer.interpretation.ignored.length) {
      parts.push(h("p", { class: "muted", text: "Words not used: " + answer.interpretation.ignored.join(", ") }));
    }
    if (answer.message) {
      parts.push(h("p", { class: "notice", text: answer.message }), ...suggestionsOf(answer.suggestions));
    }
    parts.push(h("p", { class: "count", text: countText(answer.results.length) }));
    parts.push(h("ol", { class: "answers", id: "answers" }, answer.results.map(answerItem)));
    if (answer.sparql) {
      const editor = h("a", { href: sparqlEditorUrl(answer.sparql), id: "show-sparql" }, "Show SPARQL in the editor");
      const query = h("pre", { class: "sparql", text: answer.sparql });
      parts.push(
        h("div", { class: "actions" }, editor),
        h("details", {}, h("summary", { text: "The query that ran" }), query),
      );
    }
    return parts;
  }

  /** One answer: its name, and each statement that makes it one, with the triple and the source. */
  function answerItem(result) {
    const score = typeof result.score === "number"
      ? h("span", { class: "muted", text: ` score ${result.score.toFixed(2)}` })
      : null;
    const reasons = result.why.map((reason) => h("li", {},
      reason.text, sourceNote(reason.source), h("span", { class: "triple", text: reason.triple.join("  ") })));
    return h("li", { "data-id": result.id },
      h("div", {}, focusButton(result, "title"), score),
      h("ul", { class: "why" }, reasons));
  }

  function suggestionsOf(suggestions) {
    if (!suggestions) return [];
    const parts = [];
    for (const [word, names] of Object.entries(suggestions.did_you_mean || {})) {
      parts.push(h("p", { text: `“${word}”: did you mean ${names.join(", ")}?` }));
    }
    if (suggestions.examples && suggestions.examples.length) {
      const examples = suggestions.examples.map((example) => h("li", {}, linkButton(example, () => goAsk(example))));
      parts.push(h("p", { class: "muted", text: "Questions that work:" }), h("ul", {}, examples));
    }
    return parts;
  }

  function goHome() {
    navigate({});
    apply({});
  }

  function goAsk(question) {
    const state = { q: question };
    navigate(state);
    apply(state);
  }

  // --- Clusters and similarity edges ---------------------------------------------------------------------------------

  function paintClusters() {
    const colourOf = new Map();
    clusters.clusters.forEach((cluster, i) => {
      const colour = CLUSTER_COLORS[i % CLUSTER_COLORS.length];
      for (const member of cluster.members) colourOf.set(member, [colour, cluster.label]);
    });
    cy.batch(() => {
      for (const node of cy.nodes('[type = "framework"]')) {
        const found = colourOf.get(node.id());
        if (!found) continue;
        node.data({ clusterColor: found[0], cluster: found[1] });
        node.addClass("clustered");
      }
    });
  }

  async function drawSimilarity() {
    const frameworks = cy.nodes('[type = "framework"]').filter((node) => isSlug(node.id()));
    const answers = await Promise.all(frameworks.map((node) =>
      getJson(`/api/frameworks/${enc(node.id())}/similar?k=${SIMILAR_EDGES}`).catch(() => null)));
    cy.batch(() => {
      answers.forEach((answer, i) => {
        if (!answer) return;
        const from = frameworks[i].id();
        for (const match of answer.results) {
          const [a, b] = [from, match.id].sort();
          const id = `similar ${a} ${b}`;
          if (cy.getElementById(id).nonempty() || cy.getElementById(match.id).empty()) continue;
          const data = { id, source: a, target: b, score: match.score, label: match.score.toFixed(2) };
          cy.add({ group: "edges", data, classes: "similar" });
        }
      });
    });
    container.dataset.similar = String(cy.edges(".similar").length);
  }

  async function toggleClusters() {
    if (clusters) {
      clusters = null;
      clustersButton.setAttribute("aria-pressed", "false");
      cy.batch(() => {
        cy.edges(".similar").remove();
        cy.nodes(".clustered").removeClass("clustered");
      });
      delete container.dataset.similar;
      drawLegend();
      setStatus("");
      return;
    }
    clustersButton.setAttribute("aria-pressed", "true");
    try {
      clusters = await getJson("/api/clusters");
    } catch (error) {
      clustersButton.setAttribute("aria-pressed", "false");
      setStatus(error.status === 404 ? "Clusters are not available from this server." : error.message, true);
      return;
    }
    paintClusters();
    drawLegend();
    await drawSimilarity();
    relayout(true); // afresh: similarity edges pull each cluster together
    const count = clusters.clusters.length;
    setStatus(`${count} clusters; dashed edges join each framework to its ${SIMILAR_EDGES} most similar.`);
  }

  // --- A CONSTRUCT or DESCRIBE query drawn as a graph (/?construct=...) ----------------------------------------------

  const NT_TERM = /\s*(?:<([^>]*)>|_:([^\s.]+(?:\.[^\s.]+)*)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)/y;

  function unescapeNt(text) {
    return text.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, (all, u4, u8, c) => {
      if (u4 || u8) return String.fromCodePoint(parseInt(u4 || u8, 16));
      return { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f" }[c] || c;
    });
  }

  /** Parse N-Triples into [subject, predicate, object] terms ({kind: iri | blank | literal, value, lang}). */
  function parseNTriples(text) {
    const triples = [];
    for (const line of text.split("\n")) {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith("#")) continue;
      NT_TERM.lastIndex = 0;
      const terms = [];
      let match;
      while (terms.length < 3 && (match = NT_TERM.exec(trimmed))) {
        if (match[1] !== undefined) terms.push({ kind: "iri", value: unescapeNt(match[1]) });
        else if (match[2] !== undefined) terms.push({ kind: "blank", value: match[2] });
        else terms.push({ kind: "literal", value: unescapeNt(match[3]), lang: match[4] || null });
      }
      if (terms.length === 3) triples.push(terms);
    }
    return triples;
  }

  function termId(term) {
    if (term.kind === "blank") return "_:" + term.value;
    return term.value.startsWith(config.base) ? term.value.slice(config.base.length) : term.value;
  }

  async function showConstruct(query) {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/n-triples" },
      body: new URLSearchParams({ query }),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 300);
      try {
        message = JSON.parse(text).error.message;
      } catch (ignored) {
        // not the JSON error shape: keep the start of the text
      }
      if (response.status === 406) message = "Only CONSTRUCT and DESCRIBE queries can be drawn as a graph. " + message;
      throw new HttpError(response.status, message);
    }
    const triples = parseNTriples(text);
    const typeOf = new Map(config.types.map((type, rank) => [type.iri, [rank, type.name]]));
    const nodes = new Map();
    const node = (term) => {
      const id = termId(term);
      if (!nodes.has(id)) {
        nodes.set(id, { id, iri: term.kind === "iri" ? term.value : null, label: null, ranks: [], props: [] });
      }
      return nodes.get(id);
    };
    const edges = [];
    for (const [subject, predicate, object] of triples) {
      const from = node(subject);
      if (object.kind === "literal") {
        const naming = LABEL_PREDICATES.includes(predicate.value) && (!from.label || object.lang === "en");
        if (naming) from.label = object.value;
        else from.props.push([compact(predicate.value), object.value]);
      } else if (predicate.value === RDF + "type") {
        if (typeOf.has(object.value)) from.ranks.push(typeOf.get(object.value));
        else from.props.push(["rdf:type", compact(object.value)]);
      } else {
        const to = node(object);
        const name = compact(predicate.value);
        edges.push({
          id: `${from.id} ${predicate.value} ${to.id}`, source: from.id, target: to.id,
          predicate: name, label: name.replace(/^[^:]*:/, ""),
        });
      }
    }
    await describeNodes(nodes, typeOf);
    const view = {
      nodes: [...nodes.values()].map((n) => {
        const types = n.ranks.sort((a, b) => a[0] - b[0]).map((rank) => rank[1]);
        const label = n.label || (n.iri ? compact(n.iri) : n.id);
        return { id: n.id, iri: n.iri, label, type: types[0] || "other", types, props: n.props };
      }),
      edges,
    };
    cy.elements().remove();
    mode = "construct";
    shownConstruct = {
      query, triples: triples.length, nodes: view.nodes.length, edges: edges.length,
      truncated: response.headers.get("X-StackAtlas-Truncated"),
    };
    addView(view, null);
    for (const item of view.nodes) cy.getElementById(item.id).data("props", item.props);
    relayout(true);
  }

  /** Fill in the labels and types a query's answer did not carry (a DESCRIBE gives none for its objects). */
  async function describeNodes(nodes, typeOf) {
    const wanted = [...nodes.values()].filter((n) => n.iri && SAFE_IRI.test(n.iri) && (!n.label || !n.ranks.length));
    if (!wanted.length || wanted.length > 500) return;
    const values = wanted.map((n) => `<${n.iri}>`).join(" ");
    const types = config.types.map((type) => `<${type.iri}>`).join(" ");
    const query = `SELECT ?s ?label ?type WHERE { VALUES ?s { ${values} }
  OPTIONAL { ?s <${LABEL_PREDICATES[0]}> ?label } OPTIONAL { VALUES ?type { ${types} } ?s a ?type } }`;
    let answer;
    try {
      answer = await getJson("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
        body: new URLSearchParams({ query }),
      });
    } catch (error) {
      return; // the drawing still works with IRIs for names
    }
    const byIri = new Map(wanted.map((n) => [n.iri, n]));
    for (const row of answer.results.bindings) {
      const found = byIri.get(row.s.value);
      if (row.label && !found.label) found.label = row.label.value;
      const rank = row.type && typeOf.get(row.type.value);
      if (rank && !found.ranks.some((known) => known[1] === rank[1])) found.ranks.push(rank);
    }
  }

  function constructPanel() {
    const info = shownConstruct;
    return [
      h("p", { class: "nav" }, linkButton("← Back to the frameworks", goHome)),
      h("h2", { text: "A query, as a graph" }),
      h("p", { text: `${info.triples} triples drawn as ${info.nodes} nodes and ${info.edges} edges. `
        + "Labels name the nodes; other values are listed in each node's details." }),
      info.truncated ? h("p", { class: "notice", text: "The answer was cut at the server's row limit." }) : null,
      h("div", { class: "actions" }, h("a", { href: sparqlEditorUrl(info.query), text: "Edit in the SPARQL editor" })),
      h("pre", { class: "sparql", text: info.query }),
    ];
  }

  // --- Exports -------------------------------------------------------------------------------------------------------

  function visibleGraph() {
    return {
      nodes: cy.nodes().map((node) => ({
        id: node.id(), label: node.data("label"), type: node.data("type"), iri: node.data("iri"),
      })),
      edges: cy.edges().map((edge) => ({
        source: edge.source().id(), target: edge.target().id(),
        predicate: edge.data("predicate") || null, label: edge.data("label") || null,
      })),
    };
  }

  function turtleQuery() {
    const iris = [...new Set(cy.nodes().map((node) => node.data("iri")).filter((iri) => iri && SAFE_IRI.test(iri)))];
    const values = iris.map((iri) => `<${iri}>`).join(" ");
    const types = config.types.map((type) => `<${type.iri}>`).join(" ");
    // The statements among the visible resources, their labels and types, and the pros and cons
    // drawn as "praised for" / "criticised for" edges (an assessment node between framework and aspect).
    return `PREFIX rdfs: <${config.prefixes.rdfs}>
PREFIX sa: <${config.prefixes.sa}>
PREFIX dct: <${config.prefixes.dct}>
CONSTRUCT { ?s ?p ?o . ?s rdfs:label ?label . ?s a ?type .
            ?s ?has ?assessment . ?assessment sa:aspect ?aspect ; dct:description ?description . }
WHERE {
  VALUES ?s { ${values} }
  { VALUES ?o { ${values} } ?s ?p ?o }
  UNION { ?s rdfs:label ?label }
  UNION { VALUES ?type { ${types} } ?s a ?type }
  UNION { VALUES ?has { sa:hasPro sa:hasCon } VALUES ?aspect { ${values} }
          ?s ?has ?assessment . ?assessment sa:aspect ?aspect ; dct:description ?description . }
}`;
  }

  async function exportAs(kind) {
    document.getElementById("export").open = false;
    if (kind === "png") {
      download("stackatlas-graph.png", cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" }));
    } else if (kind === "json") {
      const json = JSON.stringify(visibleGraph(), null, 2);
      download("stackatlas-graph.json", new Blob([json], { type: "application/json" }));
    } else if (kind === "ttl") {
      if (cy.nodes().filter((node) => node.data("iri")).empty()) {
        setStatus("Nothing with an IRI to export.", true);
        return;
      }
      const response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/turtle" },
        body: new URLSearchParams({ query: turtleQuery() }),
      });
      if (!response.ok) return setStatus(`Export failed (${response.status}).`, true);
      download("stackatlas-graph.ttl", new Blob([await response.text()], { type: "text/turtle" }));
      // The service cuts a long answer at its row limit: say so rather than pass a part off as the whole.
      if (response.headers.get("X-StackAtlas-Truncated") === "true") {
        const limit = response.headers.get("X-StackAtlas-Row-Limit");
        return setStatus(`Exported the first ${limit} statements only: the service's row limit cut the rest. ` +
          "Focus on fewer nodes, or use stackatlas export for everything.", true);
      }
    }
    setStatus("Exported.");
  }

  // --- Search with autocomplete (an ARIA combobox) ----------------------------------------------------------------

  const searchInput = document.getElementById("search");
  const suggestionList = document.getElementById("search-results");
  let options = [];
  let active = -1;
  let searchSeq = 0;
  let searchTimer = null;
  let pending = null;

  function closeSuggestions() {
    suggestionList.hidden = true;
    searchInput.setAttribute("aria-expanded", "false");
    searchInput.removeAttribute("aria-activedescendant");
  }

  function renderSuggestions() {
    const items = options.length
      ? options.map((option, i) => h("li", {
        id: `match-${i}`, role: "option", "aria-selected": i === active ? "true" : "false",
        onmousedown: (event) => { event.preventDefault(); pick(i); },
      }, typeChip(option.type), h("span", { text: option.label }),
      option.matched !== option.label ? h("span", { class: "also", text: `“${option.matched}”` }) : null))
      : [h("li", { class: "empty", role: "option", "aria-disabled": "true", text: "No match" })];
    suggestionList.replaceChildren(...items);
    suggestionList.hidden = false;
    searchInput.setAttribute("aria-expanded", "true");
    if (active >= 0) searchInput.setAttribute("aria-activedescendant", `match-${active}`);
    else searchInput.removeAttribute("aria-activedescendant");
  }

  async function suggest() {
    clearTimeout(searchTimer);
    const text = searchInput.value.trim();
    const seq = ++searchSeq;
    if (!text) {
      options = [];
      closeSuggestions();
      return;
    }
    let found;
    try {
      found = await getJson(`/api/search?q=${enc(text)}&limit=8`);
    } catch (error) {
      return;
    }
    if (seq !== searchSeq) return; // a later keystroke has its own answer
    options = found.results;
    active = options.length ? 0 : -1;
    renderSuggestions();
  }

  function pick(i) {
    const option = options[i];
    if (!option) return;
    closeSuggestions();
    searchInput.value = option.label;
    goFocus(option.id, true);
  }

  searchInput.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { pending = suggest(); }, 120);
  });
  searchInput.addEventListener("keydown", async (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (suggestionList.hidden) return suggest();
      if (!options.length) return undefined;
      active = (active + (event.key === "ArrowDown" ? 1 : -1) + options.length) % options.length;
      renderSuggestions();
      document.getElementById(`match-${active}`).scrollIntoView({ block: "nearest" });
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (suggestionList.hidden || searchTimer) {
        await (pending = suggest()); // Enter before the suggestions came: find them first
      }
      pick(Math.max(active, 0));
    } else if (event.key === "Escape") {
      closeSuggestions();
    }
    return undefined;
  });
  searchInput.addEventListener("blur", () => setTimeout(closeSuggestions, 150));

  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      searchInput.focus();
    }
  });

  // --- State in the URL: deep links and the back button ----------------------------------------------------------

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    const state = {};
    for (const key of ["q", "focus", "construct"]) if (params.get(key)) state[key] = params.get(key);
    for (const name of FILTERS) {
      const values = params.getAll(name).filter(Boolean);
      if (values.length) state[name] = values;
    }
    return state;
  }

  function urlOf(state) {
    const params = new URLSearchParams();
    for (const key of ["q", ...FILTERS, "focus", "construct"]) {
      const value = state[key];
      if (Array.isArray(value)) value.forEach((item) => params.append(key, item));
      else if (value) params.set(key, value);
    }
    const query = params.toString();
    return "/" + (query ? "?" + query : "");
  }

  function navigate(state) {
    current = state;
    const url = urlOf(state);
    if (url !== window.location.pathname + window.location.search) window.history.pushState(null, "", url);
  }

  const hasFilters = (state) => FILTERS.some((name) => state[name] && state[name].length);

  function syncInputs(state) {
    askInput.value = state.q || "";
    for (const name of FILTERS) filterForm.elements[name].value = (state[name] || [""])[0];
  }

  function showError(error) {
    setStatus(error.message, true);
    showPanel([h("h2", { text: "Something is missing" }), h("p", { class: "notice", text: error.message }),
      h("p", {}, linkButton("Back to the overview", goHome))]);
  }

  /** Show what a state asks for: the graph (start view or a query's), then answers, then a selected node. */
  async function apply(state) {
    const run = ++applied;
    const stale = () => run !== applied; // the user has moved on (back button, a new question)
    current = state;
    container.dataset.state = "loading";
    syncInputs(state);
    setStatus(state.q ? "Asking…" : hasFilters(state) ? "Filtering…" : "");
    try {
      if (state.construct) {
        const drawn = mode === "construct" && shownConstruct && shownConstruct.query === state.construct;
        if (!drawn) await showConstruct(state.construct);
      } else if (mode !== "start") {
        await showStart();
      }
      const found = await answerFor(state);
      if (stale()) return;
      clearHighlights();
      shownAnswer = found;
      if (found) {
        highlight(found.answer.results, found.constraints);
        setStatus(countText(found.answer.results.length));
      }
      cy.elements(":selected").unselect();
      if (state.focus) await selectNode(state.focus);
      else if (shownAnswer) showPanel(answersPanel());
      else showPanel(state.construct ? constructPanel() : welcome);
    } catch (error) {
      if (!stale()) showError(error);
    }
    if (stale()) return;
    drawLegend();
    container.dataset.state = "ready";
  }

  window.addEventListener("popstate", () => apply(readUrl()));

  askForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const question = askInput.value.trim();
    if (question) goAsk(question);
  });

  filterForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const state = {};
    for (const name of FILTERS) if (filterForm.elements[name].value) state[name] = [filterForm.elements[name].value];
    document.getElementById("filters").open = false;
    navigate(state);
    apply(state);
  });
  filterForm.addEventListener("reset", () => {
    if (!hasFilters(current)) return;
    navigate({});
    apply({});
  });

  document.getElementById("reset").addEventListener("click", async () => {
    if (clusters) await toggleClusters();
    mode = null;
    navigate({});
    await apply({});
  });
  clustersButton.addEventListener("click", () => toggleClusters());
  for (const button of document.querySelectorAll("[data-export]")) {
    button.addEventListener("click", () => exportAs(button.dataset.export).catch(showError));
  }

  // Links in the overview work without JavaScript; with it they stay on this page.
  panel.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-ask], a[data-focus]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    if (link.dataset.ask) goAsk(link.dataset.ask);
    else goFocus(link.dataset.focus, true);
  });

  // Close an open menu when clicking elsewhere or pressing Escape.
  document.addEventListener("click", (event) => {
    for (const menu of document.querySelectorAll("details.menu[open]")) {
      if (!menu.contains(event.target)) menu.open = false;
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const menu of document.querySelectorAll("details.menu[open]")) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });

  apply(readUrl());
})();
