// Bilingual pages: Simplified Chinese first, English on request; the choice is remembered.
function trLang() {
  const saved = localStorage.getItem('tr.lang');
  if (saved) return saved;
  // A choice made before (or set by a tool) as the cookie the server reads.
  return /(?:^|;\s*)tr\.lang=en/.test(document.cookie) ? 'en' : 'zh';
}
// Server messages come as "中文 / English": show the half for the current language.
function trPick(text) {
  const parts = String(text).split(' / ');
  return parts.length === 2 ? (trLang() === 'en' ? parts[1] : parts[0]) : text;
}
function trApply() {
  const lang = trLang();
  // The server reads the same choice (e.g. the Elsa Studio API's descriptor names).
  document.cookie = 'tr.lang=' + (lang === 'en' ? 'en' : 'zh-CN') + '; path=/; SameSite=Lax';
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  for (const el of document.querySelectorAll('[data-zh]')) el.textContent = el.dataset[lang];
}
document.addEventListener('DOMContentLoaded', () => {
  trApply();
  const toggle = document.getElementById('lang');
  if (toggle) toggle.addEventListener('click', () => {
    localStorage.setItem('tr.lang', trLang() === 'en' ? 'zh' : 'en');
    trApply();
    if (typeof window.trOnLanguageChanged === 'function') window.trOnLanguageChanged();
  });
});
