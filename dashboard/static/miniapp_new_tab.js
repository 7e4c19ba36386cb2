// The framed Mini App's new-tab link (dashboard/templates/miniapp_new_tab.html). A messenger's web client may frame
// the Mini App without letting it open windows (an iframe sandbox without allow-popups): the link then opens
// nothing. So the page opens the tab itself and, when the browser refuses, asks the messenger to open the link, as
// Telegram's own Mini App script does (the `web_app_open_link` event, posted to the parent page). The event goes
// only to the web clients that may frame these pages (the link's data-clients, from dashboard/security.py): postMessage
// delivers nothing to a parent of any other origin.
(function () {
  'use strict';
  var link = document.getElementById('app-new-tab');
  if (!link || window.self === window.top) {
    return;
  }
  var clients = (link.getAttribute('data-clients') || '').split(' ').filter(Boolean);
  link.addEventListener('click', function (event) {
    event.preventDefault();
    var opened = window.open(link.href, '_blank');
    if (opened) {
      opened.opener = null;
      return;
    }
    var message = JSON.stringify({eventType: 'web_app_open_link', eventData: {url: link.href}});
    clients.forEach(function (origin) {
      window.parent.postMessage(message, origin);
    });
  });
}());
