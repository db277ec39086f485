// The committee's approval inbox: each item with its vote result (from the application's status and history), its
// burden flag and the communities' evaluation of the department; approve, or refuse with a reason.
(() => {
  const { el, t } = Portal;
  const $ = (id) => document.getElementById(id);
  let tasks = [];
  const statuses = new Map();

  async function fetchTasks() {
    const open = (await Portal.api('/api/workflows/tasks')).filter((x) => x.form === 'admission.committee');
    await Promise.all(open.map(async (task) => {
      const id = task.context?.applicationId;
      if (id && !statuses.has(id)) statuses.set(id, await Portal.api(`/api/applications/${encodeURIComponent(id)}/status`));
    }));
    return open;
  }

  function apply(open) {
    tasks = open;
    render();
  }

  async function load() {
    apply(await fetchTasks());
  }

  function facts(task) {
    const c = task.context || {};
    const status = statuses.get(c.applicationId);
    const tally = status?.history?.filter((h) => h.kind === 'vote-tallied').pop();
    const vote = tally ? t(tally.textZh, tally.textEn) : status?.decisionReason ? Portal.pick(status.decisionReason) : t('没有表决记录', 'No vote recorded');
    const score = c.departmentScore;
    return [el('dl', { className: 'facts' }, [
      el('dt', { textContent: t('表决结果', 'Vote result') }), el('dd', { className: 'vote', textContent: vote }),
      el('dt', { textContent: t('社区负担', 'Community burden') }),
      el('dd', { className: c.burdenFlagged ? 'burden flagged' : 'burden', textContent: c.burdenFlagged
        ? t('超过每月工时上限', 'Over the monthly hours cap') + (status?.burdenDetail ? ':' + Portal.pick(status.burdenDetail) : '')
        : t('未超上限', 'Within the cap') }),
      el('dt', { textContent: t('部门评议得分', "Department's evaluation score") }),
      el('dd', { className: 'score', textContent: score
        ? t(`${score.period}:平均 ${Number(score.average).toFixed(1)} 分(${score.count} 份评议)`, `${score.period}: average ${Number(score.average).toFixed(1)} (${score.count} evaluation${score.count === 1 ? '' : 's'})`)
        : t('暂无社区评议', 'No evaluation by the communities yet') }),
    ])];
  }

  function render() {
    $('inbox-note').textContent = t(`共 ${tasks.length} 项待审批。`, tasks.length === 1 ? '1 item to approve.' : `${tasks.length} items to approve.`);
    $('tasks').replaceChildren(...(tasks.length ? tasks.map((task) => PortalTasks.card(task, {
      status: $('status'), extra: facts, done: load,
    })) : [el('p', { className: 'sub', textContent: t('没有待审批的事项。', 'Nothing to approve.') })]));
    PortalTasks.startClock($('sla-live'));
  }

  // Items reaching the committee appear without a reload; a decision being written is left alone.
  Portal.start(render, load).then(() => Portal.live({ fetch: fetchTasks, current: () => tasks, items: (open) => open.map(PortalTasks.liveItem), apply }));
})();
