// The MicroStreams dashboard: plain JS, no build step, no CDN. Reads the HTTP API with the function key.
"use strict";
(() => {
  const view = document.getElementById("view");
  const errorBox = document.getElementById("error");
  const params = new URLSearchParams(location.search);
  if (params.get("code")) {
    sessionStorage.setItem("ms.key", params.get("code"));
    history.replaceState(null, "", location.pathname + location.hash);
  }
  // The link `serve` prints carries the key in the fragment (#key=...): browsers never send a fragment to a server or a log.
  const fragment = new URLSearchParams(location.hash.startsWith("#key=") ? location.hash.slice(1) : "");
  if (fragment.get("key")) {
    sessionStorage.setItem("ms.key", fragment.get("key"));
    history.replaceState(null, "", location.pathname + location.search + "#/");
  }
  const key = () => sessionStorage.getItem("ms.key") || "";
  const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const json = (v) => `<pre>${esc(JSON.stringify(v, null, 2))}</pre>`;
  const time = (v) => (v ? new Date(v).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z") : "");

  async function api(path, options = {}, admin = false) {
    const adminKey = admin ? await askAdminKey() : null;
    const response = await fetch(path, { ...options, headers: { "x-functions-key": adminKey || key(), ...(options.headers || {}) } });
    const body = response.headers.get("content-type")?.includes("json") ? await response.json() : await response.text();
    if (adminKey && (response.status === 401 || response.status === 403)) { sessionStorage.removeItem("ms.admin"); throw new Error(`admin key refused: ${body.detail || response.status}`); }
    if (response.status === 401) { showLogin(); throw new Error(body.detail || "a key is required"); }
    if (!response.ok) throw Object.assign(new Error(body.detail || body.title || `HTTP ${response.status}`), { body });
    return body;
  }

  function showLogin() {
    const form = document.getElementById("login");
    form.hidden = false;
    form.onsubmit = (e) => { e.preventDefault(); sessionStorage.setItem("ms.key", document.getElementById("key-input").value.trim()); form.hidden = true; route(); };
  }

  // Asks for the admin key once, in the page, and keeps it in this tab's sessionStorage (a 401/403 forgets it).
  let pendingAdmin = null;
  function askAdminKey() {
    const known = sessionStorage.getItem("ms.admin");
    if (known) return Promise.resolve(known);
    if (pendingAdmin) return pendingAdmin;
    const form = document.getElementById("admin-login"), input = document.getElementById("admin-key-input");
    pendingAdmin = new Promise((resolve, reject) => {
      const close = () => { form.hidden = true; form.onsubmit = null; document.getElementById("admin-cancel").onclick = null; pendingAdmin = null; };
      form.onsubmit = (e) => {
        e.preventDefault();
        const value = input.value.trim();
        if (!value) return;
        sessionStorage.setItem("ms.admin", value);
        input.value = "";
        close();
        resolve(value);
      };
      document.getElementById("admin-cancel").onclick = () => { close(); reject(new Error("this needs the admin key (adminKey in keys.json)")); };
    });
    form.hidden = false;
    input.focus();
    return pendingAdmin;
  }

  // ---- overview: events/s chart on a canvas, lag per partition, dead-letter rate ----
  const history_ = [];
  let timer = null;
  async function overview() {
    view.innerHTML = `<div class="cards" id="cards"></div>
      <h2>Events per second <span class="muted">(ingested and applied, last 2 minutes)</span></h2>
      <canvas id="chart" width="1000" height="180"></canvas>
      <h2>Partitions</h2><table id="partitions"></table>`;
    const tick = async () => {
      const [stats, partitions] = await Promise.all([api("/api/stats"), api("/api/partitions")]);
      const at = performance.now() / 1000;
      const c = stats.counters;
      history_.push({ at, applied: c.applied, events: c.events, dead: c.deadLetters, effects: c.effectsDelivered });
      while (history_.length > 121) history_.shift();
      const rate = (field) => {
        if (history_.length < 2) return 0;
        const a = history_[history_.length - 2], b = history_[history_.length - 1];
        return Math.max(0, (b[field] - a[field]) / Math.max(0.001, b.at - a.at));
      };
      document.getElementById("clock").textContent = (stats.simulatedClock ? "simulated " : "") + time(stats.now);
      document.getElementById("cards").innerHTML = [
        ["events/s", rate("events").toFixed(0)], ["applied", c.applied], ["backlog", stats.backlog],
        ["effects delivered", c.effectsDelivered], ["dead letters pending", stats.deadLettersPending],
        ["dead letters/min", (rate("dead") * 60).toFixed(1)], ["timers armed", stats.armedTimers]]
        .map(([label, value]) => `<div class="card"><span class="muted">${esc(label)}</span><b data-card="${esc(label)}">${esc(value)}</b></div>`).join("");
      draw(document.getElementById("chart"));
      const maxLag = Math.max(1, ...partitions.map((p) => p.lag));
      document.getElementById("partitions").innerHTML = "<tr><th>partition</th><th>head</th><th>checkpoint</th><th>lag</th><th></th><th>lag (s)</th><th>next timer</th></tr>" +
        partitions.map((p) => `<tr><td>${p.partition}</td><td>${p.head}</td><td>${p.checkpoint}</td><td>${p.lag}</td>
          <td style="width:30%"><div class="bar" style="width:${(100 * p.lag) / maxLag}%"></div></td><td>${p.lagSeconds.toFixed(1)}</td><td>${time(p.nextTimerDue)}</td></tr>`).join("");
    };
    await tick();
    timer = setInterval(() => tick().catch(showError), 1000);
  }

  function draw(canvas) {
    const g = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height;
    g.clearRect(0, 0, w, h);
    const series = (field) => history_.slice(1).map((b, i) => Math.max(0, (b[field] - history_[i][field]) / Math.max(0.001, b.at - history_[i].at)));
    const ingested = series("events"), applied = series("applied");
    const ticks = niceTicks(Math.max(...ingested, ...applied, 0));
    const max = ticks[ticks.length - 1];
    canvas.dataset.ticks = ticks.join(",");
    g.strokeStyle = "#e5e7eb"; g.fillStyle = "#6b7280"; g.font = "11px system-ui";
    ticks.forEach((t) => { const y = h - 16 - (t / max) * (h - 24); g.beginPath(); g.moveTo(40, y); g.lineTo(w, y); g.stroke(); g.fillText(t.toLocaleString("en"), 2, y + 4); });
    const line = (values, color) => {
      g.strokeStyle = color; g.lineWidth = 2; g.beginPath();
      values.forEach((v, i) => { const x = 40 + (i * (w - 44)) / 119, y = h - 16 - (v / max) * (h - 24); i ? g.lineTo(x, y) : g.moveTo(x, y); });
      g.stroke();
    };
    line(ingested, "#2563eb"); line(applied, "#15803d");
  }

  // Axis ticks at whole steps of 1, 2 or 5 times a power of ten, from 0 to the first tick at or above the top (at least 10).
  function niceTicks(top) {
    const raw = Math.max(10, top) / 4, power = 10 ** Math.floor(Math.log10(raw));
    const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw));
    const ticks = [];
    for (let t = 0; ticks.length === 0 || ticks[ticks.length - 1] < Math.max(10, top); t += step) ticks.push(t);
    return ticks;
  }

  // ---- processors ----
  async function processors() {
    const list = await api("/api/processors");
    view.innerHTML = `<h2>Processors</h2><table><tr><th>name</th><th>subscribes</th><th>active</th><th>retired</th><th>quarantined</th><th>effects delivered</th><th>pending</th><th>undeliverable</th></tr>
      ${list.map((p) => `<tr><td><b>${esc(p.name)}</b> <span class="muted">v${p.version}</span></td><td>${esc(p.subscribes.join(", "))}</td>
        <td>${p.workers.active}</td><td>${p.workers.retired}</td><td>${p.workers.quarantined}</td>
        <td>${p.effects.delivered}</td><td>${p.effects.pending}</td><td>${p.effects.undeliverable}</td></tr>`).join("")}</table>
      <h2>Find a worker</h2>
      <form id="find"><select id="find-proc">${list.map((p) => `<option>${esc(p.name)}</option>`).join("")}</select>
        <input id="find-key" placeholder="key (user id)"> <button type="submit">Open</button></form>`;
    document.getElementById("find").onsubmit = (e) => {
      e.preventDefault();
      location.hash = `#/workers/${encodeURIComponent(document.getElementById("find-proc").value)}/${encodeURIComponent(document.getElementById("find-key").value)}`;
    };
  }

  // ---- one worker: its timeline, events -> state -> timers -> effects ----
  async function worker(name, workerKey) {
    const w = await api(`/api/processors/${encodeURIComponent(name)}/workers/${encodeURIComponent(workerKey)}`);
    const items = [
      ...w.recentEvents.map((e) => ({ at: e.time, cls: "event", html: `<b>event</b> ${esc(e.type)} <span class="muted">${esc(e.id)} at ${e.partition}:${e.sequence}</span>` })),
      ...w.effects.map((e) => ({ at: e.createdAt, cls: "effect", html: `<b>effect</b> ${esc(e.channel)} → ${esc(e.target)} <span class="muted">${esc(e.status)}, ${e.attempts} attempt(s)</span>` })),
      ...w.deadLetters.map((d) => ({ at: d.createdAt, cls: "dead", html: `<b>dead letter</b> #${d.id} ${esc(d.kind)}: ${esc(d.reason)}` })),
      ...w.timers.map((t) => ({ at: t.due, cls: "timer", html: `<b>timer</b> ${esc(t.name)} due` })),
    ].sort((a, b) => String(a.at).localeCompare(String(b.at)));
    items.push({ at: w.lastChangedAt, cls: "state", html: `<b>state now</b> (after ${w.eventsApplied} events)` });
    view.innerHTML = `<h2>${esc(w.processor)} / ${esc(w.key)} <span class="status-${esc(w.status)}" data-status>${esc(w.status)}</span></h2>
      <p class="muted">partition ${w.partition} · ${w.eventsApplied} events applied · ${w.effectsSent} effects · ${w.timersFired} timers fired · activated ${time(w.activatedAt)}
      ${w.quarantineReason ? `<br><span class="status-quarantined">${esc(w.quarantineReason)}</span>` : ""}</p>
      <div style="display:grid;grid-template-columns:1fr 1fr;gap:24px">
        <div><h2>Timeline</h2><ul class="timeline" id="timeline">${items.map((i) => `<li class="${i.cls}"><span class="muted">${time(i.at)}</span><br>${i.html}</li>`).join("")}</ul></div>
        <div><h2>State</h2><div id="state">${json(w.state)}</div>
          <h2>Timers</h2>${w.timers.length ? `<table>${w.timers.map((t) => `<tr><td>${esc(t.name)}</td><td>${time(t.due)}</td></tr>`).join("")}</table>` : '<p class="muted">none</p>'}
          ${w.deadLetters.some((d) => d.status === "pending") ? `<h2>Quarantine</h2><button id="redrive-worker" data-id="${w.deadLetters.find((d) => d.status === "pending").id}">Redrive this worker</button>` : ""}</div>
      </div>`;
    const button = document.getElementById("redrive-worker");
    if (button) button.onclick = () => redrive(button.dataset.id).then(() => worker(name, workerKey)).catch(showError);
  }

  // ---- dead letters with redrive ----
  async function deadletters(query) {
    const page = await api(`/api/deadletters?${query || "status=pending"}`);
    view.innerHTML = `<h2>Dead letters</h2>
      <form id="dl-filter">status <select id="dl-status"><option value="pending">pending</option><option value="">all</option><option>redriven</option><option>discarded</option></select>
        processor <input id="dl-proc" size="16"> <button type="submit">Filter</button> <button type="button" id="dl-redrive-all" class="secondary">Redrive all matching</button></form>
      <table id="dl-table"><tr><th>id</th><th>kind</th><th>status</th><th>worker</th><th>event</th><th>reason</th><th>created</th><th></th></tr>
      ${page.items.map((d) => `<tr data-letter="${d.id}"><td>${d.id}</td><td>${esc(d.kind)}</td><td>${esc(d.status)}</td>
        <td>${d.processor ? `<a href="#/workers/${encodeURIComponent(d.processor)}/${encodeURIComponent(d.key)}">${esc(d.processor)}/${esc(d.key)}</a>` : ""}</td>
        <td>${esc(d.eventType)} <span class="muted">${esc(d.eventId)}</span></td><td>${esc(d.reason)}</td><td>${time(d.createdAt)}</td>
        <td>${d.status === "pending" ? `<button data-redrive="${d.id}">Redrive</button> <button class="secondary" data-discard="${d.id}">Discard</button>` : ""}</td></tr>`).join("")}
      </table>${page.next ? `<p><a href="#/deadletters?${esc(page.next.split("?")[1])}">older →</a></p>` : ""}`;
    view.querySelectorAll("[data-redrive]").forEach((b) => (b.onclick = () => redrive(b.dataset.redrive).then(() => deadletters(query)).catch(showError)));
    view.querySelectorAll("[data-discard]").forEach((b) => (b.onclick = () =>
      api(`/api/deadletters/${b.dataset.discard}/discard`, { method: "POST" }, true).then(() => deadletters(query)).catch(showError)));
    document.getElementById("dl-filter").onsubmit = (e) => {
      e.preventDefault();
      const q = new URLSearchParams();
      const status = document.getElementById("dl-status").value, proc = document.getElementById("dl-proc").value;
      if (status) q.set("status", status);
      if (proc) q.set("processor", proc);
      location.hash = `#/deadletters?${q}`;
    };
    document.getElementById("dl-redrive-all").onclick = () => {
      const proc = document.getElementById("dl-proc").value;
      api(`/api/deadletters/redrive${proc ? `?processor=${encodeURIComponent(proc)}` : ""}`, { method: "POST" }, true).then(() => deadletters(query)).catch(showError);
    };
  }

  // ---- replays: progress per partition while one runs, start (admin), cancel (admin), shadow differences ----
  async function replays() {
    const procs = await api("/api/processors");
    view.innerHTML = `<h2>Replays</h2><div id="rebuilds"></div>
      <form id="rp-form" aria-label="Start a replay">
        <label>processor <select id="rp-proc">${procs.map((p) => `<option>${esc(p.name)}</option>`).join("")}</select></label>
        <label>mode <select id="rp-mode"><option value="rebuild">rebuild</option><option value="shadow">shadow (compare only)</option></select></label>
        <label>key prefix <input id="rp-prefix" size="12"></label>
        <label>from sequence <input id="rp-seq" type="number" min="0" style="width:7em"></label>
        <label>from time <input id="rp-time" type="datetime-local"></label>
        <button type="submit">Start replay</button></form>
      <p class="muted">Rebuild replays history into a new generation (effects recorded, never delivered) and switches to it once caught up; shadow compares and switches nothing.</p>
      <table id="replays" aria-live="polite"></table>`;
    let last = "";
    const tick = async () => {
      const list = await api("/api/replays");
      const text = JSON.stringify(list);
      const table = document.getElementById("replays");
      if (!table || text === last) return;
      last = text;
      const required = Object.entries(list.rebuildsRequired || {});
      document.getElementById("rebuilds").innerHTML = required.length
        ? `<div class="note" id="rebuilds-required"><b>Rebuild required</b> (these processors are paused until one runs):
          <ul>${required.map(([p, why]) => `<li><b>${esc(p)}</b>: ${esc(why)}</li>`).join("")}</ul></div>` : "";
      table.innerHTML = `<tr><th>replay</th><th>status</th><th>processor</th><th>mode</th><th>gen</th><th>progress</th><th>reason</th><th></th></tr>` +
        (list.items.length ? list.items.map(replayRow).join("") : `<tr><td colspan="8" class="muted">no replays yet</td></tr>`);
      table.querySelectorAll("[data-cancel]").forEach((b) => (b.onclick = () =>
        api(`/api/replays/${encodeURIComponent(b.dataset.cancel)}`, { method: "DELETE" }, true).then(tick).catch(showError)));
    };
    document.getElementById("rp-form").onsubmit = (e) => {
      e.preventDefault();
      const value = (id) => document.getElementById(id).value.trim();
      const body = { processor: value("rp-proc"), shadow: value("rp-mode") === "shadow" };
      if (value("rp-prefix")) body.keyPrefix = value("rp-prefix");
      if (value("rp-seq")) body.fromSequence = Number(value("rp-seq"));
      if (value("rp-time")) body.fromTime = new Date(value("rp-time")).toISOString();
      errorBox.hidden = true;
      api("/api/replays", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }, true).then(tick).catch(showError);
    };
    await tick();
    timer = setInterval(() => tick().catch(showError), 1000);
  }

  function replayRow(r) {
    const q = r.request || {};
    const pct = Math.round(100 * (r.progress || 0));
    const scope = [q.keyPrefix ? `keys ${esc(q.keyPrefix)}*` : "", q.fromSequence != null ? `from #${q.fromSequence}` : "", q.fromTime ? `from ${time(q.fromTime)}` : ""].filter(Boolean).join(", ");
    return `<tr data-replay="${esc(r.id)}"><td><code>${esc(r.id)}</code><br><span class="muted">${time(r.createdAt)}</span></td>
      <td class="status-${esc(r.status)}" data-replay-status>${esc(r.status)}</td><td>${esc(r.processor)}</td>
      <td>${esc(r.mode)}${scope ? `<br><span class="muted">${scope}</span>` : ""}</td><td>${r.generation}${projectionVersions(r.projectionVersions)}</td>
      <td><span class="track" role="progressbar" aria-label="replay ${esc(r.id)} progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${pct}"><span class="bar" style="display:block;width:${pct}%"></span></span> ${pct}%
        <br><span class="muted">${r.eventsApplied} applied · ${r.timersFired} timers · ${r.effectsSuppressed} effects suppressed${r.handlerFailures ? ` · ${r.handlerFailures} failures` : ""}</span>
        <br><span class="muted">${r.partitions.map((p) => `p${p.partition} ${p.position}/${p.target}${p.done ? " ✓" : ""}`).join(" · ")}</span></td>
      <td>${esc(r.reason)}${r.error ? `<br><span class="status-failed">${esc(r.error)}</span>` : ""}</td>
      <td>${r.status === "running" ? `<button class="secondary" data-cancel="${esc(r.id)}">Cancel</button>` : ""}</td></tr>
      ${r.diff ? `<tr><td></td><td colspan="7">${shadowDiff(r.diff)}</td></tr>` : ""}`;
  }

  // The projection versions a rebuild writes (readers see them from its switch on).
  function projectionVersions(versions) {
    const entries = Object.entries(versions || {});
    return entries.length ? `<br><span class="muted" data-projection-versions>${entries.map(([name, v]) => `${esc(name)} v${v}`).join(", ")}</span>` : "";
  }

  function shadowDiff(d) {
    const effects = (list) => list.map((e) => `<tr><td>${esc(e.key)}</td><td>${esc(e.channel)} → ${esc(e.target)}</td><td><code>${esc(e.payload)}</code></td></tr>`).join("");
    return `<details data-diff><summary>shadow: ${d.workersDiffering} of ${d.workersCompared} workers differ · ${d.effectsOnlyInShadow} effects only in shadow · ${d.effectsOnlyInLive} only in live</summary>
      ${d.workers.length ? `<table><tr><th>worker</th><th>live</th><th>shadow</th></tr>${d.workers.map((w) =>
        `<tr><td>${esc(w.key)} <span class="muted">p${w.partition}</span></td><td><code>${esc(w.live ?? "(none)")}</code></td><td><code>${esc(w.shadow ?? "(none)")}</code></td></tr>`).join("")}</table>` : ""}
      ${d.onlyInShadow.length ? `<h2>Effects only the shadow would send</h2><table>${effects(d.onlyInShadow)}</table>` : ""}
      ${d.onlyInLive.length ? `<h2>Effects only live sent</h2><table>${effects(d.onlyInLive)}</table>` : ""}</details>`;
  }

  // ---- projections: list, one row by key, a paged prefix scan of the current version ----
  async function projections(name, query) {
    const list = (await api("/api/projections")).projections;
    view.innerHTML = `<h2>Projections</h2><table id="pj-list"><tr><th>name</th><th>version</th><th>rows</th><th>processors</th></tr>
      ${list.map((p) => `<tr><td><a href="#/projections/${encodeURIComponent(p.name)}"${p.name === name ? ' aria-current="page"' : ""}>${esc(p.name)}</a></td><td>${p.version}</td>
        <td data-rows="${esc(p.name)}">${p.rows}</td><td>${esc(p.processors.join(", "))}</td></tr>`).join("")}</table>
      ${name ? "" : `<p class="muted">Open a projection to look up a row or scan rows by key prefix.</p>`}`;
    if (!name) return;
    const q = new URLSearchParams(query || "");
    const prefix = q.get("prefix") || "", limit = q.get("limit") || "25", after = q.get("after") || "";
    const rowsPath = `/api/projections/${encodeURIComponent(name)}/rows`;
    const page = await api(`${rowsPath}?${new URLSearchParams({ prefix, limit, after })}`);
    const link = (next) => `#/projections/${encodeURIComponent(name)}?${new URLSearchParams({ prefix, limit, ...(next ? { after: next } : {}) })}`;
    view.insertAdjacentHTML("beforeend", `<h2>${esc(name)}</h2>
      <form id="pj-get"><label>key <input id="pj-key" required></label> <button type="submit">Look up</button></form>
      <div id="pj-row" aria-live="polite"></div>
      <h2>Rows${prefix ? ` starting with “${esc(prefix)}”` : ""}${after ? ` after “${esc(after)}”` : ""}</h2>
      <form id="pj-scan"><label>key prefix <input id="pj-prefix" value="${esc(prefix)}"></label>
        <label>per page <select id="pj-limit">${["25", "100", "500"].map((n) => `<option${n === limit ? " selected" : ""}>${n}</option>`).join("")}</select></label>
        <button type="submit">Scan</button></form>
      <table id="pj-rows"><tr><th>key</th><th>updated</th><th>document</th></tr>
      ${page.rows.length ? page.rows.map((r) => `<tr data-key="${esc(r.key)}"><td>${esc(r.key)}</td><td>${time(r.updatedAt)}</td><td><code>${esc(JSON.stringify(r.document))}</code></td></tr>`).join("")
        : `<tr><td colspan="3" class="muted">no rows</td></tr>`}</table>
      <p>${after ? `<a href="${esc(link(""))}">← first page</a> ` : ""}${page.nextAfter ? `<a href="${esc(link(page.nextAfter))}" id="pj-next">next page →</a>` : ""}</p>`);
    document.getElementById("pj-scan").onsubmit = (e) => {
      e.preventDefault();
      location.hash = `#/projections/${encodeURIComponent(name)}?${new URLSearchParams({ prefix: document.getElementById("pj-prefix").value, limit: document.getElementById("pj-limit").value })}`;
    };
    document.getElementById("pj-get").onsubmit = (e) => {
      e.preventDefault();
      const rowKey = document.getElementById("pj-key").value, out = document.getElementById("pj-row");
      // '/' stays a separator (the route takes the rest of the path); '#', '?' and the rest are percent-encoded.
      api(`${rowsPath}/${rowKey.split("/").map(encodeURIComponent).join("/")}`)
        .then((row) => (out.innerHTML = `<p class="muted">updated ${time(row.updatedAt)}</p>${json(row.document)}`))
        .catch((err) => (out.innerHTML = `<p class="status-failed">${esc(err.message)}</p>`));
    };
  }

  const redrive = (id) => api(`/api/deadletters/${id}/redrive`, { method: "POST" }, true);

  function showError(e) { errorBox.hidden = false; errorBox.textContent = e.message || String(e); }

  async function route() {
    clearInterval(timer);
    errorBox.hidden = true;
    const hash = location.hash.slice(1) || "/";
    const [path, query] = hash.split("?");
    const parts = path.split("/").filter(Boolean);
    document.querySelectorAll("[data-nav]").forEach((a) => a.classList.toggle("active", a.dataset.nav === (parts[0] || "overview")));
    if (!key()) { view.innerHTML = ""; showLogin(); return; }
    try {
      if (parts[0] === "processors") await processors();
      else if (parts[0] === "events") await views.events(query);
      else if (parts[0] === "workers" && parts.length === 1) await views.workers(query);
      else if (parts[0] === "effects") await views.effects(query);
      else if (parts[0] === "send") await views.send();
      else if (parts[0] === "workers") await worker(decodeURIComponent(parts[1]), decodeURIComponent(parts.slice(2).join("/")));
      else if (parts[0] === "deadletters") await deadletters(query);
      else if (parts[0] === "replays") await replays();
      else if (parts[0] === "projections") await projections(parts[1] && decodeURIComponent(parts[1]), query);
      else if (pages[parts[0]]) await pages[parts[0]](ui, parts.slice(1).map(decodeURIComponent), query);
      else await overview();
    } catch (e) { showError(e); }
  }

  const ui = { api, esc, json, time, view, showError, every: (f, ms) => (timer = setInterval(() => f().catch(showError), ms)) };
  const views = window.MicroStreamsViews(ui);

  // Pages that processors add (AddDashboardPage): a nav entry each, and a script that registers its renderer here.
  const pages = {};
  window.MicroStreamsDashboard = { page: (name, render) => (pages[name] = render) };
  async function loadPages() {
    const response = await fetch("/dashboard/pages");
    const added = response.ok ? await response.json() : [];
    const nav = document.querySelector("header nav");
    await Promise.all(added.map((p) => new Promise((resolve) => {
      nav.insertAdjacentHTML("beforeend", `<a href="#/${esc(encodeURIComponent(p.name))}" data-nav="${esc(p.name)}">${esc(p.title)}</a>`);
      const script = document.createElement("script");
      script.src = `/dashboard/pages/${encodeURIComponent(p.name)}`;
      script.onload = script.onerror = resolve;
      document.body.appendChild(script);
    })));
  }

  window.addEventListener("hashchange", route);
  loadPages().catch(showError).finally(route);
})();
