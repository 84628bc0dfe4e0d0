// The dashboard's Tenants page (registered by AddExampleProcessors): push delivery's destinations per tenant,
// edited as JSON with the admin key, applied at once on this server.
"use strict";
MicroStreamsDashboard.page("tenants", ({ api, esc, time, view, showError }) => {
  const destinationTemplate = [{ name: "webhook", url: "https://example.com/hooks", eventTypes: ["sale_complete"], maxBatchSize: 100, flushInterval: "00:00:10", maxAge: "06:00:00" }];
  async function tenants() {
    const list = await api("/api/tenants", {}, true);
    const destination = (d) => `<b>${esc(d.name)}</b> → <code>${esc(d.url)}</code><br><span class="muted">${esc(d.eventTypes.join(", "))} · batch ${d.maxBatchSize} · flush ${esc(d.flushInterval)} · give up after ${esc(d.maxAge)}</span>`;
    view.innerHTML = `<h2>Tenants</h2>
      <p class="muted">Push subscribes to <b>${esc(list.subscribedEventTypes.join(", ") || "nothing")}</b> (fixed at start: another event type needs a restart).
        This server re-reads the table every ${esc(list.refreshInterval)} (last ${time(list.refreshedAt)}); an edit here applies at once.</p>
      <table id="tn-list"><tr><th>tenant</th><th>destinations</th><th>updated</th><th></th></tr>
      ${list.tenants.length ? list.tenants.map((t) => `<tr data-tenant="${esc(t.tenant)}"><td><b>${esc(t.tenant)}</b></td>
        <td>${t.destinations.length ? t.destinations.map(destination).join("<br>") : '<span class="muted">none</span>'}</td><td>${time(t.updatedAt)}</td>
        <td><button class="secondary" data-edit="${esc(t.tenant)}">Edit</button> <button class="secondary" data-delete="${esc(t.tenant)}">Delete</button></td></tr>`).join("")
        : `<tr><td colspan="4" class="muted">no tenants yet</td></tr>`}</table>
      <h2>Add or replace a tenant</h2>
      <form id="tn-form" aria-label="Save a tenant"><label>tenant <input id="tn-name" required></label>
        <p><textarea id="tn-destinations" rows="10" cols="100" aria-label="destinations (JSON)">${esc(JSON.stringify(destinationTemplate, null, 2))}</textarea></p>
        <button type="submit">Save</button></form><div id="tn-result" aria-live="polite"></div>`;
    const byName = Object.fromEntries(list.tenants.map((t) => [t.tenant, t]));
    view.querySelectorAll("[data-edit]").forEach((b) => (b.onclick = () => {
      document.getElementById("tn-name").value = b.dataset.edit;
      document.getElementById("tn-destinations").value = JSON.stringify(byName[b.dataset.edit].destinations, null, 2);
    }));
    view.querySelectorAll("[data-delete]").forEach((b) => (b.onclick = () =>
      api(`/api/tenants/${encodeURIComponent(b.dataset.delete)}`, { method: "DELETE" }, true).then(tenants).catch(showError)));
    document.getElementById("tn-form").onsubmit = (e) => {
      e.preventDefault();
      const out = document.getElementById("tn-result");
      let destinations;
      try { destinations = JSON.parse(document.getElementById("tn-destinations").value); } catch (err) { out.innerHTML = `<p class="status-failed">not JSON: ${esc(err.message)}</p>`; return; }
      api(`/api/tenants/${encodeURIComponent(document.getElementById("tn-name").value.trim())}`,
        { method: "PUT", body: JSON.stringify({ destinations }), headers: { "content-type": "application/json" } }, true)
        .then(tenants)
        .catch((err) => (out.innerHTML = `<p class="status-failed">${esc(err.message)}</p>${(err.body?.errors || []).map((x) => `<p class="status-failed" data-error="${esc(x.field)}">${esc(x.field)}: ${esc(x.reason)}</p>`).join("")}`));
    };
  }

  return tenants();
});
