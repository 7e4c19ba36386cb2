// Hamyar's Mini App entry (dashboard/miniapp.py). The messenger opens /app with its signed initData in the
// address's fragment (#tgWebAppData=…); this posts it to /app/session, which checks it and sets the session
// cookie. Ours and served by the dashboard: no telegram.org script, no inline script (the CSP forbids both).
(function () {
  'use strict';
  var form = document.getElementById('app-session');
  var data = new URLSearchParams(window.location.hash.slice(1)).get('tgWebAppData');
  if (!form || !data) {
    document.getElementById('app-wait').hidden = true;
    document.getElementById('app-no-data').hidden = false;
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
