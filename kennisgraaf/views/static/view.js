/* kennisgraaf views: draws the embedded graph with vis-network; every text from data goes in as a DOM text node. */
(function () {
  "use strict";
  var body = document.body;
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var kindNames = {};
  data.legend.forEach(function (row) { kindNames[row.kind] = row; });
  var state = { panels: [], nodeCount: 0, drawn: 0, stabilised: false, stabilisedMs: null };
  window.kgState = state;
  var resolveReady;
  window.kgReady = new Promise(function (resolve) { resolveReady = resolve; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null && text !== "") { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : null;
  }
  function link(href, text) {
    var a = el("a", text);
    a.href = href;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }
  function line(parent, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    var row = el("div", null, "kg-tip-row");
    row.appendChild(el("span", label + ": ", "kg-tip-key"));
    row.appendChild(typeof value === "object" ? value : document.createTextNode(String(value)));
    parent.appendChild(row);
  }

  /* The tooltip / details card of a node, built from elements and text nodes only. */
  function card(meta) {
    var box = el("div", null, "kg-tip");
    box.appendChild(el("strong", meta.label));
    var kind = kindNames[meta.kind];
    box.appendChild(el("div", kind ? kind.en + " / " + kind.nl : meta.kind, "kg-tip-kind"));
    if (meta.step) { line(box, "step", meta.step); }
    if (meta.deadlock) { line(box, "deadlock", "#" + meta.deadlock); }
    line(box, "nl", meta.label_nl);
    line(box, "en", meta.label_en);
    if (meta.definition) { box.appendChild(el("p", meta.definition, "kg-tip-def")); }
    if (meta.note) { box.appendChild(el("p", meta.note, "kg-tip-note")); }
    if (meta.source) {
      var url = safeUrl(meta.source);
      line(box, "source", url ? link(url, meta.source) : meta.source);
    }
    if (meta.bwb_id && /^BWB[RV][0-9]{7}$/.test(meta.bwb_id)) {
      line(box, "law", link("https://wetten.overheid.nl/" + meta.bwb_id, "wetten.overheid.nl/" + meta.bwb_id));
    }
    if (meta.illustrative) { box.appendChild(el("div", "illustrative (modelled to reach a reported count)", "kg-tip-note")); }
    box.appendChild(el("code", meta.id));
    return box;
  }
  function edgeCard(edge, meta) {
    var box = el("div", null, "kg-tip");
    box.appendChild(el("strong", edge.label || edge.relation));
    var from = meta[edge.from], to = meta[edge.to];
    box.appendChild(el("div", (from ? from.label : edge.from) + " \u2192 " + (to ? to.label : edge.to)));
    if (edge.deadlock) { box.appendChild(el("div", "part of a deadlock", "kg-tip-note")); }
    return box;
  }

  function record() {
    state.nodeCount = 0; state.drawn = 0;
    var done = true, ms = 0;
    state.panels.forEach(function (p) {
      state.nodeCount += p.nodes;
      state.drawn += p.drawn;
      done = done && p.stabilised;
      ms = Math.max(ms, p.ms || 0);
    });
    body.setAttribute("data-node-count", String(state.nodeCount));
    body.setAttribute("data-drawn-count", String(state.drawn));
    if (done) {
      state.stabilised = true;
      state.stabilisedMs = ms;
      body.setAttribute("data-stabilised", "true");
      body.setAttribute("data-stabilised-ms", ms.toFixed(1));
      resolveReady({ nodes: state.nodeCount, drawn: state.drawn, ms: ms });
    }
  }

  function showDetails(index, element) {
    var box = document.getElementById("kg-details-" + index);
    if (!box) { return; }
    while (box.firstChild) { box.removeChild(box.firstChild); }
    box.appendChild(element);
  }

  data.panels.forEach(function (p, index) {
    var container = document.getElementById("kg-canvas-" + index);
    var meta = {};
    p.meta.forEach(function (m) { meta[m.id] = m; });
    var reserveNodes = p.network.reserve_nodes || [], reserveEdges = p.network.reserve_edges || [];
    p.network.nodes.concat(reserveNodes).forEach(function (n) {
      n.title = meta[n.id] ? card(meta[n.id]) : el("div", n.label, "kg-tip");
    });
    reserveEdges.forEach(function (e, k) { e.id = "r" + k; });
    p.network.edges.concat(reserveEdges).forEach(function (e, k) {
      if (!e.id) { e.id = "e" + k; }
      if (e.hidden) { return; }
      e.title = edgeCard({ from: e.from, to: e.to, relation: e.relation, label: e.kg_label, deadlock: e.kg_deadlock }, meta);
    });
    var nodes = new vis.DataSet(p.network.nodes);
    var edges = new vis.DataSet(p.network.edges);
    var ps = { index: index, nodes: nodes.length, drawn: 0, stabilised: false, ms: null, clustered: false };
    state.panels.push(ps);
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, p.network.options);
    ps.network = network; ps.nodeSet = nodes; ps.edgeSet = edges; ps.meta = meta;
    ps.reserve = {}; reserveNodes.forEach(function (n) { ps.reserve[n.id] = n; });
    ps.reserveEdges = reserveEdges; ps.expanded = {};
    var finished = false;
    function finish(how) {
      if (finished) { return; }
      finished = true;
      ps.ms = performance.now();
      network.setOptions({ physics: { enabled: false } });
      /* Ready once the settled graph has actually been painted. */
      network.once("afterDrawing", function () {
        ps.stabilised = true;
        ps.how = how;
        ps.drawn = Object.keys(network.getPositions()).length;
        container.setAttribute("data-stabilised", how);
        record();
      });
      network.redraw();
    }
    network.once("stabilizationIterationsDone", function () { finish("stabilised"); });
    if (nodes.length === 0) { finish("empty"); }
    /* Laid out in Python (physics off): ready as soon as it is painted. */
    if (p.network.options.physics && p.network.options.physics.enabled === false) { finish("fixed"); }
    setTimeout(function () { finish("timeout"); }, 120000);
    network.on("click", function (params) {
      if (params.nodes.length && meta[params.nodes[0]]) {
        showDetails(index, card(meta[params.nodes[0]]));
        if (meta[params.nodes[0]].kind === "provision" && reserveEdges.length) { toggleTouchpoints(ps, params.nodes[0]); }
      }
    });
  });
  record();

  /* Touchpoints on demand: a path-first panel holds them back; clicking a provision adds (or removes) its own. */
  function syncTouchpoints(ps) {
    var want = {};
    ps.reserveEdges.forEach(function (e) {
      if (ps.expanded[e.from] && ps.reserve[e.to]) { want[e.to] = true; }
      if (ps.expanded[e.to] && ps.reserve[e.from]) { want[e.from] = true; }
    });
    Object.keys(ps.reserve).forEach(function (id) {
      var present = ps.nodeSet.get(id) !== null;
      if (want[id] && !present) { ps.nodeSet.add(ps.reserve[id]); }
      if (!want[id] && present) { ps.nodeSet.remove(id); }
    });
    ps.reserveEdges.forEach(function (e) {
      var both = ps.nodeSet.get(e.from) !== null && ps.nodeSet.get(e.to) !== null;
      var present = ps.edgeSet.get(e.id) !== null;
      if (both && !present) { ps.edgeSet.add(e); }
      if (!both && present) { ps.edgeSet.remove(e.id); }
    });
    ps.nodes = ps.nodeSet.length;
    ps.drawn = ps.nodes;
    applyFilter();
    record();
  }
  function toggleTouchpoints(ps, provision) {
    if (ps.expanded[provision]) { delete ps.expanded[provision]; } else { ps.expanded[provision] = true; }
    syncTouchpoints(ps);
  }
  window.kgExpand = function (panel, provision) { toggleTouchpoints(state.panels[panel], provision); };

  /* Filter by type: the legend's checkboxes hide a kind in every panel and in the tables. */
  function applyFilter() {
    var hidden = {};
    document.querySelectorAll("input.kg-kind").forEach(function (box) { hidden[box.value] = !box.checked; });
    state.panels.forEach(function (ps) {
      var updates = [];
      ps.nodeSet.forEach(function (n) {
        var hide = !!hidden[n.kind];
        if (!!n.hidden !== hide) { updates.push({ id: n.id, hidden: hide }); }
      });
      if (updates.length) { ps.nodeSet.update(updates); }
    });
    document.querySelectorAll("tr[data-kind]").forEach(function (row) {
      row.hidden = !!hidden[row.getAttribute("data-kind")];
    });
  }
  document.querySelectorAll("input.kg-kind").forEach(function (box) { box.addEventListener("change", applyFilter); });

  /* Search: select matching nodes in every panel, mark their table rows; Enter focuses the first match. */
  var search = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  function runSearch(focus) {
    var q = search.value.trim().toLowerCase();
    var total = 0;
    state.panels.forEach(function (ps) {
      var ids = [];
      if (q) {
        Object.keys(ps.meta).forEach(function (id) {
          var m = ps.meta[id];
          var text = [m.label, m.label_nl, m.label_en, m.id].join(" ").toLowerCase();
          if (text.indexOf(q) !== -1) { ids.push(id); }
        });
      }
      var visible = ids.filter(function (id) { var n = ps.nodeSet.get(id); return n && !n.hidden && !ps.clustered; });
      ps.network.selectNodes(visible);
      if (focus && visible.length) { ps.network.focus(visible[0], { scale: 1.3, animation: false }); }
      total += ids.length;
    });
    document.querySelectorAll("tr[data-id]").forEach(function (row) {
      var text = row.getAttribute("data-search") || "";
      row.classList.toggle("kg-match", !!q && text.indexOf(q) !== -1);
    });
    status.textContent = q ? total + " match" + (total === 1 ? "" : "es") : "";
  }
  search.addEventListener("input", function () { runSearch(false); });
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); runSearch(true); } });

  /* Buttons: fit, group by type (vis-network clusters), run the layout again. */
  document.getElementById("kg-fit").addEventListener("click", function () {
    state.panels.forEach(function (ps) { ps.network.fit({ animation: false }); });
  });
  document.getElementById("kg-cluster").addEventListener("click", function (ev) {
    state.panels.forEach(function (ps) {
      if (ps.clustered) {
        Object.keys(kindNames).forEach(function (kind) {
          if (ps.network.isCluster("cluster:" + kind)) { ps.network.openCluster("cluster:" + kind); }
        });
      } else {
        Object.keys(kindNames).forEach(function (kind) {
          /* the type's label hub (municipality view) is not one of its members: leave it out of the count */
          var count = ps.nodeSet.get({ filter: function (n) { return n.kind === kind && !n.hidden && !n.hub; } }).length;
          if (count < 2) { return; }
          ps.network.cluster({
            joinCondition: function (n) { return n.kind === kind && !n.hidden && !n.hub; },
            clusterNodeProperties: {
              id: "cluster:" + kind, kind: kind, label: kindNames[kind].en + " (" + count + ")",
              shape: "database", color: kindNames[kind].colour, font: { color: "#ffffff" },
              title: el("div", kindNames[kind].en + " / " + kindNames[kind].nl + ": " + count)
            }
          });
        });
      }
      ps.clustered = !ps.clustered;
    });
    ev.target.setAttribute("aria-pressed", String(state.panels.length > 0 && state.panels[0].clustered));
  });
  document.getElementById("kg-relayout").addEventListener("click", function () {
    state.panels.forEach(function (ps) {
      ps.network.setOptions({ physics: { enabled: true } });
      ps.network.once("stabilizationIterationsDone", function () { ps.network.setOptions({ physics: { enabled: false } }); });
      ps.network.stabilize(200);
    });
  });

  /* State in the URL fragment (#hide=kinds&expand=ids&focus=id), so a filtered, focused view can be shared. */
  var focused = null;
  function enc(text) { return encodeURIComponent(text).replace(/%3A/gi, ":"); }  /* ids stay readable: svc:x */
  function writeFragment() {
    var hide = [], expand = {}, parts = [];
    document.querySelectorAll("input.kg-kind").forEach(function (box) { if (!box.checked) { hide.push(box.value); } });
    state.panels.forEach(function (ps) { Object.keys(ps.expanded || {}).forEach(function (id) { expand[id] = true; }); });
    if (hide.length) { parts.push("hide=" + hide.map(enc).join(",")); }
    if (Object.keys(expand).length) { parts.push("expand=" + Object.keys(expand).map(enc).join(",")); }
    if (focused) { parts.push("focus=" + enc(focused)); }
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
  }
  function focusNode(id) {
    focused = id;
    state.panels.forEach(function (ps, index) {
      if (ps.nodeSet.get(id) === null) { return; }
      ps.network.selectNodes([id]);
      ps.network.focus(id, { scale: 1.2, animation: false });
      if (ps.meta[id]) { showDetails(index, card(ps.meta[id])); }
    });
    writeFragment();
  }
  function readFragment() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var kv = part.split("=");
      if (kv.length === 2) { params[kv[0]] = kv[1].split(",").filter(Boolean).map(decodeURIComponent); }
    });
    if (params.hide) {
      document.querySelectorAll("input.kg-kind").forEach(function (box) { box.checked = params.hide.indexOf(box.value) === -1; });
    }
    if (params.expand) {
      state.panels.forEach(function (ps) {
        params.expand.forEach(function (id) { if (ps.meta[id] && ps.reserveEdges.length) { ps.expanded[id] = true; } });
        syncTouchpoints(ps);
      });
    }
    applyFilter();
    if (params.focus && params.focus.length) { focusNode(params.focus[0]); }
  }
  document.querySelectorAll("input.kg-kind").forEach(function (box) { box.addEventListener("change", writeFragment); });
  state.panels.forEach(function (ps) {
    ps.network.on("click", function (params) {
      if (params.nodes.length) { focused = params.nodes[0]; }
      writeFragment();
    });
  });
  readFragment();
  window.kgFragment = function () { return location.hash; };

  /* Arrow keys walk the plan steps (first panel's order) when no text field has focus. */
  var steps = [];
  if (state.panels.length) {
    Object.keys(state.panels[0].meta).forEach(function (id) {
      var m = state.panels[0].meta[id];
      if (m.step) { steps[m.step - 1] = id; }
    });
    steps = steps.filter(Boolean);
  }
  document.addEventListener("keydown", function (ev) {
    if (!steps.length || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(document.activeElement.tagName)) { return; }
    if (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft" && ev.key !== "ArrowDown" && ev.key !== "ArrowUp") { return; }
    var at = steps.indexOf(focused), forward = ev.key === "ArrowRight" || ev.key === "ArrowDown";
    var next = at === -1 ? 0 : Math.max(0, Math.min(steps.length - 1, at + (forward ? 1 : -1)));
    ev.preventDefault();
    focusNode(steps[next]);
  });

  /* Export the current view of each panel: PNG from the canvas as drawn, SVG rebuilt from the node positions. */
  function xml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function panelSvg(ps) {
    var pos = ps.network.getPositions(), ids = Object.keys(pos), pad = 80;
    var xs = ids.map(function (id) { return pos[id].x; }), ys = ids.map(function (id) { return pos[id].y; });
    var minX = Math.min.apply(null, xs.concat([0])) - pad, minY = Math.min.apply(null, ys.concat([0])) - pad;
    var w = Math.max.apply(null, xs.concat([0])) - minX + pad, h = Math.max.apply(null, ys.concat([0])) - minY + pad;
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + [minX, minY, w, h].join(" ") + '" width="' + Math.round(w) +
               '" height="' + Math.round(h) + '" font-family="sans-serif" font-size="12">',
               '<rect x="' + minX + '" y="' + minY + '" width="' + w + '" height="' + h + '" fill="#ffffff"/>'];
    ps.edgeSet.forEach(function (e) {
      if (e.hidden || !pos[e.from] || !pos[e.to]) { return; }
      var c = (e.color && e.color.color) || "#767676";
      out.push('<line x1="' + pos[e.from].x + '" y1="' + pos[e.from].y + '" x2="' + pos[e.to].x + '" y2="' + pos[e.to].y +
               '" stroke="' + xml(c) + '" stroke-width="' + (e.width || 1) + '"' + (e.dashes ? ' stroke-dasharray="6 4"' : "") + '/>');
    });
    ps.nodeSet.forEach(function (n) {
      if (n.hidden || !pos[n.id]) { return; }
      var c = typeof n.color === "string" ? n.color : (n.color && n.color.background) || "#767676";
      var border = n.color && n.color.border ? n.color.border : "#222222";
      out.push('<g><title>' + xml(n.id) + '</title><circle cx="' + pos[n.id].x + '" cy="' + pos[n.id].y + '" r="9" fill="' + xml(c) +
               '" stroke="' + xml(border) + '" stroke-width="' + (n.borderWidth || 1) + '"/><text x="' + pos[n.id].x + '" y="' +
               (pos[n.id].y + 24) + '" text-anchor="middle" fill="#222222">' + xml(n.label || n.id) + '</text></g>');
    });
    out.push("</svg>");
    return out.join("\n");
  }
  window.kgExport = function (format, panel) {
    var ps = state.panels[panel || 0];
    if (format === "png") { return ps.network.canvas.frame.canvas.toDataURL("image/png"); }
    return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(panelSvg(ps));
  };
  ["png", "svg"].forEach(function (format) {
    var button = document.getElementById("kg-export-" + format);
    if (!button) { return; }
    button.addEventListener("click", function () {
      state.panels.forEach(function (ps, index) {
        var a = document.createElement("a");
        a.href = window.kgExport(format, index);
        a.download = (document.title || "view").replace(/[^A-Za-z0-9-]+/g, "-") + "-" + (index + 1) + "." + format;
        document.body.appendChild(a); a.click(); document.body.removeChild(a);
      });
    });
  });

  /* Sortable tables: header buttons sort by the cells' data-sort value (numbers numerically). */
  document.querySelectorAll("table.kg-sortable").forEach(function (table) {
    var headers = table.querySelectorAll("th[data-type]");
    headers.forEach(function (th, col) {
      var button = th.querySelector("button");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-type") === "num";
        var tbody = table.tBodies[0];
        var rows = Array.prototype.slice.call(tbody.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-sort"), y = b.cells[col].getAttribute("data-sort");
          var cmp;
          if (numeric) {
            var nx = x === "" ? Infinity : Number(x), ny = y === "" ? Infinity : Number(y);
            cmp = nx === ny ? 0 : (nx < ny ? -1 : 1);
          } else {
            cmp = x.localeCompare(y);
          }
          return ascending ? cmp : -cmp;
        });
        rows.forEach(function (row) { tbody.appendChild(row); });
      });
    });
  });
}());
