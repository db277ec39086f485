// Host page of the real Elsa Studio: picks the element for the path, points it at this server's Elsa API
// (an absolute URL, which the Studio requires) and wires its navigation callbacks. The login cookie travels
// with every call, so no token is handed to the page.
(function () {
  const api = location.origin + '/elsa/api';
  const path = location.pathname.replace(/\/+$/, '');
  const main = document.getElementById('studio');
  const go = url => { location.href = url; };
  let element;
  let match;
  if ((match = path.match(/^\/studio\/definitions\/([^/]+)$/))) {
    element = document.createElement('elsa-workflow-definition-editor');
    element.setAttribute('definition-id', decodeURIComponent(match[1]));
  } else if ((match = path.match(/^\/studio\/instances\/([^/]+)$/))) {
    element = document.createElement('elsa-workflow-instance-viewer');
    element.setAttribute('instance-id', decodeURIComponent(match[1]));
  } else if (path === '/studio/instances') {
    element = document.createElement('elsa-workflow-instance-list');
  } else {
    element = document.createElement('elsa-workflow-definition-list');
  }
  element.setAttribute('remote-endpoint', api);
  main.appendChild(element);
  document.getElementById(path.startsWith('/studio/instances') ? 'nav-instances' : 'nav-definitions').setAttribute('aria-current', 'page');

  customElements.whenDefined(element.localName).then(() => {
    element.editWorkflowDefinition = id => go('/studio/definitions/' + encodeURIComponent(id));
    element.viewWorkflowInstance = id => go('/studio/instances/' + encodeURIComponent(id));
  });

  // Who is signed in, and whether the editor is writable for them (only designers save and publish).
  fetch('/api/auth/me', { credentials: 'same-origin' })
    .then(r => r.ok ? r.json() : null)
    .then(me => {
      if (!me) return;
      document.getElementById('who').textContent = me.userName;
      const designer = me.roles.includes('designer');
      const mode = document.getElementById('mode');
      mode.dataset.zh = designer ? '可编辑' : '只读';
      mode.dataset.en = designer ? 'Editing' : 'Read-only';
      mode.className = 'mode ' + (designer ? 'edit' : 'readonly');
      trApply();
    });

  // Descriptor names come in the chosen language: reload so the Studio asks again.
  window.trOnLanguageChanged = () => location.reload();
})();
