// Hamyar's Mini App entry (dashboard/miniapp.py). The messenger opens /app with its signed initData in the
// address's fragment (#tgWebAppData=…); this posts it to /app/session, which checks it and sets the session
// cookie. Ours and served by the dashboard: no telegram.org script, no inline script (the CSP forbids both).
(function () {
  'use strict';
  // Persian or English, as the messenger's user.language_code says ("en", "en-GB", "fa"…); null for any other.
  function messengerLanguage(initData) {
    try {
      var user = JSON.parse(new URLSearchParams(initData).get('user') || '{}');
      var code = String(user.language_code || '').toLowerCase().split('-')[0];
      return code === 'fa' || code === 'en' ? code : null;
    } catch (e) {
      return null;
    }
  }
  var form = document.getElementById('app-session');
  var data = new URLSearchParams(window.location.hash.slice(1)).get('tgWebAppData');
  if (!form || !data) {
    document.getElementById('app-wait').hidden = true;
    document.getElementById('app-no-data').hidden = false;
    return;
  }
  // The page speaks ?lang='s language, else Persian: without a ?lang= it asks for the messenger's own language
  // (user.language_code) once, the initData kept in the fragment. The server prefers the manager's stored language.
  var query = new URLSearchParams(window.location.search);
  var spoken = messengerLanguage(data);
  if (!query.has('lang') && spoken && spoken !== document.documentElement.lang) {
    query.set('lang', spoken);
    window.location.replace(window.location.pathname + '?' + query.toString() + window.location.hash);
    return;
  }
  form.elements.namedItem('init_data').value = data;
  // Inside another site's frame (Telegram Web, Bale's web client) the browser drops the session cookie: the server
  // then answers with a one-time link to open the dashboard in a new tab instead.
  if (window.self !== window.top) {
    form.elements.namedItem('framed').value = '1';
  }
  // Keep the sign-in data out of the address bar and the history.
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  form.submit();
}());
