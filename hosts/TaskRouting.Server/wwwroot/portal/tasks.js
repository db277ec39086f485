// Shared by the office's and the committee's pages: the inbox of human tasks (GET /api/workflows/tasks), each task
// as a form (outcome, reason, form data) whose field errors land in place, and SLA countdowns to each task's dueAt
// that tick every second and announce (aria-live) when one passes.
const PortalTasks = (() => {
  const { el, t } = Portal;

  /** The outcomes of the admission forms in both languages (the workflow's own names otherwise). */
  const outcomes = {
    Queue: ['进入评审批次', 'Queue for the window'], OnDutyList: ['已在职责清单', 'On the duty list'],
    NegativeList: ['负面清单拒绝', 'Refused by the negative list'], DepartmentDuty: ['部门自身职责', "Department's own duty"],
    ServiceCentre: ['转政务服务中心', 'To the service centre'], PurchaseServices: ['转政府购买服务', 'To purchase of services'],
    MissingFunding: ['缺少经费退回', 'Returned: no funding'], DataAlreadyHeld: ['数据已共享退回', 'Returned: data already held'],
    SendToVote: ['提交表决', 'Send to vote'], Return: ['退回', 'Return'], Refuse: ['不予准入', 'Refuse'],
    Approve: ['批准', 'Approve'], Reject: ['不批准', 'Reject'],
  };
  const outcomeLabel = (o) => (outcomes[o] ? t(...outcomes[o]) : o);

  /** "还剩 2 天 3 小时" / "2 d 3 h left", or how long ago it passed. */
  function remaining(dueAt, now = Date.now()) {
    const ms = new Date(dueAt).getTime() - now;
    const abs = Math.abs(ms);
    const d = Math.floor(abs / 86400000), h = Math.floor((abs % 86400000) / 3600000), m = Math.floor((abs % 3600000) / 60000), s = Math.floor((abs % 60000) / 1000);
    const zh = d > 0 ? `${d} 天 ${h} 小时` : h > 0 ? `${h} 小时 ${m} 分 ${s} 秒` : `${m} 分 ${s} 秒`;
    const en = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min ${s} s` : `${m} min ${s} s`;
    return ms >= 0 ? { passed: false, text: t(`还剩 ${zh}`, `${en} left`) } : { passed: true, text: t(`已超时 ${zh}`, `overdue by ${en}`) };
  }

  const announced = new Set();
  let clock = null;

  /** Updates every countdown on the page each second; a deadline that passes while the page is open is announced once. */
  function startClock(live) {
    const tick = () => {
      for (const node of document.querySelectorAll('[data-due]')) {
        const r = remaining(node.dataset.due);
        node.textContent = r.text;
        node.classList.toggle('overdue', r.passed);
        if (r.passed && node.dataset.wasOpen === 'true' && !announced.has(node.dataset.task)) {
          announced.add(node.dataset.task);
          live.textContent = t(`时限已过:${node.dataset.title}`, `Deadline passed: ${node.dataset.title}`);
        }
        if (!r.passed) node.dataset.wasOpen = 'true';
      }
    };
    clearInterval(clock);
    tick();
    clock = setInterval(tick, 1000);
  }

  function countdown(task) {
    if (!task.dueAt) return el('span', { className: 'due', textContent: t('无时限', 'no deadline') });
    return el('span', { className: 'due', 'data-due': task.dueAt, 'data-task': task.id, 'data-title': Portal.pick(task.title) });
  }

  /** A labelled field: label, control, and the error slot the control's aria-describedby points at. */
  function field(id, labelText, control, wide = false) {
    control.id = id;
    control.setAttribute('aria-describedby', id + '-error');
    return el('div', { className: wide ? 'field wide' : 'field' }, [
      el('label', { for: id, textContent: labelText }), control, el('p', { className: 'error', id: id + '-error', role: 'alert' }),
    ]);
  }

  /**
   * A task as an article with its completion form. extra(task) adds lines above the form; data(task, form) gives the
   * form data (e.g. { reference }); done(task) runs after a completion (the caller reloads).
   */
  function card(task, { extra, dataFields, data, done, status }) {
    const prefix = 'task-' + task.id.replace(/[^A-Za-z0-9_-]/g, '');
    const select = el('select', { name: 'outcome' }, [el('option', { value: '', textContent: t('请选择', 'Choose…') }),
      ...task.outcomes.map((o) => el('option', { value: o, textContent: outcomeLabel(o) }))]);
    const needsReason = task.reasonRequiredFor || [];
    const comment = el('textarea', { name: 'comment', rows: 2, maxLength: 2000 });
    const form = el('form', { className: 'task-form', noValidate: true }, [
      field(prefix + '-outcome', t('办理结果', 'Outcome'), select),
      ...(dataFields ? dataFields(prefix) : []),
      field(prefix + '-comment', t('意见或理由', 'Comment or reason'), comment, true),
      el('p', { className: 'hint', textContent: needsReason.length
        ? t(`选择 ${needsReason.map(outcomeLabel).join('、')} 时须说明理由。`, `A reason is required for ${needsReason.map(outcomeLabel).join(', ')}.`) : '' }),
      el('p', { className: 'error', 'data-form-error': '', role: 'alert', tabIndex: -1 }),
      el('div', { className: 'actions' }, [el('button', { type: 'submit', textContent: t('办结', 'Complete') })]),
    ]);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      Portal.clearErrors(form);
      try {
        await Portal.api(`/api/workflows/tasks/${encodeURIComponent(task.id)}/complete`, {
          method: 'POST', body: { outcome: select.value || null, comment: comment.value || null, data: data ? data(form) : null },
        });
        const what = `${Portal.pick(task.title)} · ${task.context?.applicationTitle || ''}`;
        status.textContent = t(`已办结:${what}(${outcomeLabel(select.value)})`, `Completed: ${what} (${outcomeLabel(select.value)})`);
        await done(task);
      } catch (error) {
        if (!(error instanceof Portal.ApiError)) throw error;
        Portal.showErrors(form, error);
      }
    });
    const context = task.context || {};
    return el('article', { className: 'task', 'aria-labelledby': prefix + '-title' }, [
      el('h4', { id: prefix + '-title', textContent: context.applicationTitle || Portal.pick(task.title) }),
      el('p', { className: 'meta' }, [
        el('span', { textContent: Portal.pick(task.title) }),
        context.department ? el('span', { textContent: t('部门 ', 'Department ') + context.department }) : null,
        el('span', { textContent: t('收到 ', 'Received ') + Portal.date(task.createdAt, true) }),
        task.dueAt ? el('span', { textContent: t('时限 ', 'Due ') + Portal.date(task.dueAt, true) }) : null,
        countdown(task),
        context.burdenFlagged ? el('span', { className: 'flag', textContent: t('负担超上限', 'Burden over the cap') }) : null,
      ]),
      task.description ? el('p', { className: 'desc', textContent: Portal.pick(task.description) }) : null,
      ...(extra ? extra(task) : []),
      form,
    ]);
  }

  /** A task as a live list announces it (Portal.live): its id and the application's title. */
  const liveItem = (task) => ({ id: 'task:' + task.id, text: task.context?.applicationTitle || Portal.pick(task.title) });

  return { outcomeLabel, remaining, startClock, card, field, liveItem };
})();
