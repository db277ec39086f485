// The operations desk (/portal/operator): queue depths, outboxes and dead letters (/api/operations/messaging) with
// replay, the messages relayed per minute over the last hour as an inline SVG, and workflow instances with incidents
// (/api/workflows/instances) with retry; all of it refreshed while the desk is open (Portal.live, every 10 s).
(() => {
  const { el, t, api, date } = Portal;
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const colours = { central: '#0b5cab', streets: '#1b6e35' };
  const sideName = { central: ['中心侧', 'Central'], streets: ['街道子系统', 'Street gateway'] };
  let data = { messaging: null, throughput: null, dead: {}, instances: [] };

  function say(text) { $('status').textContent = text; }

  async function fetchAll() {
    const [messaging, throughput, instances] = await Promise.all([
      api('/api/operations/messaging'), api('/api/operations/messaging/throughput?minutes=60'),
      api('/api/workflows/instances?hasIncidents=true&pageSize=50')]);
    const dead = {};
    await Promise.all(messaging.sides.map(async (s) => { dead[s.side] = await api(`/api/operations/dead-letters/${s.side}?take=50`); }));
    const details = await Promise.all(instances.items.map((i) => api(`/api/workflows/instances/${encodeURIComponent(i.id)}`)));
    return { messaging, throughput, dead, instances: details };
  }

  async function load() { data = await fetchAll(); }

  /** What a refresh announces when it is new: dead letters and workflow incidents (depths and the chart just redraw). */
  function liveItems(d) {
    return [
      ...Object.entries(d.dead).flatMap(([side, letters]) => letters.map((l) => ({
        id: `dead:${side}:${l.id}`, text: t(`死信 ${l.messageType ?? '—'}(${sideName[side][0]})`, `dead letter ${l.messageType ?? '—'} (${sideName[side][1]})`) }))),
      ...d.instances.flatMap((i) => i.incidents.map((incident) => ({
        id: `incident:${incident.id}`, text: `${t('故障', 'incident')} ${i.instance.definitionId} · ${incident.activityId}` }))),
    ];
  }

  function renderQueues() {
    const m = data.messaging;
    // The same note on every queue (the in-memory transport keeps no depths) is said once, not in a column.
    const notes = [...new Set(m.queues.map((q) => q.problem || ''))];
    const shared = notes.length === 1 ? notes[0] : null;
    $('transport').textContent = t(`传输方式:${m.transport}`, `Transport: ${m.transport}`) + (shared ? ` · ${Portal.pick(shared)}` : '');
    const heads = [[t('队列', 'Queue')], [t('待处理消息', 'Messages'), 'num'], [t('消费者', 'Consumers'), 'num'], ...(shared === null ? [[t('说明', 'Note')]] : [])];
    $('queues').replaceChildren(el('div', { className: 'table-wrap' }, [el('table', { id: 'queue-table' }, [
      el('caption', { className: 'visually-hidden', textContent: t('各队列的消息数与消费者数', 'Messages and consumers per queue') }),
      el('thead', {}, [el('tr', {}, heads.map(([h, c]) => el('th', { scope: 'col', className: c || '', textContent: h })))]),
      el('tbody', {}, m.queues.map((q) => el('tr', {}, [
        el('th', { scope: 'row', className: 'wrap', textContent: q.name }), el('td', { className: 'num', textContent: q.messages ?? '—' }),
        el('td', { className: 'num', textContent: q.consumers ?? '—' }),
        shared === null ? el('td', { className: 'wrap', textContent: q.problem ? Portal.pick(q.problem) : '' }) : null]))),
    ])]));
    $('sides').replaceChildren(...m.sides.flatMap((s) => {
      const dead = Object.values(s.deadLetters).reduce((a, b) => a + b, 0);
      return [
        el('div', { className: 'tile' + (s.outboxPending > 0 ? ' warn' : '') }, [el('div', { className: 'value', textContent: String(s.outboxPending) }),
          el('div', { className: 'label', textContent: t(`${sideName[s.side][0]}发件箱待发`, `${sideName[s.side][1]} outbox waiting`) })]),
        el('div', { className: 'tile' + (dead > 0 ? ' warn' : '') }, [el('div', { className: 'value', textContent: String(dead) }),
          el('div', { className: 'label', textContent: t(`${sideName[s.side][0]}死信`, `${sideName[s.side][1]} dead letters`) })]),
      ];
    }));
  }

  function svg(name, attrs = {}, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Stacked bars per minute (one colour per side), drawn at the container's width so labels stay readable on a phone.
  function renderChart() {
    const box = $('throughput-chart');
    const minutes = data.throughput.minutes;
    const sides = Object.keys(minutes[0]?.sent ?? { central: 0 });
    const totals = minutes.map((m) => sides.reduce((a, s) => a + (m.sent[s] || 0), 0));
    const sum = totals.reduce((a, b) => a + b, 0);
    const peak = Math.max(...totals, 0);
    const max = peak <= 4 ? 4 : Math.ceil(peak / 4) * 4;
    const W = Math.round(Math.max(320, Math.min(720, box.clientWidth || 720))), H = 220, L = 36, R = 10, T = 12, B = 30;
    const plotW = W - L - R, plotH = H - T - B, slot = plotW / Math.max(minutes.length, 1);
    const y = (v) => T + plotH - (plotH * v) / max;
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', id: 'throughput-svg', 'aria-labelledby': 'throughput-t throughput-d' });
    chart.append(svg('title', { id: 'throughput-t' }, t('每分钟转发的消息', 'Messages relayed per minute')),
      svg('desc', { id: 'throughput-d' }, t(`最近 ${minutes.length} 分钟共转发 ${sum} 条消息,单分钟最多 ${peak} 条。`,
        `${sum} messages relayed in the last ${minutes.length} minutes; at most ${peak} in one minute.`)));
    for (let i = 0; i <= 4; i++) {
      const v = (max / 4) * i;
      chart.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#d0d7de' }), svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
    }
    minutes.forEach((m, i) => {
      let base = 0;
      for (const s of sides) {
        const v = m.sent[s] || 0;
        if (v > 0) {
          const rect = svg('rect', { x: L + slot * i + 0.5, y: y(base + v), width: Math.max(slot - 1, 1), height: y(base) - y(base + v), fill: colours[s] || '#6a3d9a' });
          rect.append(svg('title', {}, `${date(m.minute, true)} ${t(...sideName[s])}: ${v}`));
          chart.append(rect);
        }
        base += v;
      }
      const last = i === minutes.length - 1;
      if ((i % 15 === 0 && minutes.length - i > 8) || last) {
        chart.append(svg('text', { x: last ? W - R : L + slot * (i + 0.5), y: H - 10, 'text-anchor': last ? 'end' : i === 0 ? 'start' : 'middle' },
          new Date(m.minute).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' })));
      }
    });
    const legend = el('ul', { className: 'legend' }, sides.map((s) => el('li', {}, [
      el('span', { className: 'key', 'aria-hidden': 'true', style: `background:${colours[s] || '#6a3d9a'}` }), t(...sideName[s])])));
    box.replaceChildren(chart, legend);
  }

  function renderDeadLetters() {
    const rows = Object.entries(data.dead).flatMap(([side, letters]) => letters.map((d) => ({ side, ...d })));
    if (rows.length === 0) return $('dead-letters').replaceChildren(el('p', { className: 'sub', textContent: t('没有待处理的死信。', 'No dead letters waiting.') }));
    $('dead-letters').replaceChildren(el('ul', { className: 'cards' }, rows.map((d) => {
      const replay = el('button', { type: 'button', textContent: t('重新投递', 'Replay') });
      replay.addEventListener('click', async () => {
        try {
          await api(`/api/operations/dead-letters/${d.side}/${d.id}/replay`, { method: 'POST' });
          await refresh(t('死信已重新投递。', 'Dead letter replayed.'));
        } catch (error) {
          if (!(error instanceof Portal.ApiError)) throw error;
          say(error.message);
        }
      });
      return el('li', { className: 'card-item' }, [
        el('p', { className: 'sub', textContent: `${t(...sideName[d.side])} · ${d.queue} · ${date(d.failedAt, true)}` }),
        el('p', { textContent: `${d.messageType ?? '—'}` }), el('p', { className: 'wrap', textContent: d.error }), replay]);
    })));
  }

  function renderInstances() {
    if (data.instances.length === 0) return $('instances').replaceChildren(el('p', { className: 'sub', textContent: t('没有故障。', 'No incidents.') }));
    $('instances').replaceChildren(el('ul', { className: 'cards' }, data.instances.map((d) => el('li', { className: 'card-item' }, [
      el('p', {}, [el('a', { href: `/studio/`, textContent: `${d.instance.definitionId} v${d.instance.definitionVersion}` }), ` · ${d.instance.id} · ${d.instance.status}`]),
      ...d.incidents.map((incident) => {
        const retry = el('button', { type: 'button', textContent: t('重试', 'Retry') });
        retry.addEventListener('click', async () => {
          try {
            await api(`/api/workflows/instances/${encodeURIComponent(d.instance.id)}/incidents/${encodeURIComponent(incident.id)}/retry`, { method: 'POST' });
            await refresh(t('已重试。', 'Retried.'));
          } catch (error) {
            if (!(error instanceof Portal.ApiError)) throw error;
            say(error.message);
          }
        });
        return el('div', { className: 'incident' }, [
          el('p', { className: 'wrap', textContent: `${incident.activityId} (${incident.activityType}) · ${date(incident.at, true)}: ${Portal.pick(incident.message)}` }), retry]);
      }),
    ]))));
  }

  function render() {
    if (!data.messaging) return;
    renderQueues();
    renderChart();
    renderDeadLetters();
    renderInstances();
  }

  async function refresh(message) {
    await load();
    render();
    if (message) say(message);
  }

  document.addEventListener('DOMContentLoaded', async () => {
    $('reload').addEventListener('click', () => refresh(t('已刷新。', 'Refreshed.')));
    let resized = null;
    window.addEventListener('resize', () => { clearTimeout(resized); resized = setTimeout(render, 150); });
    await Portal.start(render, load);
    // Queues, outboxes, dead letters and incidents keep themselves current while the desk is open.
    Portal.live({ fetch: fetchAll, current: () => data, items: liveItems, apply: (fresh) => { data = fresh; render(); } });
  });
})();
