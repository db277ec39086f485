// The street and community desk (/portal/street): the vote inbox, received tasks and the community's answers, reporting
// work pushed without admission (with evidence files), the unit's reports with their central case status, the unit's
// notices and a compact view of its burden. Everything goes through the street gateway's API (/api/street/...), plus
// /api/violations for the central case status and /api/burden for the burden.
(() => {
  const { el, t, pick, api, date } = Portal;
  const $ = (id) => document.getElementById(id);
  const MAX_FILES = 3;
  const MAX_BYTES = 2 * 1024 * 1024;
  let me = null;
  let data = { votes: [], tasks: [], reports: [], cases: [], notices: [], burden: null, departments: [] };

  const choiceText = { Approve: ['赞成', 'Approve'], Reject: ['反对', 'Reject'], Abstain: ['弃权', 'Abstain'] };
  const taskStatus = { Received: ['待签收', 'Received'], Acknowledged: ['已签收', 'Acknowledged'], Completed: ['已办结', 'Completed'], Refused: ['已拒绝', 'Refused'] };
  const caseStatus = {
    Triage: ['办公室分办中', 'Being triaged by the office'], Answering: ['等待答复', 'Waiting for the answer'], Finding: ['认定中', 'Being decided'],
    Correcting: ['属实,整改中', 'Confirmed; being corrected'], Closed: ['已办结', 'Closed'], Dismissed: ['不予立案', 'Dismissed'],
  };
  const tr = (pair) => (pair ? t(pair[0], pair[1]) : '—');
  /** A department's name in the reader's language (its code when unknown). */
  const department = (code) => { const d = data.departments.find((x) => x.code === code); return d ? t(d.nameZh, d.nameEn) : code; };
  const community = () => me && me.roles.includes('community');

  function say(text) { $('status').textContent = text; }

  async function load() {
    const [votes, tasks, reports, cases, notices, burden] = await Promise.all([
      api('/api/street/votes'), api('/api/street/tasks'), api('/api/street/violations'), api('/api/violations'),
      api('/api/street/notices'), api('/api/burden').catch(() => null)]);
    data = { ...data, votes, tasks, reports, cases, notices, burden };
  }

  // ---- votes ----
  function renderVotes() {
    const list = data.votes;
    if (list.length === 0) return $('votes').replaceChildren(el('p', { className: 'sub', textContent: t('没有表决请求。', 'No vote requests.') }));
    $('votes').replaceChildren(el('ul', { className: 'cards' }, list.map(voteCard)));
  }

  function voteCard(b) {
    const open = !b.closedAt && new Date(b.deadline) > new Date();
    const id = `vote-${b.voteRequestId}`;
    const item = el('li', { className: 'card-item', id }, [
      el('h3', { textContent: b.title }),
      el('p', { className: 'sub', textContent: `${t('部门', 'Department')} ${department(b.department)} · ${t('每月工时', 'Hours/month')} ${b.workloadHoursPerMonth} · ${t('截止', 'Deadline')} ${date(b.deadline, true)}${b.burdenFlagged ? ' · ' + t('负担预警', 'burden warning') : ''}` }),
      el('p', { textContent: b.description }),
      el('p', { className: 'state', textContent: b.choice
        ? t(`已表决:${tr(choiceText[b.choice])}`, `Voted: ${tr(choiceText[b.choice])}`) + (b.comment ? ` — ${b.comment}` : '')
        : t('尚未表决', 'Not voted yet') }),
    ]);
    if (b.closedAt) item.append(el('p', { className: 'sub', textContent: t(`已截止 ${date(b.closedAt, true)}`, `Closed ${date(b.closedAt, true)}`) + (b.result ? ` · ${b.result}` : '') }));
    if (!open) return item;
    const form = el('form', { className: 'inline-form', noValidate: true }, [
      el('fieldset', {}, [
        el('legend', { textContent: t('表决意见', 'Your vote') }),
        ...['Approve', 'Reject', 'Abstain'].map((c) => el('label', { className: 'choice' }, [
          el('input', { type: 'radio', name: 'choice', value: c, checked: b.choice === c, 'aria-describedby': `${id}-choice-error` }), ' ', tr(choiceText[c])])),
        el('p', { className: 'error', id: `${id}-choice-error`, role: 'alert' }),
      ]),
      el('label', { for: `${id}-comment`, textContent: t('意见说明(可不填)', 'Comment (optional)') }),
      el('textarea', { id: `${id}-comment`, name: 'comment', rows: 2, maxLength: 2000, 'aria-describedby': `${id}-comment-error` }),
      el('p', { className: 'error', id: `${id}-comment-error`, role: 'alert' }),
      el('button', { type: 'submit', textContent: b.choice ? t('修改表决', 'Change the vote') : t('提交表决', 'Cast the vote') }),
      el('p', { className: 'error', 'data-form-error': '', tabIndex: -1, role: 'alert' }),
    ]);
    form.comment.value = b.comment || '';
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      Portal.clearErrors(form);
      const choice = form.querySelector('input[name=choice]:checked')?.value ?? null;
      try {
        await api(`/api/street/votes/${b.voteRequestId}`, { method: 'POST', body: { choice, comment: form.comment.value || null } });
        await refresh(t('表决已提交。', 'Vote cast.'));
      } catch (error) {
        if (!(error instanceof Portal.ApiError)) throw error;
        // The radio group's error goes next to the group.
        if (error.errors.choice) form.querySelector(`#${CSS.escape(id)}-choice-error`).textContent = [].concat(error.errors.choice).map(pick).join(' ');
        Portal.showErrors(form, error);
      }
    });
    item.append(form);
    return item;
  }

  // ---- tasks ----
  function renderTasks() {
    const list = data.tasks;
    if (list.length === 0) return $('tasks').replaceChildren(el('p', { className: 'sub', textContent: t('没有收到下派事项。', 'No tasks received.') }));
    $('tasks').replaceChildren(el('ul', { className: 'cards' }, list.map(taskCard)));
  }

  function taskCard(task) {
    const id = `task-${task.dispatchId}`;
    const item = el('li', { className: 'card-item', id }, [
      el('h3', { textContent: `${task.title} (${task.admissionNumber})` }),
      el('p', { className: 'sub', textContent: `${t('部门', 'Department')} ${department(task.department)} · ${t('社区', 'Community')} ${task.community} · ${t('每月工时', 'Hours/month')} ${task.workloadHoursPerMonth} · ${t('经费', 'Funding')} ${task.funding} · ${t('签收期限', 'Acknowledge by')} ${date(task.acknowledgeBy, true)}` }),
      el('p', { textContent: task.description }),
      el('p', { className: 'state', textContent: `${t('状态', 'Status')}:${tr(taskStatus[task.status])}${task.report ? ' — ' + task.report : ''}` }),
    ]);
    if (!community() || task.status === 'Completed' || task.status === 'Refused') return item;
    const actions = task.status === 'Received' ? ['acknowledge', 'refuse'] : ['complete', 'refuse'];
    const form = el('form', { className: 'inline-form', noValidate: true }, [
      el('label', { for: `${id}-report`, textContent: task.status === 'Received'
        ? t('拒绝理由(拒绝时必填)', 'Reason (required to refuse)') : t('办结报告或拒绝理由', 'Completion report, or the reason to refuse') }),
      el('textarea', { id: `${id}-report`, name: 'report', rows: 2, maxLength: 2000, 'aria-describedby': `${id}-report-error` }),
      el('p', { className: 'error', id: `${id}-report-error`, role: 'alert' }),
      el('div', { className: 'buttons' }, actions.map((a) => el('button', {
        type: 'submit', value: a, className: a === 'refuse' ? 'secondary' : '',
        textContent: { acknowledge: t('签收', 'Acknowledge'), complete: t('办结', 'Complete'), refuse: t('拒绝承接', 'Refuse') }[a],
      }))),
      el('p', { className: 'error', 'data-form-error': '', tabIndex: -1, role: 'alert' }),
    ]);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      Portal.clearErrors(form);
      const action = e.submitter?.value || actions[0];
      try {
        await api(`/api/street/tasks/${task.dispatchId}/${action}`, { method: 'POST', body: { report: form.report.value || null } });
        await refresh({ acknowledge: t('已签收。', 'Acknowledged.'), complete: t('已办结。', 'Completed.'), refuse: t('已拒绝承接。', 'Refused.') }[action]);
      } catch (error) {
        if (!(error instanceof Portal.ApiError)) throw error;
        Portal.showErrors(form, error);
      }
    });
    item.append(form);
    return item;
  }

  // ---- reporting a violation ----
  function renderDepartments() {
    const select = $('r-unit');
    const current = select.value;
    select.replaceChildren(el('option', { value: '', textContent: t('请选择部门', 'Choose a department') }),
      ...data.departments.map((d) => el('option', { value: d.code, textContent: `${t(d.nameZh, d.nameEn)} (${d.code})` })));
    select.value = current;
  }

  function renderFileList() {
    const files = [...$('r-files').files];
    $('r-file-list').replaceChildren(...files.map((f, i) => el('li', {}, [
      el('span', { 'data-field': `attachments[${i}]`, tabIndex: -1, 'aria-describedby': `r-file-${i}-error`, textContent: `${f.name} (${Math.ceil(f.size / 1024)} KB)` }),
      el('p', { className: 'error', id: `r-file-${i}-error`, role: 'alert' }),
    ])));
  }

  function readBase64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  // The API's errors per file (attachments[1].contentType, …) are shown next to that file.
  function fileErrors(error) {
    const errors = {};
    for (const [field, messages] of Object.entries(error.errors || {})) {
      const key = field.replace(/^(attachments\[\d+\])\.\w+$/, '$1');
      errors[key] = [].concat(errors[key] || [], messages);
    }
    return { errors, message: error.message };
  }

  async function submitReport(e) {
    e.preventDefault();
    const form = e.target;
    Portal.clearErrors(form);
    renderFileList();
    const files = [...$('r-files').files];
    // Too many or too large files are refused here, before they are read; the API checks the same and the types.
    const local = {};
    if (files.length > MAX_FILES) local.attachments = [`附件最多 ${MAX_FILES} 个 / At most ${MAX_FILES} attachments`];
    files.forEach((f, i) => { if (f.size > MAX_BYTES) local[`attachments[${i}]`] = ['附件不能超过 2 MB / An attachment cannot exceed 2 MB']; });
    if (Object.keys(local).length > 0) return Portal.showErrors(form, { errors: local, message: '' });
    const body = {
      reportedUnit: form.reportedUnit.value || null, occurredOn: form.occurredOn.value || null, admissionNumber: form.admissionNumber.value.trim() || null,
      what: form.what.value, evidence: form.evidence.value || null,
      attachments: await Promise.all(files.map(async (f) => ({ fileName: f.name, contentType: f.type || 'application/octet-stream', contentBase64: await readBase64(f) }))),
    };
    try {
      await api('/api/street/violations', { method: 'POST', body });
      form.reset();
      renderFileList();
      await refresh(t('举报已提交,已送区指导委员会办公室。', 'Report sent to the district committee office.'));
    } catch (error) {
      if (!(error instanceof Portal.ApiError)) throw error;
      Portal.showErrors(form, fileErrors(error));
    }
  }

  // ---- the unit's reports with the central case status ----
  function renderReports() {
    const cases = new Map(data.cases.map((c) => [c.id, c]));
    if (data.reports.length === 0) return $('reports').replaceChildren(el('p', { className: 'sub', textContent: t('本单位还没有举报。', 'No reports from our unit yet.') }));
    $('reports').replaceChildren(el('div', { className: 'table-wrap' }, [el('table', { id: 'reports-table' }, [
      el('caption', { className: 'visually-hidden', textContent: t('本单位的举报,最新的在前', 'Our reports, newest first') }),
      el('thead', {}, [el('tr', {}, [t('举报日期', 'Reported'), t('被举报部门', 'Department'), t('事项', 'What'), t('附件', 'Files'), t('办理状态', 'Case status'), t('期限', 'Due')]
        .map((h) => el('th', { scope: 'col', textContent: h })))]),
      el('tbody', {}, data.reports.map((r) => {
        const c = cases.get(r.reportId);
        return el('tr', { className: c?.overdue ? 'over' : '' }, [
          el('td', { textContent: date(r.reportedAt, true) }),
          el('td', { textContent: department(r.reportedUnit) }),
          el('th', { scope: 'row', className: 'wrap', textContent: r.what + (r.automatic ? t('(系统自动举报)', ' (reported automatically)') : '') }),
          el('td', { textContent: String(r.attachments?.length ?? 0) }),
          el('td', { textContent: c ? tr(caseStatus[c.status]) + (c.finding ? ` · ${c.finding === 'Confirmed' ? t('属实', 'confirmed') : t('不属实', 'unfounded')}` : '') + (c.overdue ? t('(逾期)', ' (overdue)') : '')
            : t('已发送,等待区里接收', 'Sent; waiting for the district') }),
          el('td', { textContent: date(c?.correctionDueAt || c?.dueAt, true) }),
        ]);
      })),
    ])]));
  }

  function renderNotices() {
    if (data.notices.length === 0) return $('notices').replaceChildren(el('p', { className: 'sub', textContent: t('没有通知。', 'No notices.') }));
    $('notices').replaceChildren(el('ul', { className: 'cards' }, data.notices.map((n) => el('li', { className: 'card-item' }, [
      el('p', { className: 'sub', textContent: `${n.kind === 'correction' ? t('整改通知', 'Correction notice') : t('督办提醒', 'Escalation')} · ${date(n.issuedAt, true)}${n.dueAt ? ' · ' + t('期限', 'due') + ' ' + date(n.dueAt, true) : ''}${n.admissionNumber ? ' · ' + n.admissionNumber : ''}` }),
      el('p', { textContent: t(n.textZh, n.textEn) }),
    ]))));
  }

  function renderBurden() {
    const r = data.burden;
    if (!r) return $('burden').replaceChildren(el('p', { className: 'sub', textContent: t('暂时无法读取负担数据。', 'The burden figures cannot be read now.') }));
    const month = r.reduction ? r.reduction.month : r.months[r.months.length - 1];
    const total = r.totals[Math.max(0, r.months.indexOf(month))];
    const hours = r.scope === 'community' ? total.hoursMax : total.hoursAverage;
    const over = hours > r.capHours;
    const tile = (value, label, warn) => el('div', { className: 'tile' + (warn ? ' warn' : '') }, [el('div', { className: 'value', textContent: value }), el('div', { className: 'label', textContent: label })]);
    $('burden').replaceChildren(
      tile(String(total.items), t(`${month} 准入事项`, `Admitted items in ${month}`)),
      tile(`${Number(hours).toFixed(1)} / ${Number(r.capHours).toFixed(1)}`,
        r.scope === 'community' ? t('每月工时 / 上限', 'Hours per month / cap') : t('社区平均每月工时 / 上限', 'Average hours per community per month / cap'), over),
      tile(over ? t('超过上限', 'Over the cap') : t('未超上限', 'Within the cap'), t('对比上限', 'Against the cap'), over),
    );
  }

  function render(person) {
    me = person;
    document.querySelector('nav.jump').setAttribute('aria-label', t('本页目录', 'On this page'));
    $('unit-line').textContent = me.community ? t(`社区 ${me.community}(街道 ${me.street})`, `Community ${me.community} (street ${me.street})`) : t(`街道 ${me.street}`, `Street ${me.street}`);
    renderDepartments();
    renderVotes();
    renderTasks();
    renderReports();
    renderNotices();
    renderBurden();
  }

  async function refresh(message) {
    await load();
    render(me);
    if (message) say(message);
  }

  document.addEventListener('DOMContentLoaded', async () => {
    $('report-form').addEventListener('submit', submitReport);
    $('r-files').addEventListener('change', () => { Portal.clearErrors($('report-form')); renderFileList(); });
    await Portal.start(render, async (person) => {
      me = person;
      const [district] = await Promise.all([api(`/api/organisation/districts/${encodeURIComponent(person.district)}`), load()]);
      data.departments = district.departments;
    });
    // Vote requests and dispatched tasks arriving from the central side appear without a reload; a vote or an answer
    // being written is left alone.
    Portal.live({
      fetch: () => api('/api/street/votes'), current: () => data.votes, region: $('votes'),
      items: (votes) => votes.map((b) => ({ id: 'vote:' + b.voteRequestId, text: b.title })),
      apply: (votes) => { data.votes = votes; renderVotes(); },
    });
    Portal.live({
      fetch: () => api('/api/street/tasks'), current: () => data.tasks, region: $('tasks'),
      items: (tasks) => tasks.map((x) => ({ id: 'task:' + x.dispatchId, text: x.title })),
      apply: (tasks) => { data.tasks = tasks; renderTasks(); },
    });
  });
})();
