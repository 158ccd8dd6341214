// The query page: YASGUI against this server's /sparql, with the example queries of examples.json.
// No request leaves this origin: the endpoint catalogue and the prefix/class/property look-ups
// (prefix.cc, LOV) are switched off, and the page's Content-Security-Policy allows 'self' only.
(function () {
  "use strict";
  var endpoint = window.location.origin + "/sparql";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { autocompleters: ["variables"], resizeable: true },
    persistenceId: "kennisgraaf-yasgui"
  });
  var nav = document.getElementById("examples");
  fetch("/static/examples.json").then(function (r) { return r.json(); }).then(function (examples) {
    examples.forEach(function (example) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = example.name;  // text, never HTML
      button.addEventListener("click", function () {
        var tab = yasgui.addTab(true, { name: example.name });
        tab.setQuery(example.query);
        tab.query();
      });
      nav.appendChild(button);
    });
  });
})();
