// The committee office's page: its inbox (screening queue, batch review, emergency approvals, other tasks) grouped by
// form, the review window dashboard, the duty/negative list editors, the working-day calendar editor and the plan
// list export. Everything it shows comes from the office-scoped API.
(() => {
  const { el, t } = Portal;
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const num = (v, digits = 0) => Number(v).toLocaleString(t('zh-CN', 'en'), { maximumFractionDigits: digits });
  const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

  const stages = {
    Draft: ['草稿', 'Draft'], Screening: ['筛查', 'Screening'], Queued: ['排队待评审', 'Queued'], Review: ['批次评审', 'Review'],
    Voting: ['街道社区表决', 'Voting'], Committee: ['委员会审批', 'Committee'], EmergencyApproval: ['紧急审批', 'Emergency approval'],
    Funding: ['经费确认', 'Funding'], Dispatch: ['派发', 'Dispatch'], Inspection: ['检查', 'Inspection'], Correction: ['整改', 'Correction'],
    Completed: ['已完成', 'Completed'], Refused: ['不予准入', 'Refused'], Returned: ['已退回', 'Returned'], Withdrawn: ['已撤回', 'Withdrawn'],
    Lapsed: ['已失效', 'Lapsed'], Cancelled: ['已撤销', 'Cancelled'],
  };
  const stageLabel = (s) => (stages[s] ? t(...stages[s]) : s);

  // The inbox's groups, in the order the office works through them.
  const groups = [
    ['admission.screening', '筛查队列', 'Screening queue'],
    ['admission.review', '评审收件箱', 'Review inbox'],
    ['admission.emergency', '紧急事项收件箱', 'Emergency inbox'],
  ];

  let tasks = [];
  let dashboard = null;
  let lists = { kind: 'duty-list', versions: [], items: [] };
  let calendar = { year: null, days: [], versions: [] };

  // ---- inbox ----
  async function loadTasks() {
    tasks = await Portal.api('/api/workflows/tasks');
    renderTasks();
  }

  /** The inbox keeps itself current (new applications to screen, emergencies) while the office works on the page. */
  function liveTasks() {
    Portal.live({
      fetch: () => Portal.api('/api/workflows/tasks'), current: () => tasks, items: (open) => open.map(PortalTasks.liveItem),
      apply: (open) => { tasks = open; renderTasks(); }, region: $('inbox'),
    });
  }

  function referenceField(prefix) {
    const input = el('input', { name: 'reference', 'data-field': 'data.reference', maxLength: 40, autocomplete: 'off' });
    return [PortalTasks.field(prefix + '-reference', t('依据的清单事项编码(已在职责清单、负面清单时必填)', 'List item code cited (required for the duty list and the negative list)'), input)];
  }

  function renderTasks() {
    const known = new Set(groups.map((g) => g[0]));
    const all = [...groups, ['', '其他待办', 'Other tasks']];
    $('inbox-note').textContent = t(`共 ${tasks.length} 项待办;倒计时到各项时限,每秒更新。`, `${tasks.length} open tasks; countdowns to each deadline update every second.`);
    $('groups').replaceChildren(...all.flatMap(([form, zh, en]) => {
      const mine = tasks.filter((x) => (form ? x.form === form : !known.has(x.form)));
      if (!form && mine.length === 0) return [];
      const id = 'group-' + (form || 'other').replace('.', '-');
      return el('section', { className: 'task-group', id, 'aria-labelledby': id + '-title' }, [
        el('h3', { id: id + '-title', textContent: t(`${zh}(${mine.length})`, `${en} (${mine.length})`) }),
        mine.length === 0 ? el('p', { className: 'sub', textContent: t('没有待办。', 'Nothing to do.') }) : null,
        ...mine.map((task) => PortalTasks.card(task, {
          status: $('status'),
          dataFields: task.form === 'admission.screening' ? referenceField : null,
          data: task.form === 'admission.screening' ? (f) => (f.reference.value ? { reference: f.reference.value.trim() } : null) : null,
          done: async () => { await loadTasks(); await loadDashboard(); },
        })),
      ]);
    }));
    PortalTasks.startClock($('sla-live'));
  }

  // ---- dashboard ----
  async function loadDashboard() {
    dashboard = await Portal.api('/api/admission/dashboard');
    renderDashboard();
  }

  function svg(name, attrs = {}, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderDashboard() {
    if (!dashboard) return;
    const d = dashboard, w = d.window, b = d.batch;
    $('window-line').textContent = w
      ? t(`${w.year} 年${w.half === 1 ? '上' : '下'}半年评审批次 ${w.id}:${w.opensOn} 开启,${w.closesOn} 截止${w.closedAt ? '(已结束)' : '(进行中)'},纳入 ${w.applications} 件申请。`,
        `Review window ${w.id} (${w.year} H${w.half}): opened ${w.opensOn}, closes ${w.closesOn}${w.closedAt ? ' (closed)' : ' (open)'}; ${w.applications} applications taken in.`)
      : t('尚未开启评审批次:排队的申请将在下一个一月或七月批次评审。', 'No review window has opened yet: queued applications are reviewed in the next January or July window.');
    const bars = [['reviewed', '已评审', 'Reviewed'], ['voting', '已交表决', 'Sent to vote'], ['tallied', '已计票', 'Votes tallied'], ['approved', '已批准准入', 'Approved']];
    $('progress').replaceChildren(...bars.map(([key, zh, en]) => {
      const id = 'progress-' + key;
      const max = Math.max(b.total, 1);
      return el('div', { className: 'progress-row' }, [
        el('label', { for: id, textContent: `${t(zh, en)}${t(':', ': ')}${b[key]} / ${b.total}` }),
        el('progress', { id, max, value: b[key], textContent: `${b[key]} / ${b.total}` }),
      ]);
    }));
    $('stages').replaceChildren(...(d.stages.length ? d.stages.map((s) => el('div', { className: 'tile' }, [
      el('div', { className: 'value', textContent: num(s.count) }), el('div', { className: 'label', textContent: stageLabel(s.stage) }),
    ])) : [el('p', { className: 'sub', textContent: t('本区还没有申请。', 'No applications in the district yet.') })]));
    $('wait-note').textContent = t(`${Portal.date(d.since)} 以来提交的申请在各阶段停留的时间:中位数与第 90 百分位。`,
      `Time spent at each stage by applications submitted since ${Portal.date(d.since)}: median and 90th percentile.`);
    waitChart($('wait-chart'), d.timeInStage);
  }

  // Horizontal bars per stage: the median, and the 90th percentile behind it; the longest waits stand out.
  function waitChart(container, rows) {
    container.replaceChildren();
    const W = Math.round(Math.max(320, Math.min(720, container.clientWidth || 640)));
    const narrow = W < 480, L = narrow ? 84 : 130, R = narrow ? 56 : 80, rowH = 40, H = Math.max(rowH * rows.length, rowH) + 24;
    const max = Math.max(1, ...rows.map((r) => r.p90Hours));
    const scale = (v) => ((W - L - R) * v) / max;
    const longest = rows.reduce((a, r) => (!a || r.medianHours > a.medianHours ? r : a), null);
    const desc = rows.length
      ? rows.map((r) => t(`${stageLabel(r.stage)}:中位数 ${num(r.medianHours, 1)} 小时,第 90 百分位 ${num(r.p90Hours, 1)} 小时(${r.applications} 件)`,
        `${stageLabel(r.stage)}: median ${num(r.medianHours, 1)} h, 90th percentile ${num(r.p90Hours, 1)} h (${r.applications} applications)`)).join(t(';', '; '))
      : t('还没有可统计的申请。', 'No applications to measure yet.');
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', id: 'wait-svg', 'aria-labelledby': 'wait-svg-t wait-svg-d' });
    chart.append(svg('title', { id: 'wait-svg-t' }, longest ? t(`申请在哪个阶段等待最久:${stageLabel(longest.stage)}`, `Where applications wait longest: ${stageLabel(longest.stage)}`)
      : t('各阶段停留时间', 'Time spent per stage')), svg('desc', { id: 'wait-svg-d' }, desc));
    rows.forEach((r, i) => {
      const top = 8 + i * rowH;
      chart.append(svg('text', { x: L - 8, y: top + 20, 'text-anchor': 'end', 'font-weight': r === longest ? 700 : 400 }, stageLabel(r.stage)));
      const p90 = svg('rect', { x: L, y: top + 4, width: Math.max(scale(r.p90Hours), 1), height: 24, fill: '#b9cde5', stroke: '#0b5cab', 'stroke-width': 1, class: 'p90' });
      p90.append(svg('title', {}, `${stageLabel(r.stage)} P90 ${num(r.p90Hours, 1)} h`));
      const median = svg('rect', { x: L, y: top + 10, width: Math.max(scale(r.medianHours), 1), height: 12, fill: r === longest ? '#b00020' : '#0b5cab', class: 'median' });
      median.append(svg('title', {}, `${stageLabel(r.stage)} ${t('中位数', 'median')} ${num(r.medianHours, 1)} h`));
      chart.append(p90, median, svg('text', { x: L + scale(r.p90Hours) + 6, y: top + 20 }, `${num(r.medianHours, 2)} / ${num(r.p90Hours, 2)}`));
    });
    if (!rows.length) chart.append(svg('text', { x: 8, y: 28 }, t('还没有可统计的申请。', 'No applications to measure yet.')));
    container.append(chart);
    const legend = el('ul', { className: 'legend' }, [
      el('li', {}, [el('span', { className: 'key', 'aria-hidden': 'true', style: 'background:#0b5cab' }), t('中位数(小时)', 'Median (hours)')]),
      el('li', {}, [el('span', { className: 'key', 'aria-hidden': 'true', style: 'background:#b9cde5' }), t('第 90 百分位(小时)', '90th percentile (hours)')]),
      el('li', {}, [el('span', { className: 'key', 'aria-hidden': 'true', style: 'background:#b00020' }), t('等待最久的阶段', 'Longest wait')]),
    ]);
    container.append(legend);
  }

  // ---- list editors ----
  async function loadLists() {
    lists.kind = $('list-kind').value;
    lists.versions = await Portal.api(`/api/reference/${lists.kind}/versions`);
    const latest = lists.versions[0];
    const section = lists.kind === 'negative-list' ? 'negative' : 'statutory';
    // The API names sections in PascalCase (Statutory); the editor's options are the lower-case names it accepts too.
    lists.items = latest ? latest.items.map((i) => ({ ...i, section: String(i.section).toLowerCase(), keywords: (i.keywords || []).join(', ') }))
      : [{ code: '', section, titleZh: '', titleEn: '', legalBasis: '', keywords: '' }];
    $('list-effective').value = today();
    $('list-note').value = '';
    Portal.clearErrors($('list-form'));
    renderLists();
  }

  function rowInput(prefix, i, key, state, labelText, control) {
    control.name = `${key}`;
    control.setAttribute('data-field', `${prefix}[${i}].${key}`);
    control.value = state[key] ?? '';
    control.addEventListener('input', () => { state[key] = control.value; });
    return PortalTasks.field(`${prefix}-${i}-${key}`, labelText, control);
  }

  function renderLists() {
    const negative = lists.kind === 'negative-list';
    const sections = negative ? [['negative', '负面清单', 'Negative']] : [['statutory', '依法履职', 'Statutory'], ['assisting', '协助政府履职', 'Assisting the government']];
    $('list-items').replaceChildren(...lists.items.map((item, i) => {
      const remove = el('button', { type: 'button', className: 'secondary', textContent: t(`删除事项 ${i + 1}`, `Remove item ${i + 1}`) });
      remove.addEventListener('click', () => { lists.items.splice(i, 1); renderLists(); });
      const sectionSelect = el('select', {}, sections.map(([v, zh, en]) => el('option', { value: v, textContent: t(zh, en) })));
      return el('fieldset', { className: 'item-row' }, [
        el('legend', { textContent: t(`事项 ${i + 1}`, `Item ${i + 1}`) }),
        rowInput('items', i, 'code', item, t('编码', 'Code'), el('input', { maxLength: 40, autocomplete: 'off' })),
        rowInput('items', i, 'section', item, t('类别', 'Section'), sectionSelect),
        rowInput('items', i, 'titleZh', item, t('中文名称', 'Title (Chinese)'), el('input', { maxLength: 300 })),
        rowInput('items', i, 'titleEn', item, t('英文名称', 'Title (English)'), el('input', { maxLength: 300 })),
        rowInput('items', i, 'legalBasis', item, t('依据', 'Legal basis'), el('input', { maxLength: 500 })),
        rowInput('items', i, 'keywords', item, t('关键词(逗号分隔)', 'Keywords (comma-separated)'), el('input', { maxLength: 900 })),
        el('div', { className: 'actions' }, [remove]),
      ]);
    }));
    table($('list-versions'), [['版本', 'Version'], ['生效日期', 'Effective from'], ['事项数', 'Items'], ['说明', 'Note'], ['发布人', 'Published by'], ['发布时间', 'Published at']],
      lists.versions.map((v) => [v.version, v.effectiveFrom, v.items.length, v.note || '—', v.createdBy, Portal.date(v.createdAt, true)]),
      t('没有已发布的版本。', 'No version published yet.'));
  }

  function table(node, columns, rows, empty) {
    node.querySelector('thead tr').replaceChildren(...columns.map(([zh, en]) => el('th', { scope: 'col', textContent: t(zh, en) })));
    node.querySelector('tbody').replaceChildren(...(rows.length ? rows.map((r) => el('tr', {}, r.map((c) => el('td', { textContent: String(c) }))))
      : [el('tr', {}, [el('td', { colSpan: columns.length, textContent: empty })])]));
  }

  async function publishList(e) {
    e.preventDefault();
    const form = $('list-form');
    Portal.clearErrors(form);
    const body = {
      effectiveFrom: $('list-effective').value || null,
      note: $('list-note').value || null,
      items: lists.items.map((i) => ({
        code: i.code, section: i.section, titleZh: i.titleZh, titleEn: i.titleEn, legalBasis: i.legalBasis || null,
        keywords: String(i.keywords || '').split(/[,,]/).map((k) => k.trim()).filter((k) => k),
      })),
    };
    try {
      const v = await Portal.api(`/api/reference/${lists.kind}`, { method: 'POST', body });
      await loadLists();
      $('status').textContent = t(`已发布第 ${v.version} 版,${v.effectiveFrom} 起生效。`, `Version ${v.version} published, in effect from ${v.effectiveFrom}.`);
    } catch (error) {
      if (!(error instanceof Portal.ApiError)) throw error;
      Portal.showErrors(form, error);
    }
  }

  // ---- calendar ----
  async function loadCalendar() {
    const form = $('calendar-form');
    Portal.clearErrors(form);
    const year = Number($('cal-year').value);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      Portal.showErrors(form, { errors: { year: [t('年份须在 2000–2100 之间', 'The year must be between 2000 and 2100')] } });
      return;
    }
    calendar.year = year;
    calendar.versions = await Portal.api(`/api/reference/calendar/${year}/versions`);
    const latest = calendar.versions.reduce((a, v) => (!a || v.version > a.version ? v : a), null);
    const parsed = latest ? JSON.parse(latest.json) : { source: '', days: [] };
    $('cal-source').value = parsed.source || '';
    calendar.days = (parsed.days || []).map((d) => ({ date: d.date, kind: d.kind ? d.kind[0].toLowerCase() + d.kind.slice(1) : 'holiday', nameZh: d.nameZh, nameEn: d.nameEn }));
    if (calendar.days.length === 0) calendar.days.push({ date: '', kind: 'holiday', nameZh: '', nameEn: '' });
    renderCalendar();
  }

  function renderCalendar() {
    $('cal-days-summary').textContent = t(`节假日与调休上班日(${calendar.days.length} 天)`, `Holidays and make-up working days (${calendar.days.length})`);
    $('cal-days').replaceChildren(...calendar.days.map((day, i) => {
      const remove = el('button', { type: 'button', className: 'secondary', textContent: t(`删除第 ${i + 1} 天`, `Remove day ${i + 1}`) });
      remove.addEventListener('click', () => { calendar.days.splice(i, 1); renderCalendar(); });
      const kind = el('select', {}, [el('option', { value: 'holiday', textContent: t('放假', 'Holiday') }), el('option', { value: 'makeUpWorkday', textContent: t('调休上班', 'Make-up working day') })]);
      return el('fieldset', { className: 'item-row' }, [
        el('legend', { textContent: t(`第 ${i + 1} 天`, `Day ${i + 1}`) }),
        rowInput('days', i, 'date', day, t('日期', 'Date'), el('input', { type: 'date' })),
        rowInput('days', i, 'kind', day, t('类型', 'Kind'), kind),
        rowInput('days', i, 'nameZh', day, t('中文名称', 'Name (Chinese)'), el('input', { maxLength: 100 })),
        rowInput('days', i, 'nameEn', day, t('英文名称', 'Name (English)'), el('input', { maxLength: 100 })),
        el('div', { className: 'actions' }, [remove]),
      ]);
    }));
    table($('cal-versions'), [['版本', 'Version'], ['来源', 'Source'], ['发布人', 'Published by'], ['发布时间', 'Published at']],
      [...calendar.versions].sort((a, b) => b.version - a.version).map((v) => [v.version, v.source, v.createdBy, Portal.date(v.createdAt, true)]),
      t('该年还没有日历。', 'No calendar for this year yet.'));
  }

  async function publishCalendar(e) {
    e.preventDefault();
    const form = $('calendar-form');
    Portal.clearErrors(form);
    const year = Number($('cal-year').value);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      Portal.showErrors(form, { errors: { year: [t('年份须在 2000–2100 之间', 'The year must be between 2000 and 2100')] } });
      return;
    }
    const body = { year, source: $('cal-source').value, days: calendar.days.map((d) => ({ date: d.date || null, kind: d.kind, nameZh: d.nameZh, nameEn: d.nameEn })) };
    try {
      const v = await Portal.api(`/api/reference/calendar/${year}`, { method: 'PUT', body });
      await loadCalendar();
      $('status').textContent = t(`已发布 ${v.year} 年日历第 ${v.version} 版。`, `Calendar ${v.year} version ${v.version} published.`);
    } catch (error) {
      if (!(error instanceof Portal.ApiError)) throw error;
      Portal.showErrors(form, error);
      // A day with an error is shown: the list of days opens.
      if (form.querySelector('#cal-days [aria-invalid]')) {
        $('cal-days-box').open = true;
        form.querySelector('#cal-days [aria-invalid]').focus();
      }
    }
  }

  // ---- plan list export ----
  async function updateExport() {
    const form = $('export-form');
    Portal.clearErrors(form);
    const year = $('export-year').value;
    const q = year ? '?year=' + encodeURIComponent(year) : '';
    $('plan-csv').href = '/api/plan-list/export.csv' + q;
    $('plan-xlsx').href = '/api/plan-list/export.xlsx' + q;
    if (Number(year) < 2000 || Number(year) > 2100) {
      Portal.showErrors(form, { errors: { year: [t('年度须在 2000–2100 之间', 'The year must be between 2000 and 2100')] } });
      $('plan-count').textContent = '';
      return;
    }
    const entries = await Portal.api(`/api/public/${encodeURIComponent(Portal.me.district)}/plan-list?year=${encodeURIComponent(year)}`);
    $('plan-count').textContent = t(`${year} 年计划清单共 ${entries.length} 项。`, `The ${year} plan list holds ${entries.length} items.`);
  }

  Portal.start(async () => {
    renderTasks();
    renderDashboard();
    renderLists();
    renderCalendar();
    updateExport();
  }, async () => {
    $('list-kind').addEventListener('change', loadLists);
    $('list-add').addEventListener('click', () => {
      lists.items.push({ code: '', section: lists.kind === 'negative-list' ? 'negative' : 'statutory', titleZh: '', titleEn: '', legalBasis: '', keywords: '' });
      renderLists();
      $(`items-${lists.items.length - 1}-code`).focus();
    });
    $('list-form').addEventListener('submit', publishList);
    $('cal-year').value = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4);
    $('cal-load').addEventListener('click', loadCalendar);
    $('cal-add').addEventListener('click', () => {
      calendar.days.push({ date: '', kind: 'holiday', nameZh: '', nameEn: '' });
      renderCalendar();
      $('cal-days-box').open = true;
      $(`days-${calendar.days.length - 1}-date`).focus();
    });
    $('calendar-form').addEventListener('submit', publishCalendar);
    $('export-year').value = $('cal-year').value;
    $('export-year').addEventListener('change', updateExport);
    $('export-form').addEventListener('submit', (e) => { e.preventDefault(); updateExport(); });
    let resized = null;
    window.addEventListener('resize', () => { clearTimeout(resized); resized = setTimeout(renderDashboard, 150); });
    await Promise.all([loadTasks(), loadDashboard(), loadLists(), loadCalendar(), updateExport()]);
  }).then(liveTasks);
})();
