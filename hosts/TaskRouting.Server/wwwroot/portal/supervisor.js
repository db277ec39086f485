// The inspection office's desk (/portal/supervisor): the escalation inbox (/api/alerts) with resolve, remind, reassign
// and extend-a-deadline; the district's violation cases, this month's unified inspection visits, and publishing the
// month's notice.
(() => {
  const { el, t, api, date } = Portal;
  const $ = (id) => document.getElementById(id);
  let me = null;
  let data = { alerts: [], cases: [], visits: [], notices: [] };
  const open = new Set(); // the alerts whose action panel is open, kept across re-renders

  const kinds = { Reminder: ['提醒', 'Reminder'], Escalation: ['督办', 'Escalation'], Warning: ['预警', 'Warning'] };
  // What an alert is about, from its key (see docs/portal.md).
  const categories = [
    [/^vote-/, '逾期表决', 'Overdue vote'], [/^funding-/, '经费确认与失效', 'Funding'], [/^(review|committee|emergency)-/, '超时未办', 'Missed deadline'],
    [/^correction-/, '整改期限', 'Correction deadline'], [/^violation/, '举报升级', 'Violation escalation'], [/^duty/, '值班移交', 'Duty hand-off'],
    [/^reminder:/, '督查提醒', 'Reminder'], [/^reassigned:/, '转办', 'Reassigned'], [/^dispatch-/, '下派', 'Dispatch'],
  ];
  const category = (key) => { const c = categories.find(([re]) => re.test(key)); return c ? t(c[1], c[2]) : t('其他', 'Other'); };
  const caseStatus = {
    Triage: ['分办中', 'Triage'], Answering: ['等待答复', 'Answering'], Finding: ['认定中', 'Finding'], Correcting: ['整改中', 'Correcting'],
    Closed: ['已办结', 'Closed'], Dismissed: ['不予立案', 'Dismissed'],
  };
  const month = () => new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);

  function say(text) { $('status').textContent = text; }

  /** A datetime-local value (China time) as an ISO instant. */
  function chinaInstant(value) { return value ? `${value}:00+08:00` : null; }

  /** An instant as a datetime-local value in China time. */
  function chinaLocal(instant) {
    if (!instant) return '';
    return new Date(instant).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16).replace(' ', 'T');
  }

  async function load() {
    const [alerts, cases, visits, notices] = await Promise.all([
      api('/api/alerts'), api('/api/violations'), api(`/api/inspections/visits?period=${month()}`).catch(() => []), api('/api/notices')]);
    data = { alerts, cases, visits, notices };
  }

  function errorSlot(id) { return el('p', { className: 'error', id, role: 'alert' }); }

  // One action's form inside the alert's card: its fields, a submit button, errors in place.
  function actionForm(alert, name, fields, label, submit) {
    const form = el('form', { className: 'inline-form', noValidate: true }, [
      ...fields, el('button', { type: 'submit', textContent: label }), el('p', { className: 'error', 'data-form-error': '', tabIndex: -1, role: 'alert' })]);
    form.dataset.action = name;
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      Portal.clearErrors(form);
      try {
        await submit(form);
      } catch (error) {
        if (!(error instanceof Portal.ApiError)) throw error;
        Portal.showErrors(form, error);
      }
    });
    return form;
  }

  function alertCard(a) {
    const id = `alert-${a.id}`;
    const card = el('li', { className: 'card-item' + (a.kind === 'Escalation' ? ' escalation' : ''), id }, [
      el('p', { className: 'sub', textContent: `${category(a.key)} · ${t(...kinds[a.kind])} · ${date(a.createdAt, true)}${a.dueAt ? ' · ' + t('期限', 'due') + ' ' + date(a.dueAt, true) : ''}` }),
      el('p', { className: 'alert-text', textContent: t(a.textZh, a.textEn) }),
    ]);
    const resolve = el('button', { type: 'button', textContent: t('已处理', 'Resolve') });
    resolve.addEventListener('click', async () => {
      try {
        await api(`/api/alerts/${a.id}/resolve`, { method: 'POST' });
        await refresh(t('提醒已处理。', 'Alert resolved.'));
      } catch (error) {
        if (!(error instanceof Portal.ApiError)) throw error;
        say(error.message);
      }
    });
    const more = el('details', { open: open.has(a.id) }, [el('summary', { textContent: t('提醒、转办或延期', 'Remind, reassign or extend') })]);
    more.addEventListener('toggle', async () => {
      if (more.open) open.add(a.id); else open.delete(a.id);
      if (more.open && !more.dataset.loaded) await fillAssignees(a, more);
    });

    const remind = actionForm(a, 'remind', [
      el('label', { for: `${id}-note`, textContent: t('附言(可不填)', 'Note (optional)') }),
      el('input', { id: `${id}-note`, name: 'note', maxLength: 500, 'aria-describedby': `${id}-note-error` }), errorSlot(`${id}-note-error`),
    ], t('再次提醒', 'Remind again'), async (form) => {
      const sent = await api(`/api/alerts/${a.id}/remind`, { method: 'POST', body: { note: form.note.value || null } });
      const whom = sent.map((r) => `${r.targetRole}${r.targetScope ? ' ' + r.targetScope : ''}`).join(t('、', ', '));
      await refresh(t(`已再次提醒:${whom}。`, `Reminded again: ${whom}.`));
    });

    const reassign = actionForm(a, 'reassign', [
      el('label', { for: `${id}-user`, textContent: t('转办给', 'Reassign to') }),
      el('select', { id: `${id}-user`, name: 'userName', 'aria-describedby': `${id}-user-error` }, [el('option', { value: '', textContent: t('请选择', 'Choose') })]),
      errorSlot(`${id}-user-error`),
      el('label', { for: `${id}-reassign-reason`, textContent: t('理由(可不填)', 'Reason (optional)') }),
      el('input', { id: `${id}-reassign-reason`, name: 'reason', maxLength: 500, 'aria-describedby': `${id}-reassign-reason-error` }), errorSlot(`${id}-reassign-reason-error`),
    ], t('转办', 'Reassign'), async (form) => {
      await api(`/api/alerts/${a.id}/reassign`, { method: 'POST', body: { userName: form.userName.value || null, reason: form.reason.value || null } });
      open.delete(a.id);
      await refresh(t(`已转办给 ${form.userName.value}。`, `Reassigned to ${form.userName.value}.`));
    });

    const extend = actionForm(a, 'extend', [
      el('p', { className: 'sub', id: `${id}-current`, textContent: t('当前期限:', 'Current deadline: ') + date(a.dueAt, true) }),
      el('label', { for: `${id}-due`, textContent: t('新的期限(北京时间)', 'New deadline (China time)') }),
      el('input', { id: `${id}-due`, name: 'dueAt', type: 'datetime-local', 'aria-describedby': `${id}-due-error` }), errorSlot(`${id}-due-error`),
      el('label', { for: `${id}-reason`, textContent: t('延期理由', 'Reason for the extension') }),
      el('textarea', { id: `${id}-reason`, name: 'reason', rows: 2, maxLength: 1000, 'aria-describedby': `${id}-reason-error` }), errorSlot(`${id}-reason-error`),
    ], t('延期', 'Extend'), async (form) => {
      const result = await api(`/api/alerts/${a.id}/extend`, { method: 'POST', body: { dueAt: chinaInstant(form.dueAt.value), reason: form.reason.value || null } });
      await refresh(t(`期限已延至 ${date(result.after.dueAt, true)}。`, `Deadline extended to ${date(result.after.dueAt, true)}.`));
    });
    more.append(remind, reassign, extend);
    card.append(el('div', { className: 'buttons' }, [resolve]), more);
    if (more.open) fillAssignees(a, more);
    return card;
  }

  // The people who may take the alert over, and the deadline a workflow keeps for it, read when the panel opens.
  async function fillAssignees(a, panel) {
    panel.dataset.loaded = 'true';
    const [people, deadline] = await Promise.all([api(`/api/alerts/${a.id}/assignees`), api(`/api/alerts/${a.id}/deadline`)]);
    const select = panel.querySelector('select[name=userName]');
    select.append(...people.filter((p) => p.userName !== me.userName).map((p) => el('option', { value: p.userName, textContent: `${p.displayName} (${p.userName})` })));
    const current = panel.querySelector(`#alert-${CSS.escape(a.id)}-current`);
    current.textContent = t('当前期限:', 'Current deadline: ') + date(deadline.dueAt, true)
      + (deadline.bookmarkId ? t(`(流程 ${deadline.kind === 'timer' ? '计时器' : '人工任务'} ${deadline.activityId})`, ` (workflow ${deadline.kind === 'timer' ? 'timer' : 'human task'} ${deadline.activityId})`) : '');
    const due = panel.querySelector('input[name=dueAt]');
    if (!due.value && deadline.dueAt) due.value = chinaLocal(deadline.dueAt);
  }

  function renderAlerts() {
    if (data.alerts.length === 0) return $('alerts').replaceChildren(el('p', { className: 'sub', textContent: t('没有待处理的督办事项。', 'Nothing waiting for the inspection office.') }));
    $('alerts').replaceChildren(el('ul', { className: 'cards' }, data.alerts.map(alertCard)));
  }

  function renderCases() {
    const active = data.cases.filter((c) => c.status !== 'Closed' && c.status !== 'Dismissed');
    const counts = Object.keys(caseStatus).map((s) => [s, data.cases.filter((c) => c.status === s).length]);
    $('cases').replaceChildren(
      el('div', { className: 'tiles' }, counts.map(([s, n]) => el('div', { className: 'tile' + (s === 'Correcting' && n > 0 ? ' warn' : '') }, [
        el('div', { className: 'value', textContent: String(n) }), el('div', { className: 'label', textContent: t(...caseStatus[s]) })]))),
      active.length === 0 ? el('p', { className: 'sub', textContent: t('没有在办的案件。', 'No open cases.') }) : el('div', { className: 'table-wrap' }, [el('table', {}, [
        el('caption', { className: 'visually-hidden', textContent: t('在办的举报案件', 'Open violation cases') }),
        el('thead', {}, [el('tr', {}, [t('收到', 'Received'), t('被举报单位', 'Unit'), t('事项', 'What'), t('状态', 'Status'), t('期限', 'Due')].map((h) => el('th', { scope: 'col', textContent: h })))]),
        el('tbody', {}, active.map((c) => el('tr', { className: c.overdue ? 'over' : '' }, [
          el('td', { textContent: date(c.reportedAt, true) }), el('td', { textContent: c.reportedUnit }),
          el('th', { scope: 'row', className: 'wrap' }, [el('a', { href: `/api/violations/${c.id}`, textContent: c.what })]),
          el('td', { textContent: t(...caseStatus[c.status]) + (c.overdue ? t('(逾期)', ' (overdue)') : '') }),
          el('td', { textContent: date(c.correctionDueAt || c.dueAt, true) })]))),
      ])]));
  }

  function renderVisits() {
    if (data.visits.length === 0) return $('visits').replaceChildren(el('p', { className: 'sub', textContent: t(`${month()} 没有安排统一检查。`, `No unified inspections planned for ${month()}.`) }));
    $('visits').replaceChildren(el('ul', { className: 'cards' }, data.visits.map((v) => el('li', { className: 'card-item' }, [
      el('p', { textContent: `${date(v.scheduledOn)} · ${t('社区', 'community')} ${v.community} · ${v.departments.join(t('、', ', '))}` }),
      el('p', { className: 'sub', textContent: v.recordedAt ? t(`已记录(${v.recordedBy})`, `Recorded (${v.recordedBy})`) : t('待检查', 'To visit') }),
    ]))), el('p', {}, [el('a', { href: `/api/inspections/visits?period=${month()}`, textContent: t('检查安排(数据)', 'Visits (data)') })]));
  }

  function renderNotices() {
    $('notices').replaceChildren(el('ul', { className: 'links' }, data.notices.slice(0, 6).map((n) => el('li', {}, [
      el('a', { href: `/notices?district=${encodeURIComponent(n.district)}`, textContent: `${n.number} ${t(n.titleZh, n.titleEn)}` }), ` · ${date(n.publishedAt)}`]))));
  }

  function render(person) {
    me = person;
    renderAlerts();
    renderCases();
    renderVisits();
    renderNotices();
  }

  async function refresh(message) {
    await load();
    render(me);
    if (message) say(message);
  }

  document.addEventListener('DOMContentLoaded', async () => {
    $('n-period').value = month();
    $('notice-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const form = e.target;
      Portal.clearErrors(form);
      try {
        const notice = await api('/api/notices', { method: 'POST', body: { period: form.period.value || null } });
        await refresh(t(`通报 ${notice.number} 已发布。`, `Notice ${notice.number} published.`));
      } catch (error) {
        if (!(error instanceof Portal.ApiError)) throw error;
        Portal.showErrors(form, error);
      }
    });
    await Portal.start(render, async (person) => { me = person; await load(); });
    // New escalations appear without a reload; a card whose action someone is filling in is left alone.
    Portal.live({
      fetch: () => api('/api/alerts'), current: () => data.alerts,
      items: (alerts) => alerts.map((a) => ({ id: a.id, text: t(a.textZh, a.textEn) })),
      apply: (alerts) => { data.alerts = alerts; renderAlerts(); }, region: $('alerts'),
    });
  });
})();
