// The public district-wide notices: no sign-in; the district comes from ?district= or the first one listed.
(() => {
  const text = {
    zh: { loaded: (n) => `已显示 ${n} 份通报。`, none: '本期没有被通报的单位。', empty: '该区尚未发布通报。', kind: { ConfirmedViolation: '违规属实', OverdueCorrection: '逾期未整改' },
      cols: ['类别', '单位', '事项', '发生日期', '认定日期', '整改期限', '整改完成'], published: '发布于', failed: '无法读取通报:' },
    en: { loaded: (n) => `Showing ${n} notice${n === 1 ? '' : 's'}.`, none: 'No unit is named in this notice.', empty: 'The district has published no notice yet.', kind: { ConfirmedViolation: 'Confirmed violation', OverdueCorrection: 'Correction overdue' },
      cols: ['Kind', 'Unit', 'What', 'Occurred', 'Found', 'Correct by', 'Corrected'], published: 'Published', failed: 'Could not read the notices: ' },
  };
  const select = document.getElementById('district');
  const list = document.getElementById('notices');
  const error = document.getElementById('error');
  let districts = [];
  let notices = [];

  const t = () => text[trLang()];
  const day = (value) => value ? new Date(value).toLocaleDateString(trLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' }) : '—';
  const el = (tag, props = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };

  function render() {
    const lang = trLang();
    for (const option of select.options) {
      const d = districts.find((x) => x.code === option.value);
      option.textContent = lang === 'en' ? d.nameEn : d.nameZh;
    }
    list.replaceChildren();
    // One short line is announced (role=status) rather than the notices themselves.
    document.getElementById('loaded').textContent = t().loaded(notices.length);
    if (notices.length === 0) {
      list.append(el('section', {}, [el('p', { textContent: t().empty })]));
      return;
    }
    for (const notice of notices) {
      const id = 'notice-' + notice.id;
      const section = el('section', { className: 'notice' }, [
        el('h2', { id, textContent: (lang === 'en' ? notice.titleEn : notice.titleZh) }),
        el('p', { className: 'sub', textContent: `${notice.number} · ${t().published} ${day(notice.publishedAt)}` }),
      ]);
      section.setAttribute('aria-labelledby', id);
      if (notice.entries.length === 0) {
        section.append(el('p', { textContent: t().none }));
      } else {
        const head = el('tr', {}, t().cols.map((c) => el('th', { scope: 'col', textContent: c })));
        const rows = notice.entries.map((e) => el('tr', {}, [
          el('td', { textContent: t().kind[e.kind] ?? e.kind }),
          el('td', { textContent: (lang === 'en' ? e.unitNameEn : e.unitNameZh) || e.unit }),
          el('td', { textContent: e.what }),
          el('td', { textContent: e.occurredOn }),
          el('td', { textContent: day(e.foundAt) }),
          el('td', { textContent: day(e.correctionDueAt) }),
          el('td', { textContent: day(e.correctedAt) }),
        ]));
        section.append(el('div', { className: 'table-wrap' }, [el('table', {}, [el('thead', {}, [head]), el('tbody', {}, rows)])]));
      }
      list.append(section);
    }
  }

  async function load() {
    error.textContent = '';
    try {
      const response = await fetch(`/api/public/${encodeURIComponent(select.value)}/notices`);
      if (!response.ok) throw new Error(String(response.status));
      notices = await response.json();
    } catch (e) {
      notices = [];
      error.textContent = t().failed + e.message;
    }
    render();
  }

  window.trOnLanguageChanged = render;
  document.addEventListener('DOMContentLoaded', async () => {
    try {
      districts = await (await fetch('/api/public/districts')).json();
    } catch (e) {
      error.textContent = t().failed + e.message;
      return;
    }
    for (const d of districts) select.append(el('option', { value: d.code }));
    const wanted = new URLSearchParams(location.search).get('district');
    if (wanted && districts.some((d) => d.code === wanted)) select.value = wanted;
    select.addEventListener('change', () => {
      history.replaceState(null, '', `?district=${encodeURIComponent(select.value)}`);
      load();
    });
    if (districts.length > 0) await load();
  });
})();
