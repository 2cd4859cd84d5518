// The SPARQL editor: YASGUI pointed at this endpoint only, with this graph's prefixes and examples.
// Nothing here may reach another host: the endpoint catalogue is empty and the autocompleters that
// call remote services (LOV for classes and properties) are turned off.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("sparql-config").textContent);
  const Yasgui = window.Yasgui;
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  const fromUrl = new URLSearchParams(window.location.hash.slice(1)).get("query")
    || new URLSearchParams(window.location.search).get("query");
  const start = fromUrl || config.examples[0].query;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [] },
    persistenceId: null,
    yasqe: { value: start },
  });
  // The examples carry their own PREFIX lines, so the editor gets the text as it is.
  yasgui.getTab().getYasqe().setValue(start);
  window.stackatlasYasgui = yasgui;

  // CONSTRUCT and DESCRIBE give a graph: offer to draw it in the explorer, which runs it itself.
  const viewAsGraph = document.getElementById("view-as-graph");
  function offerGraphView() {
    const yasqe = yasgui.getTab().getYasqe();
    const graphShaped = ["CONSTRUCT", "DESCRIBE"].includes(yasqe.getQueryType());
    viewAsGraph.hidden = !graphShaped;
    viewAsGraph.href = graphShaped ? "/?construct=" + encodeURIComponent(yasqe.getValue()) : "#";
  }
  yasgui.on("tabChange", offerGraphView);
  yasgui.getTab().getYasqe().on("change", offerGraphView);
  offerGraphView();
  document.getElementById("examples").addEventListener("change", function (event) {
    const chosen = config.examples[Number(event.target.value)];
    if (chosen) {
      yasgui.getTab().getYasqe().setValue(chosen.query);
    }
  });
})();
