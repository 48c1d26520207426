// The vertalived dashboard: the API's resources, kept live by the event stream (docs/api.md).
'use strict';

const state = { instances: new Map(), alerts: new Map() };

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('data-')) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
}

function badge(value) {
  return el('span', { class: 'state state-' + value }, value);
}

function token() {
  return sessionStorage.getItem('vertalived-token') || '';
}

function headers() {
  const t = token();
  return t ? { Authorization: 'Bearer ' + t } : {};
}

function say(text) {
  const m = document.getElementById('message');
  m.textContent = text;
  m.hidden = false;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { m.hidden = true; }, 6000);
}

async function getJson(path) {
  const r = await fetch(path, { headers: headers() });
  const body = await r.json();
  if (!r.ok) throw new Error(body.message || r.statusText);
  return body;
}

async function loadNodes() {
  const { nodes } = await getJson('/api/nodes');
  const tbody = document.querySelector('#nodes tbody');
  tbody.replaceChildren(...nodes.map(n => el('tr', {}, el('td', {}, n.node), el('td', {}, n.host),
    el('td', {}, n.services.join(', ')), el('td', {}, n.version), el('td', {}, new Date(n.startedAt).toLocaleString()))));
}

function instanceRow(i) {
  const key = i.node + '/' + i.instance;
  const button = el('button', { type: 'button', disabled: i.state !== 'MASTER', title: 'planned, hitless handover to a backup' }, 'hand over');
  button.addEventListener('click', () => handover(i.node, i.instance, button));
  const priority = i.effectivePriority === i.basePriority ? String(i.basePriority)
    : i.effectivePriority + ' (base ' + i.basePriority + ')';
  return el('tr', { 'data-key': key, 'data-state': i.state },
    el('td', {}, i.node), el('td', {}, i.instance), el('td', { class: 'state-cell' }, badge(i.state)),
    el('td', {}, priority), el('td', {}, i.virtualRouterId), el('td', {}, i.masterAddress || '—'),
    el('td', {}, (i.virtualIpAddresses || []).join(' ')), el('td', {}, i.syncGroup || ''), el('td', {}, button));
}

function renderInstances() {
  const tbody = document.querySelector('#instances tbody');
  tbody.replaceChildren(...[...state.instances.values()].map(instanceRow));
}

async function loadInstances() {
  const body = await getJson('/api/instances');
  state.instances = new Map(body.instances.map(i => [i.node + '/' + i.instance, i]));
  const u = document.getElementById('unreachable');
  u.hidden = body.unreachable.length === 0;
  u.textContent = 'No answer from: ' + body.unreachable.join(', ');
  renderInstances();
}

async function loadVirtualServers() {
  const { virtualServers } = await getJson('/api/virtual-servers');
  const box = document.getElementById('virtual-servers');
  if (virtualServers.length === 0) {
    box.replaceChildren(el('p', {}, 'none configured'));
    return;
  }
  box.replaceChildren(...virtualServers.map(vs => {
    const rows = vs.realServers.map(rs => {
      const health = rs.drained ? 'drained' : rs.alive ? 'up' : 'down';
      return el('tr', {}, el('td', {}, rs.realServer), el('td', {}, badge(health)), el('td', {}, rs.weight),
        el('td', {}, rs.reason || ''),
        el('td', {}, (rs.checks || []).map(c => c.checkType + ' ' + (c.up ? 'up' : 'down') + ' ' + c.latencyMillis.toFixed(1) + ' ms').join('; ')));
    });
    const quorum = vs.quorum == null ? '' : ' — quorum ' + vs.quorum + ', alive weight ' + vs.aliveWeight
      + (vs.quorumUp === true ? ' (up)' : vs.quorumUp === false ? ' (LOST)' : '');
    return el('div', { class: 'vs' }, el('h3', {}, vs.virtualServer + quorum),
      el('div', { class: 'scroll' }, el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'real server'), el('th', {}, 'health'),
        el('th', {}, 'weight'), el('th', {}, 'reason'), el('th', {}, 'last checks'))), el('tbody', {}, ...rows))));
  }));
}

async function handover(node, instance, button) {
  if (!token()) {
    document.getElementById('token-dialog').showModal();
    return;
  }
  button.disabled = true;
  say('handing ' + instance + ' of ' + node + ' over...');
  try {
    const r = await fetch('/api/instances/' + encodeURIComponent(node) + '/' + encodeURIComponent(instance) + '/handover',
      { method: 'POST', headers: headers() });
    const body = await r.json();
    say(r.ok ? body.outcome : 'handover refused: ' + body.message);
  } catch (e) {
    say('handover failed: ' + e.message);
  } finally {
    button.disabled = false;
    loadInstances().catch(e => say(e.message));
  }
}

