// The burden dashboard: reads /api/burden for the signed-in person's scope and draws its charts as inline SVG.
(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);
  const t = (zh, en) => (trLang() === 'en' ? en : zh);
  const num = (v, digits = 0) => Number(v).toLocaleString(trLang() === 'en' ? 'en' : 'zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  let me = null;
  let report = null;
  let sort = { key: 'hours', descending: true };
  let units = { streets: [], communities: [] };

  function el(name, attrs = {}, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // An SVG with a <title> and <desc> that screen readers announce; the viewBox scales it to any width.
  function svgFor(container, id, title, desc, width, height) {
    container.replaceChildren();
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, id });
    svg.append(el('title', { id: `${id}-t` }, title), el('desc', { id: `${id}-d` }, desc));
    container.append(svg);
    return svg;
  }

  // Drawn at the container's own width (320–640 units), so the labels stay readable on a phone instead of shrinking.
  function widthOf(container) {
    return Math.round(Math.max(320, Math.min(640, container.clientWidth || 640)));
  }

  function legend(container, entries) {
    const list = document.createElement('ul');
    list.className = 'legend';
    for (const [colour, label, dashed] of entries) {
      const item = document.createElement('li');
      const key = document.createElement('span');
      key.className = 'key';
      key.style.background = dashed ? `repeating-linear-gradient(90deg, ${colour} 0 4px, transparent 4px 7px)` : colour;
      key.setAttribute('aria-hidden', 'true');
      item.append(key, label);
      list.append(item);
    }
    container.append(list);
  }

  function niceMax(value) {
    if (value <= 0) return 10;
    const p = Math.pow(10, Math.floor(Math.log10(value)));
    return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= value);
  }

  // Months along x; bars and lines share one y axis; an optional dashed horizontal line (the cap).
  function monthChart(container, id, title, desc, { months, bars = [], lines = [], limit }) {
    const W = widthOf(container), H = 260, L = 44, R = 12, T = 14, B = 34;
    const all = [...bars.flatMap((b) => b.values), ...lines.flatMap((l) => l.values), limit ?? 0];
    const max = niceMax(Math.max(...all));
    const svg = svgFor(container, id, title, desc, W, H);
    const x0 = L, plotW = W - L - R, plotH = H - T - B;
    const slot = plotW / Math.max(months.length, 1);
    const y = (v) => T + plotH - (v / max) * plotH;
    for (let i = 0; i <= 4; i++) {
      const v = (max / 4) * i;
      svg.append(el('line', { x1: x0, x2: W - R, y1: y(v), y2: y(v), stroke: '#d0d7de' }));
      svg.append(el('text', { x: x0 - 6, y: y(v) + 4, 'text-anchor': 'end' }, num(v, 1)));
    }
    const every = Math.ceil(months.length / (W < 500 ? 6 : 12));
    months.forEach((m, i) => {
      if (i % every === 0) svg.append(el('text', { x: x0 + slot * (i + 0.5), y: H - 12, 'text-anchor': 'middle' }, m.slice(2)));
    });
    bars.forEach((b, k) => {
      const bw = (slot * 0.7) / bars.length;
      b.values.forEach((v, i) => {
        const bx = x0 + slot * i + slot * 0.15 + bw * k;
        const rect = el('rect', { x: bx, y: y(v), width: Math.max(bw - 1, 1), height: Math.max(y(0) - y(v), 0), fill: b.colour });
        rect.append(el('title', {}, `${months[i]} ${b.label}: ${num(v, 2)}`));
        svg.append(rect);
      });
    });
    for (const line of lines) {
      const points = line.values.map((v, i) => `${x0 + slot * (i + 0.5)},${y(v)}`).join(' ');
      svg.append(el('polyline', { points, fill: 'none', stroke: line.colour, 'stroke-width': 2.5 }));
      line.values.forEach((v, i) => {
        const dot = el('circle', { cx: x0 + slot * (i + 0.5), cy: y(v), r: 3.5, fill: line.colour });
        dot.append(el('title', {}, `${months[i]} ${line.label}: ${num(v, 2)}`));
        svg.append(dot);
      });
    }
    if (limit !== undefined) {
      svg.append(el('line', { x1: x0, x2: W - R, y1: y(limit), y2: y(limit), stroke: '#b00020', 'stroke-width': 2, 'stroke-dasharray': '6 4', class: 'cap' }));
      svg.append(el('text', { x: W - R, y: y(limit) - 5, 'text-anchor': 'end', fill: '#b00020' }, `${t('上限', 'cap')} ${num(limit, 1)}`));
    }
    legend(container, [...bars.map((b) => [b.colour, b.label]), ...lines.map((l) => [l.colour, l.label]),
      ...(limit !== undefined ? [['#b00020', t('每月工时上限', 'Monthly hours cap'), true]] : [])]);
  }

  // Pairs of bars (before, now) per measure, each labelled with its change in percent.
  function baselineChart(container, rows) {
    const W = widthOf(container), rowH = 56, H = rowH * rows.length + 20, L = W < 480 ? 96 : 130, R = W < 480 ? 64 : 90;
    const desc = rows.map((r) => `${r.label}: ${num(r.before, 1)} → ${num(r.now, 1)}${r.percent === null ? '' : ` (${r.percent > 0 ? '+' : ''}${num(r.percent, 1)}%)`}`).join('; ');
    const svg = svgFor(container, 'baseline-svg', t('准入前基线与现在的对比', 'Baseline before admission against now'), desc, W, H);
    rows.forEach((r, i) => {
      const max = niceMax(Math.max(r.before, r.now));
      const scale = (v) => ((W - L - R) * v) / max;
      const top = 10 + i * rowH;
      svg.append(el('text', { x: L - 8, y: top + 24, 'text-anchor': 'end', 'font-weight': 700 }, r.label));
      const before = el('rect', { x: L, y: top + 4, width: Math.max(scale(r.before), 1), height: 18, fill: '#8c959f' });
      before.append(el('title', {}, `${t('基线', 'baseline')} ${num(r.before, 1)}`));
      const now = el('rect', { x: L, y: top + 26, width: Math.max(scale(r.now), 1), height: 18, fill: '#0b5cab' });
      now.append(el('title', {}, `${t('现在', 'now')} ${num(r.now, 1)}`));
      svg.append(before, now);
      svg.append(el('text', { x: L + scale(r.before) + 6, y: top + 18 }, num(r.before, 1)));
      svg.append(el('text', { x: L + scale(r.now) + 6, y: top + 40 }, num(r.now, 1)));
      if (r.percent !== null) {
        svg.append(el('text', { x: W - 4, y: top + 30, 'text-anchor': 'end', 'font-weight': 700, fill: r.percent <= 0 ? '#1b6e35' : '#b00020' },
          `${r.percent > 0 ? '+' : ''}${num(r.percent, 1)}%`));
      }
    });
    legend(container, [['#8c959f', t('准入前基线', 'Baseline before admission')], ['#0b5cab', t('现在', 'Now')]]);
  }

  function query() {
    const p = new URLSearchParams();
    for (const name of ['from', 'to', 'street', 'community']) {
      const v = $(name).value;
      if (v) p.set(name, v);
    }
    return p.toString();
  }

  function showErrors(problem, prefix, formError) {
    if (problem.errors) {
      for (const [field, messages] of Object.entries(problem.errors)) {
        const target = $(prefix + field.replace(/^baselines\[\d+\]\./, '') + '-error') || $(formError);
        target.textContent = messages.map(trPick).join(' ');
      }
    } else {
      $(formError).textContent = trPick(problem.detail || problem.title || '');
    }
  }

  async function load() {
    for (const e of document.querySelectorAll('#filters .error, #form-error')) e.textContent = '';
    const q = query();
    const res = await fetch('/api/burden?' + q, { headers: { Accept: 'application/json' } });
    if (res.status === 401) { location.href = '/login?ReturnUrl=' + encodeURIComponent(location.pathname + location.search); return; }
    if (!res.ok) {
      showErrors(await res.json().catch(() => ({ title: res.statusText })), '', 'form-error');
      return;
    }
    report = await res.json();
    history.replaceState(null, '', '?' + q);
    $('export-csv').href = '/api/burden/export.csv?' + q;
    $('export-xlsx').href = '/api/burden/export.xlsx?' + q;
    if (report.scope === 'district') {
      units = { streets: report.streets, communities: report.communities };
    } else if (report.scope === 'street' && units.communities.length === 0 && !$('street').value) {
      units.communities = report.communities;
    }
    render();
  }

  function unitName(u) { return trLang() === 'en' ? u.nameEn : u.nameZh; }

  function fillSelect(select, items, allLabel) {
    const current = select.value;
    // Not known yet (the page opened on a filtered link): keep the requested unit selected.
    if (items.length === 0 && current) return;
    select.replaceChildren(new Option(allLabel, ''));
    for (const u of items) select.append(new Option(`${unitName(u)} (${u.code})`, u.code));
    select.value = items.some((u) => u.code === current) ? current : '';
  }

  function render() {
    if (!report) return;
    const r = report;
    const cmp = r.reduction ? r.reduction.month : r.months[r.months.length - 1];
    const j = Math.max(0, r.months.indexOf(cmp));
    const total = r.totals[j];
    const scopeName = r.scope === 'community' ? t(`社区 ${r.community}`, `community ${r.community}`)
      : r.scope === 'street' ? t(`街道 ${r.street}`, `street ${r.street}`) : t(`全区 ${r.district}`, `district ${r.district}`);
    $('scope-line').textContent = t(`范围:${scopeName},${r.from} 至 ${r.to},对比月份 ${cmp}`, `Scope: ${scopeName}, ${r.from} to ${r.to}, compared in ${cmp}`);

    const district = me && ['office', 'committee', 'supervisor', 'auditor'].some((x) => me.roles.includes(x));
    $('street-field').hidden = !district;
    $('community-field').hidden = !(district || (me && me.roles.includes('street')));
    fillSelect($('street'), units.streets, t('全部街道', 'All streets'));
    const street = $('street').value;
    fillSelect($('community'), units.communities.filter((c) => !street || c.street === street), t('全部社区', 'All communities'));
    fillSelect($('b-community'), units.communities, t('全区', 'Whole district'));

    const tiles = [
      [t('准入事项', 'Admitted items'), num(total.items)],
      [t('报表台账', 'Forms and ledgers'), num(total.formsAndLedgers)],
      [t('证明事项', 'Certificates'), num(total.certificates)],
      [t('社区平均每月工时', 'Average hours per community per month'), num(total.hoursAverage, 1)],
      [t('每月工时上限', 'Monthly hours cap'), num(r.capHours, 1)],
      [t('超过上限的社区', 'Communities over the cap'), num(total.communitiesOverCap), total.communitiesOverCap > 0],
      [t('累计拨付(元)', 'Funds received to date (yuan)'), num(total.fundsCumulative, 2)],
    ];
    $('summary').replaceChildren(...tiles.map(([label, value, warn]) => {
      const d = document.createElement('div');
      d.className = 'tile' + (warn ? ' warn' : '');
      const v = document.createElement('div'); v.className = 'value'; v.textContent = value;
      const l = document.createElement('div'); l.className = 'label'; l.textContent = label;
      d.append(v, l);
      return d;
    }));

    const avg = r.totals.map((x) => x.hoursAverage), max = r.totals.map((x) => x.hoursMax);
    monthChart($('hours-chart'), 'hours-svg', t('每月工时与上限', 'Hours per month against the cap'),
      t(`每社区每月平均工时 ${avg.map((v, i) => `${r.months[i]} ${num(v, 1)}`).join(',')};上限 ${num(r.capHours, 1)} 小时`,
        `Average hours per community: ${avg.map((v, i) => `${r.months[i]} ${num(v, 1)}`).join(', ')}; cap ${num(r.capHours, 1)} h`),
      { months: r.months, bars: [{ values: avg, colour: '#0b5cab', label: t('社区平均工时', 'Average hours') }],
        lines: r.scope === 'community' ? [] : [{ values: max, colour: '#6a3d9a', label: t('最高社区工时', 'Highest community') }], limit: r.capHours });
    const items = r.totals.map((x) => x.items), forms = r.totals.map((x) => x.formsAndLedgers), certs = r.totals.map((x) => x.certificates);
    monthChart($('items-chart'), 'items-svg', t('每月准入事项、报表台账与证明', 'Admitted items, forms and certificates per month'),
      t(`准入事项 ${items.map((v, i) => `${r.months[i]} ${v}`).join(',')}`, `Items: ${items.map((v, i) => `${r.months[i]} ${v}`).join(', ')}`),
      { months: r.months, lines: [
        { values: items, colour: '#1b6e35', label: t('准入事项', 'Items') },
        { values: forms, colour: '#0b5cab', label: t('报表台账', 'Forms and ledgers') },
        { values: certs, colour: '#a0522d', label: t('证明事项', 'Certificates') }] });

    if (r.baseline) {
      const b = r.baseline;
      $('baseline-note').textContent = t(`基线:${b.districtWide ? '全区' : '社区 ' + b.unit},截至 ${b.asOf},来源:${b.source}`,
        `Baseline: ${b.districtWide ? 'whole district' : 'community ' + b.unit}, as of ${b.asOf}, source: ${b.source}`);
      const red = r.reduction;
      baselineChart($('baseline-chart'), [
        { label: t('事项', 'Items'), before: red.items.baseline, now: red.items.now, percent: red.items.percent },
        { label: t('报表台账', 'Forms'), before: red.formsAndLedgers.baseline, now: red.formsAndLedgers.now, percent: red.formsAndLedgers.percent },
        { label: t('证明', 'Certificates'), before: red.certificates.baseline, now: red.certificates.now, percent: red.certificates.percent },
        { label: t('每月工时', 'Hours/month'), before: red.hours.baseline, now: red.hours.now, percent: red.hours.percent }]);
    } else {
      $('baseline-note').textContent = t('办公室尚未登记准入前基线。', 'The office has not recorded a baseline before admission yet.');
      $('baseline-chart').replaceChildren();
    }

    renderTable(j);
    $('table-note').textContent = t(`${cmp} 的数字;工时超过上限的社区以红色标出。`, `Figures for ${cmp}; communities over the cap are marked red.`);
    $('baseline-form-section').hidden = !(me && me.roles.includes('office'));
  }

  const columns = [
    ['name', '社区', 'Community', false], ['street', '街道', 'Street', false], ['items', '事项', 'Items', true],
    ['forms', '报表台账', 'Forms', true], ['certificates', '证明', 'Certificates', true], ['hours', '每月工时', 'Hours/month', true],
    ['funds', '累计拨付(元)', 'Funds to date (yuan)', true],
  ];

  function renderTable(j) {
    const head = document.querySelector('#communities thead tr');
    head.replaceChildren(...columns.map(([key, zh, en, numeric]) => {
      const th = document.createElement('th');
      th.scope = 'col';
      if (numeric) th.className = 'num';
      th.setAttribute('aria-sort', sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      b.textContent = t(zh, en) + (sort.key === key ? (sort.descending ? ' ↓' : ' ↑') : '');
      b.addEventListener('click', () => {
        sort = { key, descending: sort.key === key ? !sort.descending : numeric };
        renderTable(j);
        head.querySelector(`th:nth-child(${columns.findIndex((c) => c[0] === key) + 1}) button`).focus();
      });
      th.append(b);
      return th;
    }));
    const value = (c) => {
      const cell = c.months[j];
      const street = report.streets.find((x) => x.code === c.street);
      return { name: unitName(c), street: street ? unitName(street) : c.street, items: cell.items, forms: cell.formsAndLedgers, certificates: cell.certificates,
        hours: cell.hours, funds: cell.fundsCumulative, over: cell.overCap };
    };
    const rows = report.communities.map(value).sort((a, b) => {
      const x = a[sort.key], y = b[sort.key];
      const c = typeof x === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
      return sort.descending ? -c : c;
    });
    document.querySelector('#communities tbody').replaceChildren(...rows.map((row) => {
      const tr = document.createElement('tr');
      if (row.over) tr.className = 'over';
      for (const [key, , , numeric] of columns) {
        const td = document.createElement(key === 'name' ? 'th' : 'td');
        if (key === 'name') td.scope = 'row';
        if (numeric) td.className = 'num';
        td.textContent = numeric ? num(row[key], key === 'funds' ? 2 : 1) : row[key];
        if (key === 'hours' && row.over) td.textContent += ' ' + t('(超上限)', '(over cap)');
        tr.append(td);
      }
      return tr;
    }));
  }

  async function saveBaseline(e) {
    e.preventDefault();
    for (const x of document.querySelectorAll('#baseline-form .error, #b-form-error, #b-form-ok')) x.textContent = '';
    const f = e.target;
    const numberOrNull = (v) => (v === '' ? null : Number(v));
    const body = { baselines: [{
      community: f.community.value || null, items: numberOrNull(f.items.value), formsAndLedgers: numberOrNull(f.formsAndLedgers.value),
      certificates: numberOrNull(f.certificates.value), hoursPerMonth: numberOrNull(f.hoursPerMonth.value), asOf: f.asOf.value || null, source: f.source.value }] };
    const res = await fetch('/api/burden/baselines', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) {
      showErrors(await res.json().catch(() => ({ title: res.statusText })), 'b-', 'b-form-error');
      return;
    }
    $('b-form-ok').textContent = t('基线已保存。', 'Baseline saved.');
    await load();
  }

  document.addEventListener('DOMContentLoaded', async () => {
    window.trOnLanguageChanged = render;
    let resized = null;
    window.addEventListener('resize', () => { clearTimeout(resized); resized = setTimeout(render, 150); });
    const params = new URLSearchParams(location.search);
    const year = new Date().getFullYear();
    $('from').value = params.get('from') || `${year}-01`;
    $('to').value = params.get('to') || `${year}-12`;
    const meRes = await fetch('/api/auth/me', { headers: { Accept: 'application/json' } });
    if (meRes.status === 401) { location.href = '/login?ReturnUrl=' + encodeURIComponent(location.pathname + location.search); return; }
    me = meRes.ok ? await meRes.json() : null;
    // The selects are filled from the first answer; keep the requested unit so it is selected then.
    for (const name of ['street', 'community']) {
      if (params.get(name)) $(name).append(new Option(params.get(name), params.get(name), true, true));
    }
    $('filters').addEventListener('submit', (e) => { e.preventDefault(); load(); });
    $('street').addEventListener('change', () => { $('community').value = ''; });
    $('baseline-form').addEventListener('submit', saveBaseline);
    await load();
  });
})();
