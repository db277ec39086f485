// The public lists: the duty list and the negative list in effect today, and a year's plan list. No sign-in.
(() => {
  const t = (zh, en) => (trLang() === 'en' ? en : zh);
  const $ = (id) => document.getElementById(id);
  const el = (tag, props = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };
  let districts = [];
  let lists = { duty: null, negative: null, plan: [] };

  function table(headers, rows) {
    return el('div', { className: 'table-wrap' }, [el('table', {}, [
      el('thead', {}, [el('tr', {}, headers.map((h) => el('th', { scope: 'col', textContent: h })))]),
      el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', { textContent: c ?? '—' }))))),
    ])]);
  }

  function renderList(target, list) {
    const box = $(target);
    if (!list) {
      box.replaceChildren(el('p', { textContent: t('该区尚未公布此清单。', 'The district has not published this list.') }));
      return;
    }
    const section = (s) => (s === 'Statutory' ? t('依法履职', 'Statutory') : s === 'Assisting' ? t('协助政府', 'Assisting the government') : s);
    box.replaceChildren(
      el('p', { className: 'sub', textContent: t(`第 ${list.version} 版,${list.effectiveFrom} 起施行,共 ${list.items.length} 项`, `Version ${list.version}, in effect from ${list.effectiveFrom}, ${list.items.length} items`) }),
      table([t('编码', 'Code'), t('类别', 'Section'), t('事项', 'Item'), t('依据', 'Legal basis')],
        list.items.map((i) => [i.code, section(i.section), t(i.titleZh, i.titleEn), i.legalBasis])));
  }

  function render() {
    for (const option of $('district').options) {
      const d = districts.find((x) => x.code === option.value);
      option.textContent = t(d.nameZh, d.nameEn);
    }
    // One short line is announced (role=status) rather than the tables themselves.
    const count = (list) => (list ? list.items.length : 0);
    $('loaded').textContent = t(`已显示:职责清单 ${count(lists.duty)} 项,负面清单 ${count(lists.negative)} 项,计划清单 ${lists.plan.length} 项。`,
      `Items shown: duty list ${count(lists.duty)}, negative list ${count(lists.negative)}, plan list ${lists.plan.length}.`);
    renderList('duty', lists.duty);
    renderList('negative', lists.negative);
    $('plan').replaceChildren(lists.plan.length === 0
      ? el('p', { textContent: t('该年度尚无列入计划清单的事项。', 'No item is on this year\'s plan list.') })
      : table([t('准入编号', 'Admission number'), t('事项', 'Item'), t('部门', 'Department'), t('开始', 'Start'), t('月数', 'Months'), t('每社区每月工时', 'Hours per community per month'), t('每社区经费', 'Funding per community'), t('状态', 'Status')],
        lists.plan.map((p) => [p.number, p.title, p.department, p.startDate, String(p.durationMonths), String(p.workloadHoursPerMonth), String(p.fundingPerCommunity),
          p.status === 'InForce' ? t('有效', 'In force') : p.status === 'Revoked' ? t('已撤销', 'Revoked') : p.status])));
  }

  async function json(path) {
    const response = await fetch(path);
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  async function load() {
    $('error').textContent = '';
    const district = encodeURIComponent($('district').value);
    try {
      const [duty, negative, plan] = await Promise.all([
        json(`/api/public/${district}/duty-list`), json(`/api/public/${district}/negative-list`), json(`/api/public/${district}/plan-list?year=${encodeURIComponent($('year').value)}`)]);
      lists = { duty, negative, plan: plan || [] };
    } catch (e) {
      lists = { duty: null, negative: null, plan: [] };
      $('error').textContent = t('无法读取清单:', 'Could not read the lists: ') + e.message;
    }
    render();
  }

  window.trOnLanguageChanged = render;
  document.addEventListener('DOMContentLoaded', async () => {
    const query = new URLSearchParams(location.search);
    $('year').value = query.get('year') || new Date().toLocaleString('en', { timeZone: 'Asia/Shanghai', year: 'numeric' });
    try {
      districts = await (await fetch('/api/public/districts')).json();
    } catch (e) {
      $('error').textContent = t('无法读取区列表:', 'Could not read the districts: ') + e.message;
      return;
    }
    for (const d of districts) $('district').append(el('option', { value: d.code }));
    if (query.get('district') && districts.some((d) => d.code === query.get('district'))) $('district').value = query.get('district');
    const changed = () => {
      history.replaceState(null, '', `?district=${encodeURIComponent($('district').value)}&year=${encodeURIComponent($('year').value)}`);
      load();
    };
    $('district').addEventListener('change', changed);
    $('year').addEventListener('change', changed);
    if (districts.length > 0) await load();
  });
})();
