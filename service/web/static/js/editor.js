// The query editor of /sparql: YASGUI on this endpoint, the catalogue's queries as tabs, IRIs linked to their pages.
// Configuration comes from the page's JSON data block (#editor-config); nothing here is inline in the page.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("editor-config").textContent);
  var root = document.getElementById("yasgui");
  var endpoint = new URL(config.endpoint, window.location.href).href;

  // Where a person reads about an IRI: the service's own page (the rules of service/publish/linked.py).
  function pageUrl(iri) {
    for (var i = 0; i < config.routes.length; i++) {
      var prefix = config.routes[i][0], path = config.routes[i][1];
      if (iri.indexOf(prefix) === 0 && (path !== "/def" || iri === prefix || iri.charAt(prefix.length) === "#")) {
        return path + iri.substring(prefix.length);
      }
    }
    return "/page?iri=" + encodeURIComponent(iri);
  }

  // Results' IRIs open the resource page in this tab, not the IRI on its (possibly unreachable) host.
  function relink(container) {
    var links = container.querySelectorAll("a.iri");
    for (var i = 0; i < links.length; i++) {
      var a = links[i], iri = a.getAttribute("data-iri") || a.getAttribute("href");
      if (a.getAttribute("data-iri")) continue;
      a.setAttribute("data-iri", iri);
      a.setAttribute("href", pageUrl(iri));
      a.setAttribute("title", iri);
      a.removeAttribute("target");
    }
  }

  // What YASGUI 4.6 leaves out for assistive technology: names for its inputs and a focusable scroller. Its
  // "add tab" button sits inside the tab list, where only tabs belong: the stylesheet hides it and the page
  // has a "New tab" button of its own (#new-tab).
  function accessible(container) {
    container.querySelectorAll("input.autocomplete:not([aria-label])").forEach(function (input) {
      input.setAttribute("aria-label", "SPARQL endpoint");
    });
    container.querySelectorAll(".CodeMirror textarea:not([aria-label])").forEach(function (area) {
      area.setAttribute("aria-label", "SPARQL query");
    });
    container.querySelectorAll(".tabsList .tab input:not([aria-label])").forEach(function (input) {
      input.setAttribute("aria-label", "Tab name");
    });
    container.querySelectorAll(".CodeMirror-scroll[tabindex='-1']").forEach(function (scroller) {
      scroller.setAttribute("tabindex", "0");
    });
  }

  Yasgui.Yasr.plugins.table.defaults.openIriInNewWindow = false;
  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: null,          // a fresh editor on every visit; queries are shared by their links below
    populateFromUrl: false,
    yasqe: { value: config.example },
    yasr: { prefixes: config.prefixes }
  });
  window.inspectionKgEditor = yasgui;  // for the browser tests
  accessible(root);
  relink(root);
  new MutationObserver(function () { relink(root); accessible(root); }).observe(root, { childList: true, subtree: true });

  // The current tab's query, as a link in each of the endpoint's formats.
  var linksEl = document.getElementById("result-links");
  function updateLinks() {
    var tab = yasgui.getTab();
    if (!tab || !linksEl) return;
    var query = tab.getYasqe().getValue();
    var items = linksEl.querySelectorAll("a[data-format]");
    for (var i = 0; i < items.length; i++) {
      var params = new URLSearchParams({ query: query });
      var format = items[i].getAttribute("data-format");
      if (format) params.set("format", format);
      items[i].setAttribute("href", config.endpoint + "?" + params.toString());
    }
    linksEl.hidden = false;
  }
  yasgui.on("tabChange", updateLinks);
  yasgui.on("tabSelect", function () { window.setTimeout(updateLinks, 0); });
  updateLinks();

  var newTab = document.getElementById("new-tab");
  if (newTab) {
    newTab.hidden = false;
    newTab.addEventListener("click", function () { yasgui.addTab(true); updateLinks(); });
  }

  // Each catalogue query opens (or returns to) a tab named by its title.
  var catalogue = {};
  config.catalogue.forEach(function (q) { catalogue[q.name] = q; });
  document.querySelectorAll("[data-query-name]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var q = catalogue[link.getAttribute("data-query-name")];
      if (!q) return;
      event.preventDefault();
      var tab = yasgui.addTab(true, { name: q.title, yasqe: { value: q.text } }, { avoidDuplicateTabs: true });
      tab.show();
      root.scrollIntoView();
      updateLinks();
    });
  });
})();
