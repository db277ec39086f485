// The portal's shell, shared by every role's pages: who is signed in, the navigation their roles open, the language
// switch, API calls that turn ProblemDetails into field errors shown in place, and small DOM and date helpers.
// A page includes i18n.js and portal.js, has <header id="portal-header"></header>, and calls Portal.start(render);
// a page whose lists change under it (inboxes) keeps them current with Portal.live(…).
const Portal = (() => {
  let me = null;
  let pages = [];
  const renderers = [];

  const t = (zh, en) => (trLang() === 'en' ? en : zh);
  const pick = (text) => trPick(text ?? '');

  /** Builds an element: el('a', { href: '/', textContent: '…' }, [children]); attributes with a dash go through setAttribute. */
  function el(tag, props = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null) continue;
      if (key.includes('-') || key === 'role' || key === 'for') node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of [].concat(children)) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  /** A date or instant in China time, in the reader's language. */
  function date(value, withTime = false) {
    if (!value) return '—';
    const options = withTime
      ? { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }
      : { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' };
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(value + 'T00:00:00+08:00') : new Date(value);
    return parsed.toLocaleString(trLang() === 'en' ? 'en-GB' : 'zh-CN', options);
  }

  /** A problem from the API: its status, its bilingual title and its errors by field (e.g. "attachments[1].contentType"). */
  class ApiError extends Error {
    constructor(status, problem) {
      super(pick(problem?.detail || problem?.title || String(status)));
      this.status = status;
      this.errors = problem?.errors || {};
    }
  }

  /** Calls the API; JSON in and out. A 401 sends the person to sign in; anything else not OK throws an ApiError. */
  async function api(path, { method = 'GET', body, raw = false } = {}) {
    const response = await fetch(path, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    if (response.status === 401) {
      location.href = '/login?ReturnUrl=' + encodeURIComponent(location.pathname + location.search);
      throw new ApiError(401, { title: '请先登录 / Please sign in' });
    }
    if (raw) return response;
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  /**
   * Shows an API error on a form: each field error next to the input whose data-field (or name) matches, marked
   * aria-invalid, the first such input focused; other problems in the form's [data-form-error] element.
   */
  function showErrors(form, error) {
    clearErrors(form);
    const general = form.querySelector('[data-form-error]');
    let first = null;
    for (const [field, messages] of Object.entries(error.errors || {})) {
      const input = form.querySelector(`[data-field="${CSS.escape(field)}"]`) || form.querySelector(`[name="${CSS.escape(field)}"]`);
      const text = [].concat(messages).map(pick).join(' ');
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        const slot = document.getElementById(input.getAttribute('aria-describedby')?.split(' ')[0] || '') || input.parentElement.querySelector('.error');
        if (slot) slot.textContent = text;
        first ??= input;
      } else if (general) {
        general.textContent += (general.textContent ? ' ' : '') + text;
      }
    }
    if (general && Object.keys(error.errors || {}).length === 0) general.textContent = error.message;
    (first || general)?.focus?.();
  }

  function clearErrors(form) {
    for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
    for (const node of form.querySelectorAll('.error')) node.textContent = '';
  }

  function renderHeader() {
    const header = document.getElementById('portal-header');
    if (!header) return;
    const here = location.pathname.replace(/\/$/, '');
    const nav = el('nav', { 'aria-label': t('主导航', 'Main navigation') }, [
      el('ul', {}, pages.map((p) => el('li', {}, [el('a', {
        href: p.path, textContent: t(p.titleZh, p.titleEn), 'aria-current': p.path === here ? 'page' : null,
      })]))),
    ]);
    const who = me ? `${me.userName} · ${me.roles.join(', ')}${me.district ? ' · ' + me.district : ''}` : '';
    const language = el('button', { type: 'button', className: 'link', textContent: t('English', '中文') });
    language.addEventListener('click', () => {
      localStorage.setItem('tr.lang', trLang() === 'en' ? 'zh' : 'en');
      trApply();
      rerender();
    });
    const signOut = el('button', { type: 'button', className: 'link', textContent: t('退出', 'Sign out') });
    signOut.addEventListener('click', async () => {
      await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
      location.href = '/login';
    });
    header.className = 'portal-bar';
    header.replaceChildren(
      el('a', { href: '/', className: 'brand', textContent: 'TaskRouting' }),
      nav,
      el('p', { className: 'who' }, [el('span', { textContent: who }), language, signOut]),
    );
  }

  function rerender() {
    renderHeader();
    for (const render of renderers) render(me);
  }

  /**
   * Loads the signed-in person and their navigation, then the page's own data once (load(me), optional), then calls
   * render(me), again whenever the language changes; marks the page ready (body[data-ready]) after the first render.
   */
  async function start(render, load) {
    renderers.push(render);
    [me, pages] = await Promise.all([api('/api/auth/me'), api('/api/portal/navigation')]);
    if (load) await load(me);
    trApply();
    rerender();
    document.body.dataset.ready = 'true';
  }

  // ---- live refresh ----
  /** Seconds between refreshes when neither the page nor the address sets them. */
  const defaultRefreshSeconds = 20;
  /** The longest wait after failures in a row (the wait doubles with each). */
  const maxBackoffSeconds = 300;

  /**
   * Seconds between two refreshes of a live list: ?refresh=N in the address (e.g. a test's 1), else the page's
   * <body data-refresh-seconds>, else 20; 0 turns live refresh off. Kept within 1–3600 otherwise.
   */
  function refreshSeconds() {
    const asked = new URLSearchParams(location.search).get('refresh') ?? document.body.dataset.refreshSeconds;
    const seconds = asked === undefined || asked === null || asked === '' ? defaultRefreshSeconds : Number(asked);
    if (!Number.isFinite(seconds)) return defaultRefreshSeconds;
    // 0 turns it off; anything else waits at least a second (a crafted link must not make the page hammer the API).
    return seconds <= 0 ? 0 : Math.min(Math.max(seconds, 1), 3600);
  }

  // A form someone has typed in keeps its values until the page itself replaces it (after a completion): a refresh
  // waits rather than redraw it under their hands.
  document.addEventListener('input', (e) => { const form = e.target.closest?.('form'); if (form) form.dataset.edited = 'true'; }, true);
  document.addEventListener('reset', (e) => { delete e.target.dataset.edited; }, true);

  /** True when a form still holds something the person typed or chose (an emptied form no longer counts). */
  function unsent(form) {
    return [...form.elements].some((e) => (e.type === 'checkbox' || e.type === 'radio' ? e.checked !== e.defaultChecked
      : e.tagName === 'SELECT' ? [...e.options].some((o) => o.selected !== o.defaultSelected)
        : 'value' in e && e.type !== 'submit' && e.type !== 'button' && e.type !== 'hidden' && e.value !== e.defaultValue));
  }

  /** True while the person is in a form or an opened panel inside region, or a form there still holds unsent input (until it is sent or emptied). */
  function typingIn(region) {
    const active = document.activeElement;
    if (active && active !== document.body && region.contains(active) && active.closest('form, details[open]')) return true;
    return [...region.querySelectorAll('form[data-edited="true"]')].some(unsent);
  }

  const focusable = 'button, a[href], input, select, textarea, summary, [tabindex]';

  /**
   * Redraws with apply(data) and puts keyboard focus back where it was (a redraw replaces the focused button): on the
   * element with the same id, else on the control at the same place under the nearest ancestor with an id, when it
   * reads the same; otherwise focus stays where the browser leaves it.
   */
  function redrawKeepingFocus(region, apply, data) {
    const active = document.activeElement;
    const inside = active && active !== document.body && region.contains(active);
    const anchor = inside && !active.id ? active.parentElement?.closest('[id]') : null;
    const key = inside && (active.id ? { id: active.id }
      : anchor ? { anchor: anchor.id, index: [...anchor.querySelectorAll(focusable)].indexOf(active), tag: active.tagName, text: active.textContent } : null);
    apply(data);
    if (!key || (document.activeElement && document.activeElement !== document.body)) return;
    const target = key.id ? document.getElementById(key.id)
      : [...(document.getElementById(key.anchor)?.querySelectorAll(focusable) ?? [])][key.index];
    if (target && (key.id || (target.tagName === key.tag && target.textContent === key.text))) target.focus({ preventScroll: true });
  }

  /** The page's polite live region for refreshes (#portal-updates), made under the page's h1 when the page has none. */
  function updatesRegion() {
    let node = document.getElementById('portal-updates');
    if (!node) {
      node = el('p', { id: 'portal-updates', className: 'updates', role: 'status', 'aria-live': 'polite' });
      const title = document.querySelector('main h1');
      if (title) title.after(node); else document.body.prepend(node);
    }
    return node;
  }

  /**
   * Keeps lists on the page current without a reload. While the tab is visible, fetch() is called every
   * refreshSeconds(); when its answer differs from current() (compared as JSON), apply(data) stores and redraws it,
   * keeping keyboard focus on the same control, unless the person is typing in a form inside region: then it waits
   * and is applied at the first round after they send or empty it. Items new since the last look (by id, from items(data) → [{ id, text }]) are announced in #portal-updates
   * (aria-live), in the reader's language. A failure is announced too and doubles the wait (up to 5 min); the next
   * success clears it. An answer fetched while the page changed the list itself is dropped. A hidden tab pauses the
   * rounds and coming back runs one at once. Returns { stop, now } (now: run a round at once).
   */
  function live({ fetch, current, items, apply, region = document.querySelector('main') }) {
    const seconds = refreshSeconds();
    let timer = null;
    let failures = 0;
    let running = false;
    let stopped = seconds === 0;
    const told = new Set();
    const wait = () => Math.min(seconds * 2 ** failures, Math.max(seconds, maxBackoffSeconds));

    function schedule() {
      clearTimeout(timer);
      if (stopped || document.hidden) return;
      timer = setTimeout(round, wait() * 1000);
    }

    async function round() {
      if (running || stopped) return;
      running = true;
      // The page may reload the list itself while this fetch is out (after a decision, a replay): an answer that
      // started before that is stale and must not put the old list back.
      const before = JSON.stringify(current());
      try {
        const data = await fetch();
        if (failures > 0) updatesRegion().textContent = '';
        failures = 0;
        const now = JSON.stringify(current());
        if (now !== before || JSON.stringify(data) === now) return;
        const known = new Set(items(current()).map((i) => i.id));
        const fresh = items(data).filter((i) => !known.has(i.id) && !told.has(i.id));
        const waiting = typingIn(region);
        if (!waiting) redrawKeepingFocus(region, apply, data);
        if (fresh.length) announce(fresh, waiting);
      } catch (error) {
        // The API refused or could not be reached (a sign-in that lapsed has already gone to /login).
        failures += 1;
        updatesRegion().textContent = t(`暂时无法刷新(${error.message}),${wait()} 秒后重试。`, `Could not refresh (${error.message}); trying again in ${wait()} s.`);
      } finally {
        running = false;
        schedule();
      }
    }

    function announce(fresh, waiting) {
      for (const item of fresh) told.add(item.id);
      const names = fresh.map((i) => i.text).join(t(';', '; '));
      updatesRegion().textContent = t(`新到 ${fresh.length} 项:${names}`, `${fresh.length} new: ${names}`)
        + (waiting ? t('(填写完当前表单后显示)', ' (shown when you finish the form you are filling in)') : '');
    }

    document.addEventListener('visibilitychange', () => {
      if (document.hidden) clearTimeout(timer);
      else round();
    });
    updatesRegion();
    schedule();
    return { stop() { stopped = true; clearTimeout(timer); }, now: round };
  }

  return { start, api, showErrors, clearErrors, el, date, t, pick, ApiError, get me() { return me; }, rerender, live, refreshSeconds };
})();
