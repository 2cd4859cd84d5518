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
  document.getElementById("examples").addEventListener("change", function (event) {
    const chosen = config.examples[Number(event.target.value)];
    if (chosen) {
      yasgui.getTab().getYasqe().setValue(chosen.query);
    }
  });
})();
