// The department's desk (/portal/department): its own applications (search, stage and urgency filters, pages), filing
// and editing an application (the API validates; its field errors land next to the inputs), each application's status
// timeline with a working-day countdown, the funding confirmations waiting for the department, its alerts and the
// district notices that name it. Everything is read from the scoped API as the signed-in department.
(() => {
  const { el, t, pick, api, date } = Portal;
  const $ = (id) => document.getElementById(id);

  const STAGES = {
    Draft: ['草稿', 'Draft'], Screening: ['初审', 'Screening'], Queued: ['等待评审批次', 'Queued for the review window'],
    Review: ['集中评审', 'Batch review'], Voting: ['街道社区表决', 'Street and community vote'], Committee: ['指导委员会审批', 'Committee approval'],
    EmergencyApproval: ['紧急审批', 'Emergency approval'], Funding: ['经费确认', 'Funding'], Dispatch: ['派发社区', 'Dispatch'],
    Inspection: ['督查', 'Inspection'], Correction: ['限期整改', 'Correction'], Completed: ['已办结', 'Completed'], Refused: ['不予准入', 'Refused'],
    Returned: ['已退回', 'Returned'], Withdrawn: ['已撤回', 'Withdrawn'], Lapsed: ['已失效', 'Lapsed'], Cancelled: ['已撤销', 'Cancelled'],
  };
  const CATEGORIES = {
    Task: ['工作任务', 'Work task'], FormLedger: ['报表台账', 'Form or ledger'], Certificate: ['证明盖章', 'Certificate or stamp'],
    Campaign: ['创建评比', 'Campaign or evaluation'], OrganisationSign: ['机构牌子', 'Organisation or sign'],
  };
  const DECISIONS = {
    Queue: ['进入评审批次', 'Queued for the review window'], OnDutyList: ['已在职责清单,无需准入', 'On the duty list: no admission needed'],
    NegativeList: ['负面清单,不予准入', 'On the negative list: refused'], DepartmentDuty: ['属部门自身职责,退回', "The department's own duty: returned"],
    ServiceCentre: ['转政务服务中心', 'To the government service centre'], PurchaseServices: ['转政府购买服务', 'To purchase of services'],
    MissingFunding: ['缺少经费,退回', 'No funding: returned'], DataAlreadyHeld: ['数据已共享,退回', 'Data already held: returned'],
    Approve: ['批准', 'Approved'], Reject: ['不批准', 'Rejected'], Refuse: ['不予准入', 'Refused'], Return: ['退回', 'Returned'],
    SendToVote: ['提交表决', 'Sent to the vote'], Confirmed: ['已确认', 'Confirmed'], Lapsed: ['已失效', 'Lapsed'], Withdrawn: ['已撤回', 'Withdrawn'],
    Compliant: ['督查合格', 'Compliant'], NonCompliant: ['督查不合格', 'Non-compliant'], Verified: ['整改到位', 'Correction verified'],
    NotCorrected: ['未整改到位', 'Not corrected'],
  };
  const NOTICE_KINDS = { ConfirmedViolation: ['违规属实', 'Confirmed violation'], OverdueCorrection: ['逾期未整改', 'Correction overdue'] };
  const two = (pair, fallback) => (pair ? t(pair[0], pair[1]) : fallback);
  const stageName = (s) => two(STAGES[s], s);

  const state = {
    started: false, district: null, page: 1, pageSize: 10, list: null, editing: null, statusId: null, status: null,
    tasks: [], alerts: [], notices: [], calendars: {}, formRows: 0, listTicket: 0,
  };

  // ---- working days (the national calendar with its make-up days, China time) ----
  const chinaToday = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  const chinaDay = (instant) => new Date(instant).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });

  async function calendarFor(year) {
    if (!(year in state.calendars)) {
      try {
        const data = await api(`/api/public/calendar/${year}`);
        state.calendars[year] = new Map(data.days.map((d) => [d.date, d.kind]));
      } catch {
        state.calendars[year] = null; // no calendar entered for that year: Monday to Friday, said so
      }
    }
    return state.calendars[year];
  }

  function isWorkingDay(day) {
    const kind = state.calendars[day.slice(0, 4)]?.get(day);
    if (kind === 'Holiday') return false;
    if (kind === 'MakeUpWorkday') return true;
    const weekday = new Date(day + 'T12:00:00Z').getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  const nextDay = (day) => new Date(Date.parse(day + 'T12:00:00Z') + 86400000).toISOString().slice(0, 10);

  /** Working days from today to the due instant: positive left, negative overdue, with whether a year had no calendar. */
  async function workingDaysUntil(due) {
    const today = chinaToday();
    const end = chinaDay(due);
    const [from, to] = end >= today ? [today, end] : [end, today];
    const years = new Set([from.slice(0, 4), to.slice(0, 4)]);
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.add(String(y));
    await Promise.all([...years].map((y) => calendarFor(y)));
    let count = 0;
    for (let d = nextDay(from); d <= to; d = nextDay(d)) if (isWorkingDay(d)) count++;
    const estimated = [...years].some((y) => state.calendars[y] === null);
    return { days: end >= today ? count : -count, today: end === today, past: new Date(due) < new Date(), estimated };
  }

  function countdownText(c) {
    const note = c.estimated ? t('(无当年工作日历,按周一至周五估算)', ' (no calendar for that year: Monday to Friday assumed)') : '';
    if (c.past) return (c.days < 0 ? t(`已逾期 ${-c.days} 个工作日`, `overdue by ${-c.days} working day${c.days === -1 ? '' : 's'}`) : t('已到期', 'due time passed')) + note;
    if (c.today) return t('今天到期', 'due today') + note;
    return t(`还剩 ${c.days} 个工作日`, `${c.days} working day${c.days === 1 ? '' : 's'} left`) + note;
  }

  async function countdown(due) {
    const node = el('span', { className: 'countdown' });
    if (!due) return node;
    const c = await workingDaysUntil(due);
    node.textContent = countdownText(c);
    if (c.past) node.classList.add('late');
    return node;
  }

  // ---- messages ----
  function say(zh, en) {
    $('page-error').textContent = '';
    $('page-ok').textContent = t(zh, en);
  }

  function fail(error) {
    $('page-ok').textContent = '';
    $('page-error').textContent = error.message || String(error);
  }

  // ---- the list ----
  function fillSelect(select, options) {
    const value = select.value;
    select.replaceChildren(...options.map(([v, text]) => el('option', { value: v, textContent: text })));
    select.value = options.some(([v]) => v === value) ? value : options[0][0];
  }

  function renderFilters() {
    fillSelect($('stage'), [['', t('全部阶段', 'Every stage')], ...Object.keys(STAGES).map((s) => [s, stageName(s)])]);
    fillSelect($('urgent'), [['', t('全部', 'All')], ['true', t('仅紧急事项', 'Urgent only')], ['false', t('非紧急事项', 'Not urgent')]]);
    fillSelect($('f-category'), [['', t('请选择', 'Choose')], ...Object.entries(CATEGORIES).map(([k, v]) => [k, t(v[0], v[1])])]);
  }

  async function loadList() {
    const form = $('filters');
    Portal.clearErrors(form);
    form.querySelector('[data-form-error]').textContent = '';
    const query = new URLSearchParams({ page: String(state.page), pageSize: String(state.pageSize) });
    const search = $('search').value.trim();
    if (search) query.set('search', search);
    if ($('stage').value) query.set('stage', $('stage').value);
    if ($('urgent').value) query.set('urgent', $('urgent').value);
    const ticket = ++state.listTicket;
    try {
      const list = await api('/api/applications?' + query);
      if (ticket !== state.listTicket) return; // a newer filter's answer wins, whatever order the answers arrive in
      state.list = list;
    } catch (error) {
      if (ticket !== state.listTicket) return;
      if (error instanceof Portal.ApiError) Portal.showErrors(form, error);
      else fail(error);
      return;
    }
    renderList();
  }

  function renderList() {
    const head = $('applications').tHead.rows[0];
    const columns = [t('标题', 'Title'), t('类别', 'Category'), t('阶段', 'Stage'), t('阶段开始', 'Since'), t('等待', 'Waiting for'),
      t('期限', 'Until'), t('准入编号', 'Admission no.'), t('操作', 'Actions')];
    head.replaceChildren(...columns.map((c) => el('th', { scope: 'col', textContent: c })));
    const body = $('applications').tBodies[0];
    const list = state.list;
    if (!list) return;
    $('list-count').textContent = t(`共 ${list.total} 项申请`, `${list.total} application${list.total === 1 ? '' : 's'}`);
    body.replaceChildren(...list.items.map((a) => {
      const open = el('button', { type: 'button', className: 'link', textContent: a.title });
      open.addEventListener('click', () => openStatus(a.id));
      const badges = [];
      if (a.urgent) badges.push(el('span', { className: 'badge urgent', textContent: t('紧急', 'Urgent') }));
      if (a.burdenFlagged) badges.push(el('span', { className: 'badge warn', textContent: t('超出负担上限', 'Over the burden cap') }));
      const actions = [];
      if (a.stage === 'Draft') {
        const edit = el('button', { type: 'button', className: 'link', textContent: t('修改', 'Edit'), 'aria-label': t(`修改草稿:${a.title}`, `Edit the draft: ${a.title}`) });
        edit.addEventListener('click', () => openForm(a.id));
        actions.push(edit);
      }
      const cell = (label, children, className) => el('td', { 'data-label': label, className }, children);
      return el('tr', { 'data-id': a.id }, [
        cell(columns[0], el('span', {}, [open, ...badges]), 'title'),
        cell(columns[1], two(CATEGORIES[a.category], a.category)),
        cell(columns[2], el('span', { className: 'stage stage-' + a.stage, textContent: stageName(a.stage) })),
        cell(columns[3], date(a.stageSince, true)),
        cell(columns[4], t(a.waitingForZh, a.waitingForEn) || '—'),
        cell(columns[5], date(a.waitingUntil, true)),
        cell(columns[6], a.admissionNumber || '—'),
        cell(columns[7], actions.length ? el('span', {}, actions) : '—'),
      ]);
    }));
    if (list.items.length === 0) {
      body.append(el('tr', {}, [el('td', { colSpan: columns.length, textContent: t('没有符合条件的申请。', 'No application matches.') })]));
    }
    renderPager();
  }

  function renderPager() {
    const pager = $('pager');
    pager.setAttribute('aria-label', t('分页', 'Pages'));
    const pages = Math.max(1, Math.ceil((state.list?.total ?? 0) / state.pageSize));
    const go = (page, zh, en, disabled) => {
      const button = el('button', { type: 'button', className: 'secondary', textContent: t(zh, en), disabled });
      button.addEventListener('click', () => { state.page = page; loadList(); });
      return button;
    };
    pager.replaceChildren(
      go(state.page - 1, '上一页', 'Previous', state.page <= 1),
      el('span', { textContent: t(`第 ${state.page} / ${pages} 页`, `Page ${state.page} of ${pages}`), 'aria-live': 'polite' }),
      go(state.page + 1, '下一页', 'Next', state.page >= pages),
    );
  }

  // ---- the application form ----
  function renderUnits() {
    const box = $('target-units');
    if (box.childElementCount > 0 || !state.district) {
      for (const label of box.querySelectorAll('[data-name-zh]')) label.textContent = t(label.dataset.nameZh, label.dataset.nameEn);
      return;
    }
    for (const street of state.district.streets) {
      const name = (zh, en) => el('span', { 'data-name-zh': zh, 'data-name-en': en, textContent: t(zh, en) });
      const group = el('fieldset', { className: 'street' }, [
        el('legend', {}, [el('label', { className: 'check' }, [
          el('input', { type: 'checkbox', name: 'targetStreets', value: street.code }),
          ' ', name(street.nameZh + '(整个街道)', street.nameEn + ' (the whole street)'),
        ])]),
        ...street.communities.map((c) => el('label', { className: 'check' }, [
          el('input', { type: 'checkbox', name: 'targetCommunities', value: c.code }), ' ', name(c.nameZh, c.nameEn),
        ])),
      ]);
      box.append(group);
    }
  }

  function syncWholeDistrict() {
    const whole = $('f-wholeDistrict').checked;
    for (const box of $('target-units').querySelectorAll('input')) box.disabled = whole;
  }

  function syncUrgent() {
    $('urgent-fields').hidden = !$('f-urgent').checked;
    $('f-urgencyJustification').required = $('f-urgent').checked;
    $('f-neededBy').required = $('f-urgent').checked;
  }

  function addFormRow(row = { name: '', frequency: '', dataAlreadyShared: false }) {
    const list = $('forms-list');
    const i = list.childElementCount;
    const id = `fl-${state.formRows++}`;
    const field = (key, labelZh, labelEn, input) => el('div', {}, [
      el('label', { for: `${id}-${key}`, 'data-zh': labelZh, 'data-en': labelEn, textContent: t(labelZh, labelEn) }),
      input,
      el('p', { className: 'error', id: `${id}-${key}-error`, role: 'alert' }),
    ]);
    const name = el('input', { id: `${id}-name`, 'data-field': `formsAndLedgers[${i}].name`, required: true, maxLength: 200, value: row.name ?? '', 'aria-describedby': `${id}-name-error` });
    const frequency = el('input', { id: `${id}-frequency`, 'data-field': `formsAndLedgers[${i}].frequency`, required: true, maxLength: 50, value: row.frequency ?? '', 'aria-describedby': `${id}-frequency-error` });
    const shared = el('input', { type: 'checkbox', id: `${id}-shared`, checked: !!row.dataAlreadyShared });
    const remove = el('button', { type: 'button', className: 'link', 'data-zh': '删除此项', 'data-en': 'Remove', textContent: t('删除此项', 'Remove') });
    const item = el('li', { className: 'row' }, [
      field('name', '报表台账名称', 'Name', name),
      field('frequency', '填报频次(如 每月)', 'How often (e.g. monthly)', frequency),
      el('label', { className: 'check' }, [shared, ' ', el('span', { 'data-zh': '数据已共享', 'data-en': 'Data already shared', textContent: t('数据已共享', 'Data already shared') })]),
      remove,
    ]);
    remove.addEventListener('click', () => {
      item.remove();
      renumberRows();
      $('add-form').focus();
    });
    list.append(item);
    return name;
  }

  // Field names follow the row's position, as the API's errors do (formsAndLedgers[1].name).
  function renumberRows() {
    [...$('forms-list').children].forEach((item, i) => {
      const [name, frequency] = item.querySelectorAll('input:not([type=checkbox])');
      name.dataset.field = `formsAndLedgers[${i}].name`;
      frequency.dataset.field = `formsAndLedgers[${i}].frequency`;
    });
  }

  const text = (id) => $(id).value.trim() || null;
  const number = (id) => ($(id).value === '' || Number.isNaN($(id).valueAsNumber) ? null : $(id).valueAsNumber);
  const checked = (name) => [...document.querySelectorAll(`#target-units input[name=${name}]:checked`)].map((i) => i.value);

  function collect() {
    const whole = $('f-wholeDistrict').checked;
    return {
      title: text('f-title'), description: text('f-description'), category: $('f-category').value || null, legalBasis: text('f-legalBasis'),
      wholeDistrict: whole, targetStreets: whole ? [] : checked('targetStreets'), targetCommunities: whole ? [] : checked('targetCommunities'),
      startDate: $('f-startDate').value || null, durationMonths: number('f-durationMonths'), workloadHoursPerMonth: number('f-workloadHoursPerMonth'),
      formsAndLedgers: [...$('forms-list').children].map((item) => {
        const [name, frequency, shared] = item.querySelectorAll('input');
        return { name: name.value.trim() || null, frequency: frequency.value.trim() || null, dataAlreadyShared: shared.checked };
      }),
      fundingPerCommunity: number('f-fundingPerCommunity'),
      supportPersonnel: text('f-supportPersonnel'), supportTraining: text('f-supportTraining'), supportGuidance: text('f-supportGuidance'),
      urgent: $('f-urgent').checked, urgencyJustification: $('f-urgent').checked ? text('f-urgencyJustification') : null,
      neededBy: $('f-urgent').checked ? ($('f-neededBy').value || null) : null,
    };
  }

  function fill(form) {
    $('f-title').value = form.title ?? '';
    $('f-description').value = form.description ?? '';
    $('f-category').value = form.category ?? '';
    $('f-legalBasis').value = form.legalBasis ?? '';
    $('f-wholeDistrict').checked = !!form.wholeDistrict;
    for (const box of $('target-units').querySelectorAll('input')) {
      box.checked = (box.name === 'targetStreets' ? form.targetStreets : form.targetCommunities)?.includes(box.value) ?? false;
    }
    $('f-startDate').value = form.startDate ?? '';
    $('f-durationMonths').value = form.durationMonths ?? '';
    $('f-workloadHoursPerMonth').value = form.workloadHoursPerMonth ?? '';
    $('forms-list').replaceChildren();
    for (const row of form.formsAndLedgers ?? []) addFormRow(row);
    $('f-fundingPerCommunity').value = form.fundingPerCommunity ?? '';
    $('f-supportPersonnel').value = form.supportPersonnel ?? '';
    $('f-supportTraining').value = form.supportTraining ?? '';
    $('f-supportGuidance').value = form.supportGuidance ?? '';
    $('f-urgent').checked = !!form.urgent;
    $('f-urgencyJustification').value = form.urgencyJustification ?? '';
    $('f-neededBy').value = form.neededBy ?? '';
    syncWholeDistrict();
    syncUrgent();
  }

  function renderFormTitle() {
    $('form-title').textContent = state.editing ? t('修改草稿', 'Edit the draft') : t('填写新申请(申请社区办理事项审批表)', 'File an application (community work admission form)');
  }

  async function openForm(id = null) {
    const form = $('application-form');
    Portal.clearErrors(form);
    form.reset();
    state.editing = id;
    if (id) {
      try {
        fill((await api(`/api/applications/${id}`)).form);
      } catch (error) {
        fail(error);
        return;
      }
    } else {
      fill({});
    }

    renderFormTitle();
    $('form-section').hidden = false;
    $('form-title').focus();
  }

  function closeForm() {
    $('form-section').hidden = true;
    state.editing = null;
  }

  // Indexed target errors (targetStreets[2]) belong to the one target picker.
  function placeable(error) {
    const errors = {};
    for (const [field, messages] of Object.entries(error.errors || {})) {
      const key = /^target(Streets|Communities)(\[\d+\])?$/.test(field) ? 'targetCommunities' : field;
      errors[key] = [...(errors[key] || []), ...[].concat(messages)];
    }
    error.errors = errors;
    return error;
  }

  async function save(action) {
    const form = $('application-form');
    Portal.clearErrors(form);
    const body = collect();
    const submit = action === 'submit';
    let saved;
    try {
      if (state.editing) {
        saved = await api(`/api/applications/${state.editing}`, { method: 'PUT', body });
        if (submit) saved = await api(`/api/applications/${state.editing}/submit`, { method: 'POST' });
      } else {
        saved = await api('/api/applications' + (submit ? '?submit=true' : ''), { method: 'POST', body });
      }
    } catch (error) {
      if (error instanceof Portal.ApiError) Portal.showErrors(form, placeable(error));
      else fail(error);
      return;
    }

    closeForm();
    if (submit) say(`已提交申请“${saved.form.title}”。`, `Submitted “${saved.form.title}”.`);
    else say(`已保存草稿“${saved.form.title}”。`, `Saved the draft “${saved.form.title}”.`);
    state.page = 1;
    await loadList();
    await openStatus(saved.id);
  }

  // ---- the status timeline ----
  async function openStatus(id) {
    state.statusId = id;
    try {
      state.status = await api(`/api/applications/${id}/status`);
    } catch (error) {
      fail(error);
      return;
    }
    $('status-section').hidden = false;
    await renderStatus();
    $('status-title').focus();
  }

  async function renderStatus() {
    const s = state.status;
    if (!s) return;
    $('status-title').textContent = t(`申请状态:${s.title}`, `Status: ${s.title}`);
    const fact = (zh, en, value) => [el('dt', { textContent: t(zh, en) }), el('dd', {}, value)];
    const waiting = t(s.waitingForZh, s.waitingForEn);
    const decision = s.decision
      ? [two(DECISIONS[s.decision], s.decision), s.decisionReference ? `(${s.decisionReference})` : '', s.decisionReason ? ':' + pick(s.decisionReason) : ''].join('')
      : t('尚无', 'None yet');
    const until = s.waitingUntil ? [date(s.waitingUntil, true), ' · ', await countdown(s.waitingUntil)] : '—';
    const facts = el('dl', { className: 'facts' }, [
      ...fact('当前阶段', 'Stage', el('span', { className: 'stage stage-' + s.stage, textContent: stageName(s.stage) })),
      ...fact('进入阶段时间', 'Since', el('time', { dateTime: s.stageSince, textContent: date(s.stageSince, true) })),
      ...fact('正在等待', 'Waiting for', waiting || '—'),
      ...fact('期限', 'Until', until),
      ...fact('决定与理由', 'Decision and reason', decision),
      ...fact('准入编号', 'Admission number', s.admissionNumber || '—'),
      ...fact('社区负担', 'Community burden', s.burdenFlagged
        ? el('span', { className: 'badge warn', textContent: t('超出负担上限', 'Over the burden cap') + (s.burdenDetail ? ':' + pick(s.burdenDetail) : '') })
        : t('未超出上限', 'Within the cap')),
    ]);
    const history = el('ol', { className: 'timeline', 'aria-labelledby': 'history-title' }, s.history.map((h) => el('li', {}, [
      el('time', { dateTime: h.at, textContent: date(h.at, true) }),
      el('span', { className: 'stage stage-' + h.stage, textContent: stageName(h.stage) }),
      el('span', { className: 'what', textContent: t(h.textZh, h.textEn) }),
      el('span', { className: 'sub', textContent: h.actor }),
    ])));
    const actions = [];
    if (s.stage === 'Draft') {
      const edit = el('button', { type: 'button', className: 'secondary', textContent: t('修改草稿', 'Edit the draft') });
      edit.addEventListener('click', () => openForm(s.id));
      const submit = el('button', { type: 'button', textContent: t('提交此草稿', 'Submit this draft') });
      submit.addEventListener('click', async () => {
        try {
          await api(`/api/applications/${s.id}/submit`, { method: 'POST' });
        } catch (error) {
          // A draft whose dates have passed since it was saved: open it with the errors in place.
          if (error instanceof Portal.ApiError && error.status === 400) {
            await openForm(s.id);
            Portal.showErrors($('application-form'), placeable(error));
          } else {
            fail(error);
          }
          return;
        }
        say(`已提交申请“${s.title}”。`, `Submitted “${s.title}”.`);
        await loadList();
        await openStatus(s.id);
      });
      actions.push(edit, submit);
    }
    const close = el('button', { type: 'button', className: 'link', textContent: t('关闭', 'Close') });
    close.addEventListener('click', () => { $('status-section').hidden = true; state.status = null; $('list-title').scrollIntoView(); });
    actions.push(close);
    $('status').replaceChildren(
      facts,
      el('h3', { id: 'history-title', textContent: t('办理经过', 'History') }),
      history,
      el('div', { className: 'buttons' }, actions),
    );
  }

  // ---- funding confirmations and other open tasks of the department ----
  async function loadTasks() {
    try {
      state.tasks = await api('/api/workflows/tasks');
    } catch (error) {
      fail(error);
      return;
    }
    await renderTasks();
  }

  async function renderTasks() {
    const box = $('tasks');
    if (state.tasks.length === 0) {
      box.replaceChildren(el('p', { textContent: t('没有待办事项。', 'Nothing to do.') }));
      return;
    }
    const cards = [];
    for (const [i, task] of state.tasks.entries()) {
      const id = `task-${i}`;
      const field = (key, labelZh, labelEn, input) => el('div', {}, [
        el('label', { for: `${id}-${key}`, textContent: t(labelZh, labelEn) }), input, el('p', { className: 'error', id: `${id}-${key}-error`, role: 'alert' }),
      ]);
      const form = el('form', { className: 'task-form', noValidate: true, 'aria-labelledby': `${id}-title` });
      const parts = [];
      if (task.form === 'admission.funding') {
        parts.push(field('total', '确认的经费总额(元)', 'Total you confirm (yuan)', el('input', {
          id: `${id}-total`, name: 'total', 'data-field': 'data.total', type: 'number', inputMode: 'decimal', min: '0', step: '0.01', required: true,
          'aria-describedby': `${id}-total-error`,
        })));
      }
      const outcome = el('select', { id: `${id}-outcome`, name: 'outcome', 'aria-describedby': `${id}-outcome-error` },
        task.outcomes.map((o) => el('option', { value: o, textContent: two(DECISIONS[o] ?? (o === 'Confirm' ? ['确认', 'Confirm'] : null), o) })));
      parts.push(field('outcome', '办理结果', 'Outcome', outcome));
      parts.push(field('comment', '意见', 'Comment', el('textarea', { id: `${id}-comment`, name: 'comment', rows: 2, maxLength: 2000, 'aria-describedby': `${id}-comment-error` })));
      parts.push(el('p', { className: 'error', 'data-form-error': '', role: 'alert' }));
      parts.push(el('button', { type: 'submit', textContent: task.form === 'admission.funding' ? t('确认经费', 'Confirm the funding') : t('办结', 'Complete') }));
      form.append(...parts);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        complete(task, form);
      });
      const application = task.context?.applicationId;
      const link = application ? el('button', { type: 'button', className: 'link', textContent: t('查看申请状态', 'See the application status') }) : null;
      link?.addEventListener('click', () => openStatus(application));
      cards.push(el('article', { className: 'card-item' }, [
        el('h3', { id: `${id}-title`, textContent: pick(task.title) }),
        el('p', { textContent: pick(task.description ?? '') }),
        el('p', { className: 'sub' }, [t('期限:', 'Due: '), date(task.dueAt, true), task.dueAt ? ' · ' : '', await countdown(task.dueAt), link ? ' · ' : '', link]),
        form,
      ]));
    }
    box.replaceChildren(...cards);
  }

  async function complete(task, form) {
    Portal.clearErrors(form);
    const data = {};
    const total = form.querySelector('[name=total]');
    if (total && total.value !== '') data.total = total.valueAsNumber;
    const body = { outcome: form.querySelector('[name=outcome]').value, comment: form.querySelector('[name=comment]').value.trim() || null, data };
    try {
      await api(`/api/workflows/tasks/${encodeURIComponent(task.id)}/complete`, { method: 'POST', body });
    } catch (error) {
      if (error instanceof Portal.ApiError) Portal.showErrors(form, error);
      else fail(error);
      return;
    }
    say(`已办结:${pick(task.title)}`, `Completed: ${pick(task.title)}`);
    await Promise.all([loadTasks(), loadList(), loadNotices()]);
    if (state.statusId && task.context?.applicationId === state.statusId && !$('status-section').hidden) await openStatus(state.statusId);
  }

  // ---- alerts and the district notices that name the department ----
  async function loadNotices() {
    try {
      [state.alerts, state.notices] = await Promise.all([api('/api/alerts'), api('/api/notices')]);
    } catch (error) {
      fail(error);
      return;
    }
    renderNotices();
  }

  function renderNotices() {
    const department = Portal.me?.department;
    const alerts = state.alerts.map((a) => {
      const open = a.applicationId ? el('button', { type: 'button', className: 'link', textContent: t('查看申请', 'See the application') }) : null;
      open?.addEventListener('click', () => openStatus(a.applicationId));
      return el('li', {}, [
        el('p', { textContent: t(a.textZh, a.textEn) }),
        el('p', { className: 'sub' }, [
          el('time', { dateTime: a.createdAt, textContent: date(a.createdAt, true) }),
          a.dueAt ? t(` · 期限 ${date(a.dueAt, true)}`, ` · due ${date(a.dueAt, true)}`) : '', open ? ' · ' : '', open,
        ]),
      ]);
    });
    $('alerts').replaceChildren(...(alerts.length ? alerts : [el('li', { textContent: t('没有未处理的提醒。', 'No open alert.') })]));

    const named = state.notices.flatMap((n) => {
      const entries = n.entries.filter((e) => e.unit === department);
      if (entries.length === 0) return [];
      return [el('li', {}, [
        el('p', {}, [el('strong', { textContent: t(n.titleZh, n.titleEn) })]),
        el('p', { className: 'sub', textContent: `${n.number} · ${t('发布于', 'published')} ${date(n.publishedAt)}` }),
        el('ul', {}, entries.map((e) => el('li', {
          textContent: `${two(NOTICE_KINDS[e.kind], e.kind)}:${e.what}(${t('发生', 'occurred')} ${e.occurredOn}` +
            (e.correctionDueAt ? t(`,整改期限 ${date(e.correctionDueAt)}`, `, correct by ${date(e.correctionDueAt)}`) : '') +
            (e.correctedAt ? t(`,已于 ${date(e.correctedAt)} 整改`, `, corrected ${date(e.correctedAt)}`) : '') + ')',
        }))),
      ])];
    });
    $('named').replaceChildren(...(named.length ? named : [el('li', { textContent: t('全区通报中没有点名本部门。', 'No district notice names your department.') })]));
  }

  // ---- wiring ----
  async function render(me) {
    renderFilters();
    renderUnits();
    renderFormTitle();
    if (!state.started) {
      state.started = true;
      wire();
      try {
        state.district = await api(`/api/organisation/districts/${encodeURIComponent(me.district)}`);
      } catch (error) {
        fail(error);
      }
      renderUnits();
      await Promise.all([loadList(), loadTasks(), loadNotices()]);
    } else {
      renderList();
      await Promise.all([renderStatus(), renderTasks()]);
      renderNotices();
    }
    const department = state.district?.departments?.find((d) => d.code === me.department);
    $('scope-line').textContent = department ? t(`${department.nameZh} · ${state.district.nameZh}`, `${department.nameEn} · ${state.district.nameEn}`) : (me.department ?? '');
  }

  function wire() {
    $('filters').addEventListener('submit', (event) => {
      event.preventDefault();
      state.page = 1;
      loadList();
    });
    for (const id of ['stage', 'urgent']) $(id).addEventListener('change', () => { state.page = 1; loadList(); });
    $('new-application').addEventListener('click', () => openForm(null));
    $('cancel-form').addEventListener('click', () => { closeForm(); $('new-application').focus(); });
    $('add-form').addEventListener('click', () => addFormRow().focus());
    $('f-wholeDistrict').addEventListener('change', syncWholeDistrict);
    $('f-urgent').addEventListener('change', syncUrgent);
    $('application-form').addEventListener('submit', (event) => {
      event.preventDefault();
      save(event.submitter?.value === 'submit' ? 'submit' : 'draft');
    });
  }

  // The department's tasks and alerts keep themselves current (a funding confirmation being typed is left alone).
  Portal.start(render).then(() => {
    Portal.live({
      fetch: () => api('/api/workflows/tasks'), current: () => state.tasks, region: $('tasks'),
      items: (tasks) => tasks.map((x) => ({ id: 'task:' + x.id, text: pick(x.title) })),
      apply: (tasks) => { state.tasks = tasks; renderTasks(); },
    });
    Portal.live({
      fetch: () => api('/api/alerts'), current: () => state.alerts, region: $('alerts'),
      items: (alerts) => alerts.map((a) => ({ id: 'alert:' + a.id, text: t(a.textZh, a.textEn) })),
      apply: (alerts) => { state.alerts = alerts; renderNotices(); },
    });
  }).catch(fail);
})();
