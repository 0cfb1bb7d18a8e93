// The accountability network: draws /reports/network.json with cytoscape.js at the positions the server laid out.
// Every node opens its page; filters by role, timescale and body; labels are canvas text (never parsed as HTML).
(function () {
  "use strict";
  var COLOURS = { accountable: "#1d3557", responsible: "#b35c00", partner: "#2a7d2a", answers: "#6b6b6b",
                  concerns: "#7b3f98", alarm: "#b00020", muted: "#767676" };
  var MARGIN = 24;

  function style(fonts) {
    return [
      { selector: "node", style: { "label": "data(label)", "font-family": "system-ui, sans-serif", "color": "#1b1b1b",
        "min-zoomed-font-size": 0, "text-events": "yes" } },
      { selector: "node.body", style: { "shape": "ellipse", "width": 12, "height": 12, "background-color": COLOURS.accountable,
        "font-size": fonts.body, "text-halign": "left", "text-valign": "center", "text-margin-x": -6 } },
      { selector: "node.body.no-role", style: { "background-color": COLOURS.muted, "color": "#4a4a4a" } },
      { selector: "node.body.criticised-no-role", style: { "shape": "diamond", "width": 14, "height": 14,
        "background-color": COLOURS.alarm, "color": COLOURS.alarm, "font-weight": "bold" } },
      { selector: "node.body.focus", style: { "border-width": 3, "border-color": "#f4a261", "font-weight": "bold" } },
      { selector: "node.action", style: { "shape": "round-rectangle", "width": 34, "height": 20,
        "background-color": "#fff1c1", "border-width": 2, "border-color": COLOURS.accountable,
        "font-size": fonts.action, "font-weight": "bold", "text-halign": "center", "text-valign": "center" } },
      { selector: "node.weakness", style: { "shape": "ellipse", "width": 10, "height": 10, "background-color": "#8a8a8a",
        "font-size": fonts.weakness, "text-halign": "right", "text-valign": "center", "text-margin-x": 4 } },
      { selector: "node.weakness.unanswered", style: { "shape": "diamond", "width": 12, "height": 12,
        "background-color": COLOURS.alarm, "color": COLOURS.alarm } },
      { selector: "node.group", style: { "shape": "round-rectangle", "background-color": "#f3f5f8", "background-opacity": 1,
        "border-width": 1, "border-color": "#c9d1dc", "padding": 10, "font-size": fonts.body, "font-weight": "bold",
        "text-valign": "top", "text-halign": "center", "text-margin-y": -4, "color": "#1d3557" } },
      { selector: "node.group.alarm", style: { "background-color": "#fdecee", "border-color": COLOURS.alarm,
        "border-width": 2, "color": COLOURS.alarm } },
      { selector: "edge", style: { "curve-style": "bezier", "width": 1.5, "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "opacity": 0.9 } },
      { selector: "edge.accountable", style: { "line-color": COLOURS.accountable, "target-arrow-color": COLOURS.accountable,
        "width": 3 } },
      { selector: "edge.responsible", style: { "line-color": COLOURS.responsible, "target-arrow-color": COLOURS.responsible,
        "width": 2, "line-style": "solid" } },
      { selector: "edge.partner", style: { "line-color": COLOURS.partner, "target-arrow-color": COLOURS.partner,
        "width": 2, "line-style": "dashed" } },
      { selector: "edge.answers", style: { "line-color": COLOURS.answers, "target-arrow-color": COLOURS.answers,
        "width": 1, "opacity": 0.7, "arrow-scale": 0.6, "curve-style": "taxi", "taxi-direction": "rightward",
        "taxi-turn": -8, "taxi-turn-min-distance": 4, "target-endpoint": "outside-to-node" } },
      { selector: "edge.concerns", style: { "line-color": COLOURS.concerns, "target-arrow-color": COLOURS.concerns,
        "width": 1, "line-style": "dotted", "opacity": 0.7 } },
      { selector: ".hidden", style: { "display": "none" } },
      { selector: "node.hover", style: { "underlay-color": "#f4a261", "underlay-opacity": 0.5, "underlay-padding": 4 } }
    ];
  }

  function elements(doc) {
    var out = [];
    doc.nodes.forEach(function (n) {
      var classes = [n.kind].concat(n.flags || []);
      if (n.id === "group:unanswered" || n.id === "group:criticised") classes.push("alarm");
      var data = { id: n.id, label: n.label, kind: n.kind, page: n.page || null, text: n.text || "",
                   timescale: n.timescale || null };
      if (n.parent) data.parent = n.parent;
      var element = { group: "nodes", data: data, classes: classes.join(" ") };
      if (n.x !== undefined) element.position = { x: n.x, y: n.y };
      out.push(element);
    });
    doc.edges.forEach(function (e) {
      out.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, kind: e.kind }, classes: e.kind });
    });
    return out;
  }

  // Zoom 1 (the size the labels were laid out for), the drawing's top left corner at the margin.
  function home(cy) {
    var box = cy.elements(":visible").boundingBox({ includeLabels: true });
    cy.zoom(1);
    cy.pan({ x: MARGIN - box.x1, y: MARGIN - box.y1 });
    return box;
  }

  function describe(node) {
    var kind = { body: "Body", action: "Area for improvement", weakness: "Weakness" }[node.data("kind")] || "";
    var text = node.data("text");
    return kind + " " + node.data("label") + (text ? ": " + text : "") +
      (node.data("page") ? " (select to open its page)" : "");
  }

  function draw(figure, doc) {
    var container = figure.querySelector(".network-canvas");
    var cy = cytoscape({ container: container, elements: elements(doc), style: style(doc.fonts),
      layout: { name: "preset" }, userZoomingEnabled: false, boxSelectionEnabled: false, autoungrabify: true,
      autounselectify: true, minZoom: 0.2, maxZoom: 3 });
    var box = cy.elements().boundingBox({ includeLabels: true });
    container.style.height = Math.ceil(box.h + 2 * MARGIN) + "px";
    cy.resize();
    home(cy);
    var detail = figure.querySelector(".network-detail");
    cy.on("mouseover", "node", function (event) {
      if (event.target.data("kind") === "group") return;
      event.target.addClass("hover");
      if (detail) detail.textContent = describe(event.target);
      container.style.cursor = event.target.data("page") ? "pointer" : "";
    });
    cy.on("mouseout", "node", function (event) { event.target.removeClass("hover"); container.style.cursor = ""; });
    cy.on("tap", "node", function (event) {
      var page = event.target.data("page");
      if (page) window.location.assign(page);
    });
    controls(figure, cy, doc);
    figure.cy = cy;  // for the browser tests
    figure.setAttribute("data-ready", "true");
    if (window.performance && performance.mark) performance.mark("network-drawn");
  }

  function controls(figure, cy, doc) {
    var form = figure.querySelector(".network-controls");
    if (!form) return;
    form.hidden = false;
    var bodySelect = form.querySelector("select[name=body]");
    if (bodySelect) {
      doc.bodies.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (b) {
        var option = document.createElement("option");
        option.value = b.iri;
        option.textContent = b.label;
        bodySelect.appendChild(option);
      });
    }
    function apply() {
      var roles = {}, timescales = {};
      form.querySelectorAll("input[name=role]").forEach(function (i) { roles[i.value] = i.checked; });
      form.querySelectorAll("input[name=timescale]").forEach(function (i) { timescales[i.value] = i.checked; });
      var concerns = form.querySelector("input[name=concerns]");
      var focus = bodySelect && bodySelect.value ? cy.getElementById(bodySelect.value) : null;
      cy.batch(function () {
        cy.elements().removeClass("hidden");
        cy.nodes(".action").forEach(function (a) {
          if (timescales[a.data("timescale")] === false) a.addClass("hidden");
        });
        cy.edges().forEach(function (e) {
          var kind = e.data("kind");
          if (roles[kind] === false || (kind === "concerns" && concerns && !concerns.checked && !focus)) e.addClass("hidden");
        });
        cy.nodes(".weakness").forEach(function (w) {
          var answering = w.incomers("node.action");
          if (answering.length && answering.filter(function (a) { return !a.hasClass("hidden"); }).length === 0) {
            w.addClass("hidden");
          }
        });
        if (focus && focus.length) {
          var actions = focus.outgoers("node.action");
          var about = focus.incomers("node.weakness");
          actions = actions.union(about.incomers("node.action"));
          var keep = focus.union(actions).union(actions.outgoers("node.weakness")).union(about)
            .union(actions.incomers("node.body"));
          cy.nodes(".body, .action, .weakness").difference(keep).addClass("hidden");
          cy.edges("[kind = 'concerns']").filter(function (e) { return e.target().id() !== focus.id(); }).addClass("hidden");
        }
        cy.nodes(".group").forEach(function (g) {
          if (g.children().filter(function (c) { return !c.hasClass("hidden"); }).length === 0) g.addClass("hidden");
        });
      });
      home(cy);
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelectorAll("button[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var step = button.getAttribute("data-zoom");
        if (step === "reset") { home(cy); return; }
        var zoom = cy.zoom() * (step === "in" ? 1.25 : 0.8);
        cy.zoom({ level: zoom, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
      });
    });
    apply();
  }

  document.querySelectorAll("figure.network[data-source]").forEach(function (figure) {
    fetch(figure.getAttribute("data-source"), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("network: " + response.status);
        return response.json();
      })
      .then(function (doc) { draw(figure, doc); })
      .catch(function (error) {
        var detail = figure.querySelector(".network-detail");
        if (detail) detail.textContent = "The network could not be drawn (" + error.message + "); the lists below say the same.";
      });
  });
})();
