// The query page: YASGUI against this server's /sparql, with the example queries of examples.json.
// No request leaves this origin: the endpoint catalogue and the prefix/class/property look-ups
// (prefix.cc, LOV) are switched off, and the page's Content-Security-Policy allows 'self' only.
//
// The server puts kennisgraaf's prefixes (prefixes.json, the same table as kennisgraaf.namespaces.PREFIXES; a test
// keeps them equal) in front of every query. The editor is told about them too, so a query that uses them without
// PREFIX lines is not marked as an error, and the result table shows prefixed names (kg:Provision) and plain
// numbers (25, not "25"^^xsd:integer). The response tab and the download button keep the raw results.
(function () {
  "use strict";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var PLAIN = ["string", "integer", "decimal", "double", "float", "int", "long", "short", "byte",
               "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
               "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"].map(function (t) { return XSD + t; });

  // The SPARQL mode's parser state starts with the predeclared prefixes, so `kg:Provision` is known on line one.
  function declarePrefixes(prefixes) {
    var original = Yasqe.modes.sparql11;
    Yasqe.defineMode("sparql11", function (config, modeConfig) {
      var mode = original(config, modeConfig);
      var startState = mode.startState;
      mode.startState = function () {
        var state = startState.apply(mode, arguments);
        Object.keys(prefixes).forEach(function (p) { state.prefixes[p] = prefixes[p]; });
        return state;
      };
      return mode;
    });
  }

  // Numbers and plain strings as their value; other literals (dates, language strings) as YASR draws them.
  function plainLiterals() {
    var table = Yasr.plugins.table.prototype, formatLiteral = table.formatLiteral;
    table.formatLiteral = function (literal, prefixes) {
      if (literal.datatype && PLAIN.indexOf(literal.datatype) >= 0 && !literal["xml:lang"]) {
        return formatLiteral.call(this, { type: "literal", value: literal.value }, prefixes);
      }
      return formatLiteral.call(this, literal, prefixes);
    };
  }

  function start(prefixes) {
    declarePrefixes(prefixes);
    plainLiterals();
    var endpoint = window.location.origin + "/sparql";
    var yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      yasqe: { autocompleters: ["variables"], resizeable: true },
      yasr: { prefixes: prefixes },
      persistenceId: "kennisgraaf-yasgui"
    });
    window.kgYasgui = yasgui;  // for the page's own test
    var nav = document.getElementById("examples");
    return fetch("/static/examples.json").then(function (r) { return r.json(); }).then(function (examples) {
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
  }

  window.kgReady = fetch("/static/prefixes.json")
    .then(function (r) { return r.ok ? r.json() : {}; }, function () { return {}; })
    .then(start);
})();