function describe(type, e) {
  const change = (e.from ? e.from + ' → ' : '') + (e.to || '');
  switch (type) {
    case 'vrrp_transition':
    case 'sync_group': return e.node + ' ' + (e.group ? 'group ' : '') + e.instance + ': ' + change + ' (' + e.reason + ')';
    case 'real_server': return e.virtual_server + ' ' + e.real_server + ': ' + change + ', weight ' + e.weight + ' (' + e.reason + ')';
    case 'config_reloaded': return e.node + ' configuration (' + e.trigger + '): ' + change + ' ' + (e.reason || '');
    case 'delivery_parked': return e.node + ' endpoint ' + e.endpoint + ': ' + (e.reason || change);
    case 'alert': return e.node + ' ' + (e.to === 'RAISED' ? 'ALERT ' : 'alert cleared: ') + e.from.replace('_', ' ') + ' ' + e.instance + ': ' + e.reason;
    case 'quorum': return e.node + ' ' + e.virtual_server + ' quorum ' + change + ', alive weight ' + e.alive_weight + ' (' + e.reason + ')';
    case 'lvs_change': return e.node + ' ' + e.backend + ' (' + e.from + '): ' + e.to + ' ' + e.reason;
    default: return JSON.stringify(e);
  }
}

function addEvent(id, type, e) {
  const list = document.getElementById('events');
  const when = e.timestamp ? new Date(e.timestamp).toLocaleTimeString() : '';
  list.prepend(el('li', { 'data-type': type, 'data-id': id || '' }, when + '  ' + describe(type, e)));
  while (list.children.length > 200) list.lastChild.remove();
}

function onTransition(msg) {
  const e = JSON.parse(msg.data);
  addEvent(msg.lastEventId, 'vrrp_transition', e);
  const key = e.node + '/' + e.instance;
  const i = state.instances.get(key);
  if (i) {
    i.state = e.to;
    renderInstances();
  }
  // priorities, masters and counters change with it: the full picture follows
  loadInstances().catch(() => {});
}

function renderAlerts() {
  const banner = document.getElementById('alerts');
  banner.hidden = state.alerts.size === 0;
  banner.replaceChildren(...[...state.alerts.values()].map(a =>
    el('div', {}, 'SPLIT BRAIN (' + a.kind.replace('_', ' ') + ') on ' + a.node + ': ' + a.detail)));
}

// the alerts already raised when the page opens (the stream tells what changes after)
async function loadAlerts() {
  const { alerts } = await getJson('/api/alerts');
  for (const a of alerts) state.alerts.set(a.node + '/' + a.instance + '/' + a.kind, a);
  renderAlerts();
}

function connect() {
  const badgeEl = document.getElementById('stream');
  // EventSource reconnects by itself and sends Last-Event-ID: nothing the journal holds is missed
  const source = new EventSource('/api/events');
  source.onopen = () => { badgeEl.textContent = 'live'; badgeEl.className = 'badge live'; loadInstances().catch(() => {}); };
  source.onerror = () => { badgeEl.textContent = 'reconnecting'; badgeEl.className = 'badge down'; };
  source.addEventListener('vrrp_transition', onTransition);
  for (const type of ['sync_group', 'real_server', 'config_reloaded', 'delivery_parked', 'alert', 'quorum', 'lvs_change']) {
    // alerts are listed below as well as in the banner
    source.addEventListener(type, msg => {
      addEvent(msg.lastEventId, type, JSON.parse(msg.data));
      if (type === 'real_server' || type === 'quorum') loadVirtualServers().catch(() => {});
      if (type === 'config_reloaded') { loadInstances().catch(() => {}); loadVirtualServers().catch(() => {}); }
    });
  }
  source.addEventListener('alert', msg => {
    const e = JSON.parse(msg.data);
    const key = e.node + '/' + e.instance + '/' + e.from;
    if (e.to === 'RAISED') state.alerts.set(key, { kind: e.from, node: e.node, detail: e.reason });
    else state.alerts.delete(key);
    renderAlerts();
  });
  source.addEventListener('gap', msg => addEvent('', 'gap', JSON.parse(msg.data)));
  source.addEventListener('reset', msg => addEvent('', 'reset', JSON.parse(msg.data)));
}

document.getElementById('token-button').addEventListener('click', () => document.getElementById('token-dialog').showModal());
document.getElementById('token-dialog').addEventListener('close', () => {
  if (document.getElementById('token-dialog').returnValue === 'ok') {
    sessionStorage.setItem('vertalived-token', document.getElementById('token').value.trim());
  }
});

Promise.all([loadNodes(), loadInstances(), loadVirtualServers(), loadAlerts()]).catch(e => say(e.message));
connect();
