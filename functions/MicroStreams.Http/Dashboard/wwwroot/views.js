// The dashboard's working views: live events, workers per processor, effects, and sending a test event.
// app.js calls this with its helpers (api, esc, ...) and routes #/events, #/workers, #/effects and #/send here.
"use strict";
window.MicroStreamsViews = ({ api, esc, json, time, view, showError, every }) => {
  const workerLink = (processor, key) =>
    `<a href="#/workers/${encodeURIComponent(processor)}/${encodeURIComponent(key)}">${esc(processor)}/${esc(key)}</a>`;
  const options = (values, selected) => values.map((v) => `<option${v === selected ? " selected" : ""}>${esc(v)}</option>`).join("");
  const subscribedTypes = (processors) => [...new Set(processors.flatMap((p) => p.subscribes))].sort();

  // ---- live event stream: the latest events, each expandable to its CloudEvent and the workers it reached ----
  async function events(query) {
    const q = new URLSearchParams(query || "");
    const type = q.get("type") || "", subject = q.get("subject") || "";
    const types = subscribedTypes(await api("/api/processors"));
    view.innerHTML = `<h2>Events <span class="muted">(newest first, live)</span></h2>
      <form id="ev-filter"><label>type <select id="ev-type"><option value="">any</option>${options(types, type)}</select></label>
        <label>subject <input id="ev-subject" value="${esc(subject)}"></label> <button type="submit">Filter</button>
        <label><input type="checkbox" id="ev-live" checked> live</label></form>
      <table id="ev-table"></table>`;
    document.getElementById("ev-filter").onsubmit = (e) => {
      e.preventDefault();
      const next = new URLSearchParams();
      if (document.getElementById("ev-type").value) next.set("type", document.getElementById("ev-type").value);
      if (document.getElementById("ev-subject").value) next.set("subject", document.getElementById("ev-subject").value);
      location.hash = `#/events?${next}`;
    };
    const open = new Map(); // "partition:sequence" -> the detail last read, for rows the user expanded
    const detailHtml = (d) => `<td colspan="6"><div class="split"><div><h3>CloudEvent</h3>${json(d.cloudEvent)}</div>
      <div><h3>Reached</h3>${d.reached.length ? `<table class="reach"><tr><th>worker</th><th>outcome</th><th></th></tr>${d.reached.map((r) =>
        `<tr data-reach="${esc(r.processor)}"><td>${workerLink(r.processor, r.key)}</td><td class="outcome-${esc(r.outcome)}" data-outcome>${esc(r.outcome)}</td>
          <td>${r.deadLetterId ? `<a href="#/deadletters?processor=${encodeURIComponent(r.processor)}&status=">dead letter #${r.deadLetterId}</a> <span class="muted">${esc(r.deadLetterStatus)}: ${esc(r.reason)}</span>` : ""}</td></tr>`).join("")}</table>`
        : '<p class="muted">no processor subscribes to this type</p>'}</div></div></td>`;
    const render = (list) => {
      const table = document.getElementById("ev-table");
      if (!table) return;
      table.innerHTML = `<tr><th>type</th><th>subject</th><th>time</th><th>appended</th><th>partition</th><th>position</th></tr>` +
        (list.items.length ? list.items.map((e) => {
          const id = `${e.partition}:${e.sequence}`;
          return `<tr data-event="${id}" class="clickable" title="${esc(e.id)}"><td>${open.has(id) ? "▾" : "▸"} <b>${esc(e.type)}</b></td><td>${esc(e.subject)}</td>
            <td>${time(e.time)}</td><td>${time(e.appendedAt)}</td><td>${e.partition}</td><td>${e.sequence}</td></tr>
            ${open.get(id) ? `<tr data-detail="${id}">${detailHtml(open.get(id))}</tr>` : ""}`;
        }).join("") : `<tr><td colspan="6" class="muted">no events${type || subject ? " match" : " yet"}</td></tr>`);
      table.querySelectorAll("tr[data-event]").forEach((tr) => (tr.onclick = () => toggle(tr.dataset.event).catch(showError)));
    };
    // Each poll asks only for what was appended since the last one (`after`: the heads it saw) and merges it in.
    let last = { items: [] }, after = null;
    const newest = (a, b) => b.appendedAt.localeCompare(a.appendedAt) || b.sequence - a.sequence || a.partition - b.partition;
    const refreshOpen = () => Promise.all([...open.keys()].map(async (id) => open.set(id, await api(`/api/events/${id.replace(":", "/")}`))));
    const toggle = async (id) => {
      if (open.has(id)) open.delete(id);
      else { open.set(id, null); await refreshOpen(); }
      render(last);
    };
    const tick = async () => {
      const params = new URLSearchParams({ limit: "50" });
      if (type) params.set("type", type);
      if (subject) params.set("subject", subject);
      if (after) params.set("after", after);
      const page = await api(`/api/events?${params}`);
      after = page.after;
      last = { items: [...page.items, ...last.items].sort(newest).slice(0, 50) };
      await refreshOpen();
      render(last);
    };
    await tick();
    every(() => (document.getElementById("ev-live")?.checked ? tick() : Promise.resolve()), 1000);
  }

  // ---- workers of one processor: status, last change, timers; search by key prefix; paged ----
  async function workers(query) {
    const processors = await api("/api/processors");
    const q = new URLSearchParams(query || "");
    const processor = q.get("processor") || processors[0]?.name || "", prefix = q.get("prefix") || "", after = q.get("after") || "", limit = q.get("limit") || "25";
    const link = (extra) => `#/workers?${new URLSearchParams({ processor, prefix, limit, ...extra })}`;
    const page = processor ? await api(`/api/processors/${encodeURIComponent(processor)}/workers?${new URLSearchParams({ prefix, after, limit })}`)
      : { items: [], matching: 0 };
    view.innerHTML = `<h2>Workers</h2>
      <form id="wk-filter"><label>processor <select id="wk-proc">${options(processors.map((p) => p.name), processor)}</select></label>
        <label>key prefix <input id="wk-prefix" value="${esc(prefix)}"></label> <button type="submit">Search</button>
        <span class="muted" id="wk-matching">${page.matching} worker(s)${prefix ? ` with keys starting “${esc(prefix)}”` : ""}</span></form>
      <table id="wk-table"><tr><th>key</th><th>status</th><th>last change</th><th>timers armed</th><th>next timer</th><th>events applied</th><th>partition</th></tr>
      ${page.items.length ? page.items.map((w) => `<tr data-worker="${esc(w.key)}"><td>${workerLink(w.processor, w.key)}</td>
        <td class="status-${esc(w.status)}" data-status>${esc(w.status)}</td><td>${time(w.lastChangedAt)}</td><td>${w.timersArmed}</td>
        <td>${time(w.nextTimerDue)}</td><td>${w.eventsApplied}</td><td>${w.partition}</td></tr>`).join("")
        : `<tr><td colspan="7" class="muted">no workers</td></tr>`}</table>
      <p>${after ? `<a href="${esc(link({}))}">← first page</a> ` : ""}${page.nextAfter ? `<a id="wk-next" href="${esc(link({ after: page.nextAfter }))}">next page →</a>` : ""}</p>`;
    document.getElementById("wk-filter").onsubmit = (e) => {
      e.preventDefault();
      location.hash = `#/workers?${new URLSearchParams({ processor: document.getElementById("wk-proc").value, prefix: document.getElementById("wk-prefix").value })}`;
    };
  }

  // ---- effects of every worker, and each destination's queue and backoff ----
  const states = ["pending", "retrying", "delivered", "givenUp"];
  async function effects(query) {
    const q = new URLSearchParams(query || "");
    const state = q.get("state") || "";
    view.innerHTML = `<h2>Destinations <span class="muted">(pending effects per destination, live)</span></h2><table id="ef-destinations"></table>
      <h2>Effects <span class="muted">(newest first)</span></h2>
      <form id="ef-filter"><label>state <select id="ef-state"><option value="">all</option>${options(states, state)}</select></label>
        <label>processor <input id="ef-proc" size="16" value="${esc(q.get("processor") || "")}"></label> <button type="submit">Filter</button></form>
      <table id="ef-table"></table><p id="ef-more"></p>`;
    document.getElementById("ef-filter").onsubmit = (e) => {
      e.preventDefault();
      const next = new URLSearchParams();
      if (document.getElementById("ef-state").value) next.set("state", document.getElementById("ef-state").value);
      if (document.getElementById("ef-proc").value) next.set("processor", document.getElementById("ef-proc").value);
      location.hash = `#/effects?${next}`;
    };
    const tick = async () => {
      const [queues, page] = await Promise.all([api("/api/effects/destinations"), api(`/api/effects?${q}`)]);
      const destinations = document.getElementById("ef-destinations"), table = document.getElementById("ef-table");
      if (!destinations || !table) return;
      destinations.innerHTML = `<tr><th>destination</th><th>queued</th><th>retrying</th><th>attempts (max)</th><th>next attempt</th><th>backoff</th><th>oldest</th></tr>` +
        (queues.items.length ? queues.items.map((d) => `<tr data-destination="${esc(d.target)}"><td>${esc(d.channel)} → <code>${esc(d.target)}</code></td>
          <td data-queued>${d.pending}</td><td>${d.retrying}</td><td>${d.maxAttempts}</td><td>${time(d.nextAttemptAt)}</td>
          <td data-backoff>${d.backoffSeconds > 0 ? `${d.backoffSeconds.toFixed(1)} s` : "none"}</td><td>${time(d.oldestCreatedAt)}</td></tr>`).join("")
          : `<tr><td colspan="7" class="muted">nothing waiting</td></tr>`);
      table.innerHTML = `<tr><th>state</th><th>worker</th><th>destination</th><th>attempts</th><th>next attempt</th><th>created</th><th>delivered</th><th>last error</th></tr>` +
        (page.items.length ? page.items.map((e) => `<tr data-effect="${esc(e.id)}"><td class="effect-${esc(e.state)}" data-state>${esc(e.state)}</td>
          <td>${workerLink(e.processor, e.key)}</td><td>${esc(e.channel)} → <code>${esc(e.target)}</code></td><td>${e.attempts}</td>
          <td>${time(e.nextAttemptAt)}</td><td>${time(e.createdAt)}</td><td>${time(e.deliveredAt)}</td><td>${esc(e.lastError)}</td></tr>`).join("")
          : `<tr><td colspan="8" class="muted">no effects</td></tr>`);
      document.getElementById("ef-more").innerHTML = page.next ? `<a href="#/effects?${esc(page.next.split("?")[1])}">older →</a>` : "";
    };
    await tick();
    if (!q.get("before")) every(tick, 2000);
  }

  // ---- send a test event (a CloudEvent editor) and move a simulated clock ----
  async function send() {
    const [processors, clock] = await Promise.all([api("/api/processors"), api("/api/clock")]);
    const types = subscribedTypes(processors);
    const byType = (t) => processors.filter((p) => p.subscribes.includes(t)).map((p) => p.name).join(", ");
    view.innerHTML = `<h2>Send a test event</h2>
      <form id="se-form" aria-label="Send a test event">
        <p><label>type <select id="se-type">${types.map((t) => `<option value="${esc(t)}">${esc(t)} (${esc(byType(t))})</option>`).join("")}</select></label>
          <label>subject <input id="se-subject" value="user-1" required></label>
          <label>source <input id="se-source" value="/dashboard"></label></p>
        <p><label>data (JSON)<br><textarea id="se-data" rows="5" cols="60">{}</textarea></label></p>
        <p><label>CloudEvent<br><textarea id="se-event" rows="12" cols="100" aria-label="CloudEvent (JSON)"></textarea></label></p>
        <button type="submit">Send</button></form><div id="se-result" aria-live="polite"></div>
      <h2>Clock</h2><div id="clock-panel"></div>`;
    const field = (id) => document.getElementById(id);
    const compose = () => {
      let data;
      try { data = JSON.parse(field("se-data").value || "null"); } catch { return; }
      const event = { specversion: "1.0", id: crypto.randomUUID(), source: field("se-source").value, type: field("se-type").value, subject: field("se-subject").value,
        time: clock.now, datacontenttype: "application/json", data };
      field("se-event").value = JSON.stringify(event, null, 2);
    };
    ["se-type", "se-subject", "se-source", "se-data"].forEach((id) => (field(id).oninput = compose));
    compose();
    field("se-form").onsubmit = (e) => {
      e.preventDefault();
      const out = field("se-result");
      api("/api/events", { method: "POST", body: field("se-event").value, headers: { "content-type": "application/cloudevents+json" } })
        .then((receipt) => {
          const at = receipt.positions?.[0];
          out.innerHTML = `<p data-sent>accepted ${receipt.accepted}, duplicates ${receipt.duplicates}${at ? ` at partition ${at.partition}, position ${at.sequence}
            · <a href="#/events?${new URLSearchParams({ subject: field("se-subject").value })}">see it in the stream</a>` : ""}</p>`;
          compose();
        })
        .catch((err) => (out.innerHTML = `<p class="status-failed" data-send-error>${esc(err.message)}</p>${(err.body?.errors || []).map((x) =>
          `<p class="status-failed" data-error="${esc(x.field)}">${esc(x.field)}: ${esc(x.reason)}</p>`).join("")}`));
    };
    const panel = field("clock-panel");
    const showClock = (c) => {
      panel.innerHTML = c.simulated
        ? `<p>Simulated clock at <b id="clock-now">${time(c.now)}</b>. Timers due by then fire as the clock moves.</p>
          <form id="clock-form"><label>advance by <input id="clock-by" value="PT1H" size="12" aria-label="duration (ISO 8601 or d.hh:mm:ss)"></label>
            <button type="submit">Advance</button> ${["PT1H", "P1D", "P7D", "P30D"].map((d) => `<button type="button" class="secondary" data-by="${d}">+${d.replace(/^PT?/, "").toLowerCase()}</button>`).join(" ")}</form>`
        : `<p class="muted">serve runs on real time (<b>${time(c.now)}</b>); start it with <code>--simulated-clock</code> to move the clock from here.</p>`;
      if (!c.simulated) return;
      const advance = (by) => api(`/api/admin/clock/advance?${new URLSearchParams({ by })}`, { method: "POST" }, true).then((next) => { clock.now = next.now; showClock(next); compose(); }).catch(showError);
      field("clock-form").onsubmit = (e) => { e.preventDefault(); advance(field("clock-by").value.trim()); };
      panel.querySelectorAll("[data-by]").forEach((b) => (b.onclick = () => advance(b.dataset.by)));
    };
    showClock(clock);
  }

  return { events, workers, effects, send };
};
