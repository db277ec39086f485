// Every role's inbox: the person's open alerts (reminders, escalations, warnings, decisions) with "done", and their
// open human tasks, each completed with an outcome and a comment (role desks add the forms that need more data).
// Both lists refresh themselves while the page is open (Portal.live).
(() => {
  const { el, t } = Portal;
  const $ = (id) => document.getElementById(id);
  const kinds = { Reminder: ['提醒', 'Reminder'], Escalation: ['督办', 'Escalation'], Warning: ['警示', 'Warning'], Decision: ['决定', 'Decision'] };
  let alerts = [];
  let tasks = [];

  const fetchInbox = async () => {
    const [a, b] = await Promise.all([Portal.api('/api/alerts'), Portal.api('/api/workflows/tasks')]);
    return { alerts: a, tasks: b };
  };

  function apply(data) {
    ({ alerts, tasks } = data);
    render();
  }

  async function load() {
    apply(await fetchInbox());
  }

  function alertItem(alert) {
    const id = 'alert-' + alert.id;
    const done = el('button', { type: 'button', textContent: t('标记为已处理', 'Mark as done') });
    done.addEventListener('click', async () => {
      try {
        await Portal.api(`/api/alerts/${encodeURIComponent(alert.id)}/resolve`, { method: 'POST' });
        $('status').textContent = t('已处理:', 'Done: ') + t(alert.textZh, alert.textEn);
        await load();
      } catch (error) {
        $('status').textContent = error.message;
      }
    });
    return el('li', { className: 'alert-item', 'aria-labelledby': id }, [
      el('span', { className: 'kind ' + alert.kind.toLowerCase(), textContent: t(...(kinds[alert.kind] || [alert.kind, alert.kind])) }),
      el('span', { id, className: 'text', textContent: t(alert.textZh, alert.textEn) }),
      el('span', { className: 'meta', textContent: Portal.date(alert.createdAt, true) + (alert.dueAt ? ' · ' + t('时限 ', 'due ') + Portal.date(alert.dueAt, true) : '') }),
      done,
    ]);
  }

  function render() {
    $('alerts').replaceChildren(alerts.length
      ? el('ul', { className: 'alerts' }, alerts.map(alertItem))
      : el('p', { className: 'sub', textContent: t('没有未处理的提醒。', 'No open notifications.') }));
    $('tasks').replaceChildren(...(tasks.length
      ? tasks.map((task) => PortalTasks.card(task, { status: $('status'), done: load }))
      : [el('p', { className: 'sub', textContent: t('没有待办任务。', 'No open tasks.') })]));
    PortalTasks.startClock($('sla-live'));
  }

  // New notifications and tasks appear without a reload (and are announced); a half-filled task form is left alone.
  Portal.start(render, load).then(() => Portal.live({
    fetch: fetchInbox,
    current: () => ({ alerts, tasks }),
    items: (data) => [
      ...data.alerts.map((a) => ({ id: 'alert:' + a.id, text: t(a.textZh, a.textEn) })),
      ...data.tasks.map(PortalTasks.liveItem),
    ],
    apply,
  }));
})();
