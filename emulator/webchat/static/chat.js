/*
 * Hamyar webchat — a browser front end for the Bot API emulator.
 *
 * Plain JS, no build step, no external resources. Talks to the emulator's
 * user-side JSON API on the same origin:
 *
 *   GET  /_emu/bots
 *   POST /_emu/bots/{bot}/users/{user}/send      {text}|{contact}|{sticker}|{photo}|{location}|{document}
 *   POST /_emu/bots/{bot}/users/{user}/press     {message_id, callback_data}
 *   GET  /_emu/bots/{bot}/users/{user}/messages?since=V&timeout=25   (long poll, whole chat)
 *   POST /_emu/bots/{bot}/users/{user}/profile   {first_name, language_code}
 *   POST /_emu/bots/{bot}/users/{user}/pay       {message_id}   (an invoice paid: pre-checkout, then the payment)
 *   POST /_emu/bots/{bot}/users/{user}/abandon   {message_id}   (an invoice closed unpaid: the bot hears nothing)
 */
(() => {
  'use strict';

  // ------------------------------------------------------------------ config
  const API = '/_emu';
  const POLL_TIMEOUT_S = 25;
  const PRESETS = [
    { id: 1001, name: 'شهروند', label: 'شهروند' },
    { id: 1002, name: 'شهروند دوم', label: 'شهروند دوم' },
    { id: 900001, name: 'مدیر', label: 'مدیر' },
  ];
  const DEFAULT_PHONE = '09121234567';
  const DEFAULT_OTHER_PHONE = '09350001122';
  const DEFAULT_LOCATION = { latitude: 35.6997, longitude: 51.3380 }; // تهران
  const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
  const KEYS = {
    bot: 'hamyar.webchat.bot',
    identity: 'hamyar.webchat.identity',
    customIds: 'hamyar.webchat.customIdentities',
    look: 'hamyar.webchat.look',
    phone: (uid) => `hamyar.webchat.phone.${uid}`,
  };

  // --------------------------------------------------------------- utilities
  const $ = (id) => document.getElementById(id);

  const store = {
    get(key, fallback = null) {
      try {
        const raw = window.localStorage.getItem(key);
        return raw == null ? fallback : JSON.parse(raw);
      } catch (_) {
        return fallback;
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
      } catch (_) { /* private mode or quota: not fatal */ }
    },
  };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v == null || v === false) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = v;
        else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) {
      if (c == null || c === false) continue;
      node.append(c instanceof Node ? c : String(c));
    }
    return node;
  }

  function sleep(ms, signal) {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      if (signal) signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
    });
  }

  /** Persian/Arabic-Indic digits → ASCII digits. */
  function asciiDigits(s) {
    return String(s)
      .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
      .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  }

  /** Isolate a left-to-right run (e.g. @username) inside Persian text. */
  const ltr = (s) => `\u2066${s}\u2069`;

  const faNumber = (n) => {
    try { return Number(n).toLocaleString('fa-IR', { useGrouping: false }); } catch (_) { return String(n); }
  };

  let timeFmt = null;
  try {
    timeFmt = new Intl.DateTimeFormat('fa-IR', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  } catch (_) { timeFmt = null; }

  function formatTime(unix) {
    if (!unix) return '';
    const d = new Date(Number(unix) * 1000);
    if (Number.isNaN(d.getTime())) return '';
    if (timeFmt) return timeFmt.format(d);
    return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  }

  async function api(method, path, body, opts = {}) {
    const { signal, timeoutMs = 15000 } = opts;
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    const onAbort = () => ctrl.abort();
    if (signal) {
      if (signal.aborted) ctrl.abort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
    try {
      const init = { method, signal: ctrl.signal, cache: 'no-store', headers: {} };
      if (body !== undefined && body !== null) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      const res = await fetch(API + path, init);
      const raw = await res.text();
      let data = null;
      try { data = raw ? JSON.parse(raw) : null; } catch (_) { data = null; }
      if (!res.ok || (data && data.ok === false)) {
        const msg = (data && (data.description || data.error || data.message)) || `HTTP ${res.status}`;
        const err = new Error(msg);
        err.status = res.status;
        throw err;
      }
      return data;
    } finally {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
    }
  }

  // ------------------------------------------------- safe rendering of HTML
  // Telegram-style HTML subset. Everything else is shown as literal text.
  const TAGS = {
    b: 'b', strong: 'b', i: 'i', em: 'i', u: 'u', ins: 'u',
    s: 's', strike: 's', del: 's', code: 'code', pre: 'pre', a: 'a',
    'tg-spoiler': 'span', blockquote: 'blockquote',
  };
  const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

  function decodeEntities(s) {
    return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        try { return Number.isFinite(code) ? String.fromCodePoint(code) : whole; } catch (_) { return whole; }
      }
      const v = ENTITIES[name.toLowerCase()];
      return v === undefined ? whole : v;
    });
  }

  function safeHref(href) {
    if (!href) return null;
    try {
      const url = new URL(href, window.location.href);
      if (['http:', 'https:', 'tg:', 'mailto:', 'tel:'].includes(url.protocol)) return url.href;
    } catch (_) { /* invalid */ }
    return null;
  }

  // Addresses people would tap: http(s) and www., and t.me / ble.ir links written without a scheme.
  const LINK_RE = /(?:https?:\/\/|www\.|\b(?:t\.me|telegram\.me|ble\.ir)\/)[^\s<>"'«»]+/gi;
  // A bot command standing alone (/help, /me): shown left-to-right and sent when tapped, as messengers do.
  // (Left-to-right by CSS, not a dir attribute: dir="auto" on the line skips elements that carry one.)
  const COMMAND_RE = /(^|[\s(«])(\/[a-z][a-z0-9_]{0,31})(?=$|[\s.,;:!?)»،؛])/gi;
  const TRAILING = /[.,;:!?)\]»،؛؟]+$/;

  function linkHref(raw) {
    if (/^www\./i.test(raw) || /^(?:t\.me|telegram\.me|ble\.ir)\//i.test(raw)) return safeHref(`https://${raw}`);
    return safeHref(raw);
  }

  /** Text with its links and commands made tappable (not inside an <a> of the bot's own). */
  function appendLinked(node, text, plain) {
    if (plain) { node.append(document.createTextNode(text)); return; }
    const found = [];
    for (const m of text.matchAll(LINK_RE)) {
      const raw = m[0].replace(TRAILING, '');
      if (raw) found.push({ at: m.index, raw, kind: 'link' });
    }
    for (const m of text.matchAll(COMMAND_RE)) {
      const at = m.index + m[1].length;
      if (!found.some((f) => at >= f.at && at < f.at + f.raw.length)) found.push({ at, raw: m[2], kind: 'cmd' });
    }
    found.sort((a, b) => a.at - b.at);
    let last = 0;
    for (const f of found) {
      if (f.at < last) continue;
      if (f.at > last) node.append(document.createTextNode(text.slice(last, f.at)));
      const href = f.kind === 'link' ? linkHref(f.raw) : null;
      if (f.kind === 'link' && href) {
        node.append(el('a', { href, class: 'url', target: '_blank', rel: 'noopener noreferrer', text: f.raw }));
      } else if (f.kind === 'cmd') {
        node.append(el('a', { href: '#', class: 'cmd', 'data-command': f.raw, text: f.raw }));
      } else {
        node.append(document.createTextNode(f.raw));
      }
      last = f.at + f.raw.length;
    }
    if (last < text.length) node.append(document.createTextNode(text.slice(last)));
  }

  /**
   * Render a message into `parent` as one block per line, each with its own direction (dir="auto"), as
   * messenger apps do: a line that starts with a command or an address reads left-to-right, a Persian line
   * right-to-left. With `html`, the bot's Telegram-HTML subset is rendered (formatting carries across lines);
   * everything else is literal text.
   */
  function renderRich(text, parent, html = true) {
    const source = String(text);
    const newLine = () => {
      const line = el('div', { class: 'line', dir: 'auto' });
      parent.append(line);
      return line;
    };
    const stack = [{ name: null, node: newLine() }];
    const top = () => stack[stack.length - 1].node;
    const inside = (name) => stack.some((entry) => entry.name === name);
    const breakLine = () => {
      stack[0].node = newLine();
      for (let k = 1; k < stack.length; k++) {
        const copy = stack[k].node.cloneNode(false);
        stack[k - 1].node.append(copy);
        stack[k].node = copy;
      }
    };
    const addText = (raw) => {
      if (!raw) return;
      const s = html ? decodeEntities(raw) : raw;
      const parts = inside('pre') ? [s] : s.split('\n');
      parts.forEach((part, i) => {
        if (i > 0) breakLine();
        if (part) appendLinked(top(), part, inside('a') || inside('code') || inside('pre'));
      });
    };
    if (!html) {
      addText(source);
    } else {
      const re = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>/g;
      let last = 0;
      let m;
      while ((m = re.exec(source)) !== null) {
        const [raw, closing, rawName, attrs] = m;
        const name = rawName.toLowerCase();
        if (!(name in TAGS) && name !== 'br') continue; // not ours: stays literal text
        addText(source.slice(last, m.index));
        last = m.index + raw.length;
        if (name === 'br') { addText('\n'); continue; }
        if (closing) {
          for (let k = stack.length - 1; k > 0; k--) {
            if (stack[k].name === name) { stack.length = k; break; }
          }
          continue;
        }
        const node = document.createElement(TAGS[name]);
        if (name === 'a') {
          const hm = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(attrs || '');
          const href = safeHref(hm ? decodeEntities(hm[1] ?? hm[2] ?? hm[3] ?? '') : '');
          if (href) {
            node.href = href;
            node.target = '_blank';
            node.rel = 'noopener noreferrer';
          }
        } else if (name === 'tg-spoiler') {
          node.className = 'spoiler';
        }
        top().append(node);
        stack.push({ name, node });
      }
      addText(source.slice(last));
    }
    for (const line of parent.querySelectorAll(':scope > .line')) {
      if (!line.textContent) line.append(document.createElement('br')); // an empty line keeps its height
    }
  }

  // ------------------------------------------------------------------- state
  const state = {
    bots: [],
    botsSig: '',
    bot: null,
    identity: null,
    look: 'telegram',
    chatKey: null,
    gen: 0,
    abort: null,
    loaded: false,
    nodes: new Map(), // message_id → { li, sig }
    answersSeen: null,
    answerIds: new Set(),
    replyKbSig: null,
    kbHidden: false,
    alertQueue: [],
    online: false,
    dialect: null, // the emulator's error dialect ("telegram" | "bale"), if it says
  };

  const ui = {};

  // ------------------------------------------------------------------ status
  function setStatus(text, kind) {
    ui.status.textContent = text;
    ui.status.dataset.kind = kind || '';
  }

  function onlineStatus() {
    const b = state.bot;
    const who = b && b.username ? ltr(`@${b.username}`) : 'ربات';
    setStatus(`${who} · متصل`, 'ok');
  }

  function toast(text, kind) {
    const t = el('div', { class: `toast${kind ? ` ${kind}` : ''}`, text });
    ui.toasts.append(t);
    const ttl = Math.min(8000, 2500 + String(text).length * 40);
    setTimeout(() => {
      t.classList.add('leaving');
      setTimeout(() => t.remove(), 300);
    }, ttl);
  }

  function showAlert(text) {
    if (ui.alertDialog.open) { state.alertQueue.push(text); return; }
    ui.alertText.textContent = text;
    openDialog(ui.alertDialog);
  }

  function openDialog(dialog) {
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
  }

  // ---------------------------------------------------------------- identity
  function customIdentities() {
    const list = store.get(KEYS.customIds, []);
    return Array.isArray(list) ? list.filter((x) => x && Number.isFinite(Number(x.id))) : [];
  }

  function allIdentities() {
    const seen = new Set(PRESETS.map((p) => p.id));
    const extra = customIdentities().filter((c) => !seen.has(Number(c.id)));
    return [...PRESETS, ...extra.map((c) => ({ id: Number(c.id), name: c.name, label: c.name, custom: true }))];
  }

  function buildIdentitySelect() {
    const sel = ui.identitySelect;
    sel.textContent = '';
    const presets = el('optgroup', { label: 'هویت‌های آماده' });
    for (const p of PRESETS) presets.append(el('option', { value: String(p.id), text: `${p.label} (${faNumber(p.id)})` }));
    sel.append(presets);
    const extra = allIdentities().filter((x) => x.custom);
    if (extra.length) {
      const g = el('optgroup', { label: 'شناسه‌های دیگر' });
      for (const c of extra) g.append(el('option', { value: String(c.id), text: `${c.name} (${faNumber(c.id)})` }));
      sel.append(g);
    }
    sel.append(el('option', { value: '__other', text: 'شناسهٔ دیگر…' }));
    if (state.identity) sel.value = String(state.identity.id);
  }

  function loadIdentity() {
    const saved = store.get(KEYS.identity);
    if (saved && Number.isFinite(Number(saved.id)) && Number(saved.id) > 0) {
      return { id: Number(saved.id), name: String(saved.name || `کاربر ${saved.id}`) };
    }
    return { id: PRESETS[0].id, name: PRESETS[0].name };
  }

  function setIdentity(identity) {
    state.identity = { id: Number(identity.id), name: String(identity.name) };
    store.set(KEYS.identity, state.identity);
    const known = PRESETS.some((p) => p.id === state.identity.id);
    if (!known) {
      const list = customIdentities().filter((c) => Number(c.id) !== state.identity.id);
      list.unshift(state.identity);
      store.set(KEYS.customIds, list.slice(0, 6));
    }
    buildIdentitySelect();
    ui.otherForm.hidden = true;
    openChat();
  }

  // -------------------------------------------------------------------- bots
  function platformOf(bot) {
    const explicit = String(bot.platform || bot.kind || bot.network || '').toLowerCase();
    if (explicit.includes('bale') || explicit.includes('بله')) return 'bale';
    if (explicit.includes('telegram') || explicit.includes('تلگرام')) return 'telegram';
    const hay = `${bot.username || ''} ${bot.first_name || ''} ${bot.token_hint || ''}`.toLowerCase();
    if (hay.includes('bale') || hay.includes('بله')) return 'bale';
    return state.dialect === 'bale' ? 'bale' : 'telegram';
  }

  function botLabel(bot) {
    const name = bot.first_name || bot.username || `ربات ${faNumber(bot.bot_id)}`;
    const plat = platformOf(bot) === 'bale' ? 'بله' : 'تلگرام';
    return `${name}${bot.username ? ` (${ltr(`@${bot.username}`)})` : ''} — ${plat}`;
  }

  function normaliseBots(data) {
    const list = Array.isArray(data) ? data : (data && Array.isArray(data.bots) ? data.bots : []);
    return list.filter((b) => b && b.bot_id != null);
  }

  async function loadBotsUntilAvailable() {
    let delay = 1000;
    for (;;) {
      try {
        const bots = normaliseBots(await api('GET', '/bots'));
        if (bots.length) return bots;
        setStatus('منتظر وصل شدن ربات به شبیه‌ساز…', 'wait');
        showEmpty('هنوز هیچ رباتی به شبیه‌ساز وصل نشده است. ربات را اجرا کنید؛ این صفحه خودش به‌روز می‌شود.', false);
        delay = 2000;
      } catch (_) {
        setStatus('سرور شبیه‌ساز در دسترس نیست؛ تلاش دوباره…', 'error');
        delay = Math.min(delay * 2, 15000);
      }
      await sleep(delay);
    }
  }

  async function refreshBots() {
    try {
      const bots = normaliseBots(await api('GET', '/bots'));
      if (bots.length) setBots(bots);
    } catch (_) { /* the poll loop reports connectivity */ }
  }

  function setBots(bots) {
    const sig = JSON.stringify(bots.map((b) => [b.bot_id, b.username, b.first_name, b.platform]));
    if (sig === state.botsSig) return;
    state.botsSig = sig;
    state.bots = bots;

    const sel = ui.botSelect;
    sel.textContent = '';
    for (const b of bots) sel.append(el('option', { value: String(b.bot_id), text: botLabel(b) }));
    ui.botSelectWrap.hidden = bots.length < 2;
    ui.lookToggle.hidden = bots.length !== 2;

    const wanted = state.bot ? state.bot.bot_id : store.get(KEYS.bot);
    const bot = bots.find((b) => String(b.bot_id) === String(wanted)) || bots[0];
    const changed = !state.bot || String(state.bot.bot_id) !== String(bot.bot_id);
    selectBot(bot, { keepLook: !changed });
  }

  function selectBot(bot, { keepLook = false } = {}) {
    state.bot = bot;
    store.set(KEYS.bot, bot.bot_id);
    ui.botSelect.value = String(bot.bot_id);
    const name = bot.first_name || bot.username || 'همیار';
    ui.botName.textContent = name;
    const initial = Array.from(name.trim())[0] || 'ه';
    ui.avatar.textContent = initial === 'ه' ? 'هـ' : initial.toUpperCase();
    document.title = `${name} — گفت‌وگوی آزمایشی`;
    let look = platformOf(bot);
    if (state.bots.length === 2 && keepLook) look = store.get(KEYS.look, look);
    applyLook(look);
    openChat();
  }

  function applyLook(look) {
    state.look = look === 'bale' ? 'bale' : 'telegram';
    document.body.dataset.look = state.look;
    store.set(KEYS.look, state.look);
    for (const b of ui.lookToggle.querySelectorAll('button')) {
      b.setAttribute('aria-pressed', String(b.dataset.look === state.look));
    }
    const meta = document.querySelector('meta[name="theme-color"]');
    if (meta) meta.content = state.look === 'bale' ? '#0b7a63' : '#1f6fb2';
  }

  // -------------------------------------------------------------------- chat
  function chatPath(suffix) {
    return `/bots/${encodeURIComponent(state.bot.bot_id)}/users/${encodeURIComponent(state.identity.id)}/${suffix}`;
  }

  function openChat() {
    if (!state.bot || !state.identity) return;
    const key = `${state.bot.bot_id}:${state.identity.id}`;
    if (key === state.chatKey) return;
    state.chatKey = key;
    state.gen += 1;
    if (state.abort) state.abort.abort();
    resetChatView();
    api('POST', chatPath('profile'), { first_name: state.identity.name, language_code: 'fa' }).catch(() => {});
    pollLoop(state.gen);
  }

  function resetChatView() {
    ui.messages.textContent = '';
    state.nodes.clear();
    state.loaded = false;
    state.answersSeen = null;
    state.answerIds.clear();
    state.replyKbSig = null;
    state.online = false;
    state.alertQueue.length = 0;
    ui.toasts.textContent = '';
    renderReplyKeyboard(null);
    ui.empty.hidden = true;
    setStatus('در حال بارگذاری گفت‌وگو…', 'wait');
  }

  async function pollLoop(gen) {
    const ctrl = new AbortController();
    state.abort = ctrl;
    let since = -1; // -1: answer at once with the whole chat, even an empty one
    let failures = 0;
    while (gen === state.gen) {
      const started = Date.now();
      try {
        const data = await api('GET', `${chatPath('messages')}?since=${since}&timeout=${POLL_TIMEOUT_S}`, null, {
          signal: ctrl.signal,
          timeoutMs: (POLL_TIMEOUT_S + 15) * 1000,
        });
        if (gen !== state.gen) return;
        if (failures || !state.online) { state.online = true; onlineStatus(); }
        failures = 0;
        const prev = since;
        if (data && typeof data === 'object') {
          if (Array.isArray(data.messages)) renderChat(data);
          const v = Number(data.version);
          if (Number.isFinite(v) && v >= 0) since = v;
        }
        // A server that answers at once without news must not make us spin.
        if (since === prev && Date.now() - started < 1000) await sleep(1000, ctrl.signal);
      } catch (err) {
        if (gen !== state.gen || ctrl.signal.aborted) return;
        failures += 1;
        state.online = false;
        since = -1; // full resync: the server may have restarted with fresh versions
        const delay = Math.min(15000, 1000 * 2 ** Math.min(failures - 1, 4)) * (0.8 + Math.random() * 0.4);
        setStatus(err && err.status
          ? `خطای سرور (${faNumber(err.status)})؛ تلاش دوباره…`
          : 'اتصال قطع شد؛ در حال اتصال دوباره…', 'error');
        if (failures >= 2) refreshBots(); // bot ids may change after a restart
        await sleep(delay, ctrl.signal);
      }
    }
  }

  function showEmpty(text, withStart) {
    ui.emptyText.textContent = text;
    ui.startBtn.hidden = !withStart;
    ui.empty.hidden = false;
  }

  function focusPath(root) {
    const a = document.activeElement;
    if (!a || !root.contains(a) || !a.dataset.row) return null;
    return `[data-row="${a.dataset.row}"][data-col="${a.dataset.col}"]`;
  }

  function renderChat(data) {
    const first = !state.loaded;
    state.loaded = true;
    const all = data.messages.filter((m) => m && m.message_id != null);
    const visible = all.filter((m) => !m.deleted);
    const list = ui.messages;
    const keep = new Set();
    let added = false;

    visible.forEach((m, i) => {
      const key = String(m.message_id);
      keep.add(key);
      const sig = JSON.stringify(m);
      let entry = state.nodes.get(key);
      if (!entry) {
        entry = { li: buildMessage(m), sig };
        state.nodes.set(key, entry);
        added = true;
      } else if (entry.sig !== sig) {
        // An edit rebuilds the message: focus stays on the same button, or on the message itself when
        // that button is gone (never falls to the page's body).
        const hadFocus = entry.li.contains(document.activeElement);
        const fp = focusPath(entry.li);
        const li = buildMessage(m);
        entry.li.replaceWith(li);
        entry.li = li;
        entry.sig = sig;
        const b = fp ? li.querySelector(fp) : null;
        if (b) b.focus();
        else if (hadFocus) li.focus({ preventScroll: true });
      }
      const at = list.children[i];
      if (at !== entry.li) list.insertBefore(entry.li, at || null);
    });
    for (const [key, entry] of state.nodes) {
      if (!keep.has(key)) {
        const hadFocus = entry.li.contains(document.activeElement);
        entry.li.remove();
        state.nodes.delete(key);
        if (hadFocus) ui.input.focus();
      }
    }

    if (visible.length) ui.empty.hidden = true;
    else showEmpty(`هنوز پیامی در این گفت‌وگو نیست. برای شروع، دکمهٔ زیر را بزنید یا ${ltr('/start')} بفرستید.`, true);

    // The emulator also sends the keyboard it computed; use it when present.
    if (Object.prototype.hasOwnProperty.call(data, 'reply_keyboard')) setReplyKeyboard(data.reply_keyboard);
    else updateReplyKeyboard(all);
    handleAnswers(data.callback_answers);
    if (added) scrollToBottom(first);
    for (const b of ui.messages.querySelectorAll('button.busy')) b.classList.remove('busy');
  }

  function scrollToBottom(instant) {
    requestAnimationFrame(() => {
      ui.chat.scrollTo({ top: ui.chat.scrollHeight, behavior: instant ? 'auto' : 'smooth' });
    });
  }

  // Small line icons (inline SVG: no emoji font needed, no external files).
  const ICONS = {
    phone: '<rect x="6.5" y="2.5" width="11" height="19" rx="2.5"/><path d="M10.5 18h3"/>',
    pin: '<path d="M12 21s-6.5-6-6.5-11a6.5 6.5 0 0 1 13 0c0 5-6.5 11-6.5 11Z"/><circle cx="12" cy="10" r="2.3"/>',
    image: '<rect x="3" y="4" width="18" height="16" rx="2.5"/><circle cx="9" cy="9.5" r="1.8"/><path d="m4 18 5.5-5.5 4 4 2.5-2.5L21 19"/>',
    file: '<path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8Z"/><path d="M14 3v5h5M9 13h6M9 17h4"/>',
    smile: '<circle cx="12" cy="12" r="9"/><path d="M8.5 14.5a4.5 4.5 0 0 0 7 0M9 9.5h.01M15 9.5h.01"/>',
    user: '<circle cx="12" cy="8" r="4"/><path d="M4.5 20a7.5 7.5 0 0 1 15 0"/>',
    users: '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.8a3.5 3.5 0 0 1 0 6.4M18 14.2a6.5 6.5 0 0 1 3.5 5.8"/>',
    edit: '<path d="M4 20h4L19 9l-4-4L4 16Z"/><path d="m13.5 6.5 4 4"/>',
    video: '<rect x="3" y="5" width="18" height="14" rx="2.5"/><path d="m10 9 5 3-5 3Z"/>',
    mic: '<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21"/>',
    music: '<path d="M9 18V5l11-2v13"/><circle cx="6.5" cy="18" r="2.5"/><circle cx="17.5" cy="16" r="2.5"/>',
    chart: '<path d="M5 20V10M12 20V4M19 20v-7"/>',
    clip: '<path d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5"/>',
  };

  function icon(name, cls) {
    const span = el('span', { class: `ico${cls ? ` ${cls}` : ''}`, 'aria-hidden': 'true' });
    span.innerHTML = `<svg viewBox="0 0 24 24" focusable="false" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">${ICONS[name] || ICONS.clip}</svg>`;
    return span;
  }

  function decorateIcons(root) {
    for (const slot of root.querySelectorAll('[data-icon]')) {
      if (!slot.firstChild) slot.replaceWith(icon(slot.dataset.icon));
    }
  }

  const KIND_INFO = {
    photo: ['image', 'عکس'],
    document: ['file', 'فایل'],
    sticker: ['smile', 'استیکر'],
    contact: ['user', 'مخاطب'],
    location: ['pin', 'موقعیت مکانی'],
    venue: ['pin', 'مکان'],
    video: ['video', 'ویدیو'],
    animation: ['video', 'پویانمایی'],
    audio: ['music', 'صوت'],
    voice: ['mic', 'پیام صوتی'],
    video_note: ['video', 'پیام ویدیویی'],
    poll: ['chart', 'نظرسنجی'],
    dice: ['smile', 'تاس'],
  };

  // ---------------------------------------------------------------- invoices
  // Currencies whose smallest unit is the whole unit (Telegram's `exp` 0); Bale counts IRR in whole rials.
  const WHOLE_UNIT_CURRENCIES = new Set(['CLP', 'ISK', 'JPY', 'KRW', 'PYG', 'UGX', 'VND', 'XTR']);
  const faAmount = (n, digits = 0) => new Intl.NumberFormat('fa-IR', {
    minimumFractionDigits: 0, maximumFractionDigits: digits,
  }).format(n);
  const paidInvoices = new Set(); // `${bot}:${user}:${message_id}` paid from this page

  function invoiceAmount(inv) {
    const currency = String(inv.currency || '');
    const whole = WHOLE_UNIT_CURRENCIES.has(currency) || (currency === 'IRR' && platformOf(state.bot) === 'bale');
    const digits = whole ? 0 : 2;
    const value = Number(inv.total_amount || 0) / (10 ** digits);
    if (currency === 'IRR') return `${faAmount(value)} ریال (${faAmount(value / 10, 1)} تومان)`;
    return `${faAmount(value, digits)} ${currency}`;
  }

  function buildInvoice(m) {
    const inv = m.invoice || {};
    const key = `${state.chatKey}:${m.message_id}`;
    const card = el('div', { class: 'invoice', role: 'group', 'aria-label': 'صورت‌حساب' },
      el('div', { class: 'invoice-head' }, icon('clip', 'media-icon'),
        el('span', { class: 'invoice-kind', text: 'صورت‌حساب (پرداخت آزمایشی در شبیه‌ساز)' })),
      el('div', { class: 'invoice-title', dir: 'auto', text: String(inv.title || '') }),
      el('div', { class: 'invoice-description', dir: 'auto', text: String(inv.description || '') }),
      el('div', { class: 'invoice-amount', text: `مبلغ: ${invoiceAmount(inv)}` }));
    const status = el('div', { class: 'invoice-status', role: 'status' });
    const pay = el('button', { type: 'button', class: 'kb-btn invoice-pay', text: 'پرداخت' });
    const cancel = el('button', { type: 'button', class: 'kb-btn invoice-cancel', text: 'انصراف' });
    const row = el('div', { class: 'kb-row invoice-actions' }, pay, cancel);
    const settle = (text) => {
      pay.disabled = true;
      cancel.disabled = true;
      status.textContent = text;
    };
    if (paidInvoices.has(key)) settle('پرداخت شد.');
    const act = async (path, button) => {
      button.classList.add('busy');
      button.setAttribute('aria-busy', 'true');
      try {
        const out = await api('POST', chatPath(path), { message_id: m.message_id }, { timeoutMs: 30000 });
        if (out.status === 'paid') {
          paidInvoices.add(key);
          settle('پرداخت شد.');
        } else if (out.status === 'refused') {
          status.textContent = `پرداخت پذیرفته نشد: ${out.error_message || ''}`;
        } else if (out.status === 'timeout') {
          status.textContent = 'ربات به‌موقع پاسخ نداد؛ پرداخت انجام نشد.';
        } else {
          status.textContent = 'پرداخت نکردید؛ هر وقت خواستید از «تعهدهای من» بپردازید.';
        }
      } catch (err) {
        toast(`پرداخت انجام نشد: ${err.message}`, 'error');
      } finally {
        button.classList.remove('busy');
        button.removeAttribute('aria-busy');
      }
    };
    pay.addEventListener('click', () => act('pay', pay));
    cancel.addEventListener('click', () => act('abandon', cancel));
    card.append(row, status);
    return card;
  }

  function buildMedia(m) {
    const kind = String(m.kind || (m.photo ? 'photo' : 'text'));
    if ((kind === 'text' && !m.photo) || kind === 'invoice') return null;
    const [iconName, label] = KIND_INFO[kind] || (m.photo ? KIND_INFO.photo : ['clip', `پیوست (${kind})`]);
    let detail = m.file_name || '';
    if (kind === 'contact' && m.contact && m.contact.phone_number) detail = m.contact.phone_number;
    if ((kind === 'location' || kind === 'venue') && m.location) {
      detail = `${Number(m.location.latitude).toFixed(4)}, ${Number(m.location.longitude).toFixed(4)}`;
    }
    return el('div', { class: `media media-${kind}` },
      icon(iconName, 'media-icon'),
      el('span', { class: 'media-text' },
        el('span', { class: 'media-label', text: label }),
        detail ? el('span', { class: 'media-detail', dir: 'auto', text: detail }) : null));
  }

  function buildMessage(m) {
    const fromBot = m.from === 'bot';
    const li = el('li', {
      class: `msg ${fromBot ? 'from-bot' : 'from-user'}`, 'data-message-id': m.message_id, tabindex: '-1',
    });
    const bubble = el('div', { class: 'bubble' });
    const who = fromBot ? (state.bot && (state.bot.first_name || state.bot.username)) || 'ربات' : 'شما';
    bubble.append(el('span', { class: 'sr-only', text: `${who}: ` }));

    const media = buildMedia(m);
    if (media) bubble.append(media);
    const invoice = m.kind === 'invoice' && m.invoice;
    if (invoice) bubble.append(buildInvoice(m));

    if (!invoice && m.text != null && m.text !== '') {
      const body = el('div', { class: 'text' });
      const mode = m.parse_mode == null ? 'html' : String(m.parse_mode).toLowerCase();
      renderRich(m.text, body, fromBot && mode === 'html');
      bubble.append(body);
    }

    const meta = el('div', { class: 'meta' });
    if (m.edited) meta.append(el('span', { class: 'edited', text: 'ویرایش‌شده' }));
    const time = formatTime(m.date);
    if (time) meta.append(el('time', { datetime: new Date(Number(m.date) * 1000).toISOString(), text: time }));
    bubble.append(meta);
    li.append(bubble);

    const rows = Array.isArray(m.inline_buttons) ? m.inline_buttons.filter((r) => Array.isArray(r) && r.length) : [];
    if (fromBot && rows.length) {
      li.classList.add('has-kb');
      const kb = el('div', { class: 'inline-kb', role: 'group', 'aria-label': 'دکمه‌های پیام' });
      rows.forEach((row, r) => {
        const rowEl = el('div', { class: 'kb-row' });
        row.forEach((btn, c) => rowEl.append(buildInlineButton(m, btn, r, c)));
        kb.append(rowEl);
      });
      li.append(kb);
    }
    return li;
  }

  function buildInlineButton(m, btn, r, c) {
    const label = String((btn && btn.text) || '');
    const b = el('button', { type: 'button', class: 'kb-btn', 'data-row': r, 'data-col': c });
    b.append(el('span', { class: 'kb-label', dir: 'auto', text: label }));
    if (btn && btn.url) {
      b.classList.add('url');
      b.setAttribute('aria-label', `${label} (پیوند؛ در زبانهٔ تازه باز می‌شود)`);
      b.append(el('span', { class: 'kb-ext', 'aria-hidden': 'true', text: '↗' }));
      b.addEventListener('click', () => {
        const href = safeHref(btn.url);
        if (href) window.open(href, '_blank', 'noopener,noreferrer');
        else toast('این پیوند در مرورگر باز نمی‌شود.', 'error');
      });
    } else if (btn && btn.callback_data != null) {
      b.addEventListener('click', () => pressCallback(m, btn, b));
    } else {
      b.addEventListener('click', () => toast('این نوع دکمه در شبیه‌ساز پشتیبانی نمی‌شود.'));
    }
    return b;
  }

  async function pressCallback(m, btn, buttonEl) {
    buttonEl.classList.add('busy');
    buttonEl.setAttribute('aria-busy', 'true');
    const done = () => { buttonEl.classList.remove('busy'); buttonEl.removeAttribute('aria-busy'); };
    setTimeout(done, 8000);
    try {
      await api('POST', chatPath('press'), { message_id: m.message_id, callback_data: btn.callback_data });
    } catch (err) {
      done();
      toast(`دکمه فرستاده نشد: ${err.message}`, 'error');
    }
  }

  function handleAnswers(answers) {
    if (!Array.isArray(answers)) return;
    const first = state.answersSeen === null;
    const seenCount = state.answersSeen || 0;
    const fresh = [];
    answers.forEach((a, i) => {
      if (!a) return;
      const id = a.callback_query_id ?? a.id;
      if (id != null) {
        if (state.answerIds.has(String(id))) return;
        state.answerIds.add(String(id));
        if (!first) fresh.push(a);
      } else if (!first && i >= seenCount) {
        fresh.push(a);
      }
    });
    state.answersSeen = answers.length;
    for (const a of fresh) {
      const text = a.text == null ? '' : String(a.text);
      if (!text) continue;
      if (a.show_alert) showAlert(text);
      else toast(text);
    }
  }

  // ---------------------------------------------------------- reply keyboard
  /** The latest reply keyboard: the newest bot message with reply_buttons,
   *  unless a later one has remove_keyboard. */
  function updateReplyKeyboard(messages) {
    let rows = null;
    for (const m of messages) {
      if (m.from !== 'bot' || m.deleted) continue;
      if (Array.isArray(m.reply_buttons) && m.reply_buttons.some((r) => Array.isArray(r) && r.length)) {
        rows = m.reply_buttons;
      } else if (m.remove_keyboard) {
        rows = null;
      }
    }
    setReplyKeyboard(rows);
  }

  function setReplyKeyboard(rows) {
    if (!Array.isArray(rows) || !rows.some((r) => Array.isArray(r) && r.length)) rows = null;
    const sig = rows ? JSON.stringify(rows) : '';
    if (sig === state.replyKbSig) return;
    const wasNew = state.replyKbSig !== null && sig !== '';
    state.replyKbSig = sig;
    if (wasNew) state.kbHidden = false; // a fresh keyboard from the bot is shown again
    renderReplyKeyboard(rows);
  }

  function renderReplyKeyboard(rows) {
    const box = ui.replyKb;
    const fp = focusPath(box);
    const hadFocus = box.contains(document.activeElement);
    box.textContent = '';
    const has = Array.isArray(rows) && rows.length > 0;
    ui.kbToggle.hidden = !has;
    if (!has) {
      box.hidden = true;
      if (hadFocus) ui.input.focus();
      return;
    }
    rows.forEach((row, r) => {
      if (!Array.isArray(row) || !row.length) return;
      const rowEl = el('div', { class: 'kb-row' });
      row.forEach((btn, c) => {
        const label = String((btn && btn.text) || '');
        const b = el('button', { type: 'button', class: 'kb-btn reply', 'data-row': r, 'data-col': c });
        if (btn && btn.request_contact) {
          b.classList.add('contact');
          b.append(icon('phone', 'kb-icon'));
          b.setAttribute('aria-label', `${label} (شمارهٔ شما فرستاده می‌شود)`);
        } else if (btn && btn.request_location) {
          b.classList.add('location');
          b.append(icon('pin', 'kb-icon'));
          b.setAttribute('aria-label', `${label} (موقعیت آزمایشی فرستاده می‌شود)`);
        }
        b.append(el('span', { class: 'kb-label', dir: 'auto', text: label }));
        b.addEventListener('click', () => pressReply(btn || {}));
        rowEl.append(b);
      });
      box.append(rowEl);
    });
    box.hidden = state.kbHidden;
    ui.kbToggle.setAttribute('aria-pressed', String(!state.kbHidden));
    const again = fp ? box.querySelector(fp) : null;
    if (again) again.focus();
    else if (hadFocus) ui.input.focus(); // a new keyboard: back to writing, as messenger apps do
  }

  function pressReply(btn) {
    if (btn.request_contact) shareOwnContact();
    else if (btn.request_location) sendLocation();
    else if (btn.text) sendText(String(btn.text));
  }

  // ----------------------------------------------------------------- sending
  async function send(payload) {
    if (!state.bot || !state.identity) {
      toast('هنوز به رباتی وصل نیستید.', 'error');
      return false;
    }
    try {
      await api('POST', chatPath('send'), payload);
      return true;
    } catch (err) {
      toast(`فرستاده نشد: ${err.message}`, 'error');
      return false;
    }
  }

  async function sendText(text) {
    const t = String(text);
    if (!t.trim()) return false;
    return send({ text: t });
  }

  async function sendFromComposer() {
    const input = ui.input;
    const text = input.value;
    if (!text.trim()) { input.focus(); return; }
    input.value = '';
    autoGrow();
    const ok = await sendText(text);
    if (!ok && !input.value) { input.value = text; autoGrow(); }
    input.focus();
  }

  function askPhone({ title, hint, initial }) {
    return new Promise((resolve) => {
      const dlg = ui.phoneDialog;
      ui.phoneTitle.textContent = title;
      ui.phoneHint.textContent = hint;
      ui.phoneInput.value = initial;
      ui.phoneInput.setCustomValidity('');
      const onClose = () => {
        dlg.removeEventListener('close', onClose);
        if (dlg.returnValue !== 'ok') { resolve(null); return; }
        resolve(normalisePhone(ui.phoneInput.value));
      };
      dlg.returnValue = '';
      dlg.addEventListener('close', onClose);
      openDialog(dlg);
      ui.phoneInput.select();
    });
  }

  function normalisePhone(value) {
    const v = asciiDigits(value).replace(/[\s\-().]/g, '');
    return /^\+?[0-9]{5,15}$/.test(v) ? v : null;
  }

  async function ensureOwnPhone(forceAsk) {
    const key = KEYS.phone(state.identity.id);
    let phone = store.get(key);
    if (!phone || forceAsk) {
      phone = await askPhone({
        title: 'شمارهٔ تلفن شما',
        hint: `این شماره به‌عنوان شمارهٔ «${state.identity.name}» برای ربات فرستاده و برای دفعه‌های بعد به خاطر سپرده می‌شود.`,
        initial: phone || DEFAULT_PHONE,
      });
      if (!phone) return null;
      store.set(key, phone);
    }
    return phone;
  }

  async function shareOwnContact() {
    const phone = await ensureOwnPhone(false);
    if (phone) await send({ contact: { phone_number: phone, own: true } });
  }

  async function shareOtherContact() {
    const phone = await askPhone({
      title: 'شمارهٔ شخص دیگر',
      hint: 'این شماره مثل مخاطبی که از دفترچهٔ تلفن فرستاده شده، یعنی متعلق به کس دیگری، به ربات می‌رسد.',
      initial: DEFAULT_OTHER_PHONE,
    });
    if (phone) await send({ contact: { phone_number: phone, own: false } });
  }

  async function sendLocation() {
    if (await send({ location: { ...DEFAULT_LOCATION } })) toast('موقعیت آزمایشی (تهران) فرستاده شد.');
  }

  function sendDocument(file) {
    if (!file) return;
    if (file.size > MAX_DOCUMENT_BYTES) {
      toast('فایل بزرگ‌تر از ۲۰ مگابایت است.', 'error');
      return;
    }
    const reader = new FileReader();
    reader.onerror = () => toast('خواندن فایل ممکن نشد.', 'error');
    reader.onload = () => {
      const url = String(reader.result || '');
      const comma = url.indexOf(',');
      send({ document: { file_name: file.name || 'file', content_b64: comma >= 0 ? url.slice(comma + 1) : '' } });
    };
    reader.readAsDataURL(file);
  }

  // ------------------------------------------------------------- attach menu
  function menuItems() { return Array.from(ui.menu.querySelectorAll('[role="menuitem"]')); }

  function openMenu() {
    ui.menu.hidden = false;
    ui.attachBtn.setAttribute('aria-expanded', 'true');
    menuItems()[0].focus();
  }

  function closeMenu(returnFocus) {
    if (ui.menu.hidden) return;
    ui.menu.hidden = true;
    ui.attachBtn.setAttribute('aria-expanded', 'false');
    if (returnFocus) ui.attachBtn.focus();
  }

  function onMenuAction(action) {
    closeMenu(false);
    switch (action) {
      case 'sticker': send({ sticker: true }); break;
      case 'photo': send({ photo: true }); break;
      case 'location': sendLocation(); break;
      case 'document': ui.fileInput.click(); break;
      case 'own-contact': shareOwnContact(); break;
      case 'other-contact': shareOtherContact(); break;
      case 'change-phone':
        ensureOwnPhone(true).then((p) => { if (p) toast(`شمارهٔ شما: ${p}`); });
        break;
      default: break;
    }
    if (action !== 'document') ui.input.focus();
  }

  // -------------------------------------------------------------- composer
  function autoGrow() {
    const t = ui.input;
    t.style.height = 'auto';
    t.style.height = `${Math.min(t.scrollHeight + 2, 160)}px`;
    t.style.overflowY = t.scrollHeight > 160 ? 'auto' : 'hidden';
  }

  // ------------------------------------------------------------------ wiring
  function bind() {
    decorateIcons(document);
    Object.assign(ui, {
      status: $('conn-status'),
      botName: $('bot-name'),
      avatar: $('bot-avatar'),
      botSelect: $('bot-select'),
      botSelectWrap: $('bot-select-wrap'),
      lookToggle: $('look-toggle'),
      identitySelect: $('identity-select'),
      otherForm: $('other-id-form'),
      otherId: $('other-id'),
      otherName: $('other-name'),
      chat: $('chat'),
      messages: $('messages'),
      empty: $('empty-state'),
      emptyText: $('empty-text'),
      startBtn: $('start-btn'),
      replyKb: $('reply-kb'),
      kbToggle: $('kb-toggle'),
      input: $('composer-input'),
      sendBtn: $('send-btn'),
      attachBtn: $('attach-btn'),
      menu: $('attach-menu'),
      fileInput: $('file-input'),
      toasts: $('toast-area'),
      alertDialog: $('alert-dialog'),
      alertText: $('alert-text'),
      phoneDialog: $('phone-dialog'),
      phoneTitle: $('phone-title'),
      phoneHint: $('phone-hint'),
      phoneInput: $('phone-input'),
    });

    ui.botSelect.addEventListener('change', () => {
      const bot = state.bots.find((b) => String(b.bot_id) === ui.botSelect.value);
      if (bot) selectBot(bot);
    });

    ui.lookToggle.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-look]');
      if (!b) return;
      applyLook(b.dataset.look);
      // With one Telegram and one Bale bot, "as on Bale" means talking to the Bale bot.
      const match = state.bots.filter((x) => platformOf(x) === state.look);
      if (match.length === 1 && state.bot && String(match[0].bot_id) !== String(state.bot.bot_id)) {
        selectBot(match[0], { keepLook: true });
      }
    });

    ui.identitySelect.addEventListener('change', () => {
      const v = ui.identitySelect.value;
      if (v === '__other') {
        ui.otherForm.hidden = false;
        ui.otherId.value = '';
        ui.otherName.value = '';
        ui.otherId.focus();
        return;
      }
      const who = allIdentities().find((x) => String(x.id) === v);
      if (who) setIdentity(who);
    });

    ui.otherForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const id = Number(asciiDigits(ui.otherId.value.trim()));
      if (!Number.isSafeInteger(id) || id <= 0) {
        ui.otherId.setCustomValidity('یک شناسهٔ عددی مثبت وارد کنید.');
        ui.otherId.reportValidity();
        return;
      }
      ui.otherId.setCustomValidity('');
      const known = allIdentities().find((x) => x.id === id);
      const name = ui.otherName.value.trim() || (known ? known.name : `کاربر ${faNumber(id)}`);
      setIdentity({ id, name });
    });
    ui.otherId.addEventListener('input', () => ui.otherId.setCustomValidity(''));
    ui.otherForm.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        ui.otherForm.hidden = true;
        if (state.identity) ui.identitySelect.value = String(state.identity.id);
        ui.identitySelect.focus();
      }
    });

    ui.sendBtn.addEventListener('click', sendFromComposer);
    ui.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        sendFromComposer();
      }
    });
    ui.input.addEventListener('input', autoGrow);

    ui.startBtn.addEventListener('click', () => sendText('/start'));
    ui.messages.addEventListener('click', (e) => {
      const command = e.target.closest('a.cmd');
      if (!command) return;
      e.preventDefault();
      sendText(command.dataset.command);
    });

    ui.kbToggle.addEventListener('click', () => {
      state.kbHidden = !state.kbHidden;
      ui.replyKb.hidden = state.kbHidden;
      ui.kbToggle.setAttribute('aria-pressed', String(!state.kbHidden));
    });

    ui.attachBtn.addEventListener('click', () => (ui.menu.hidden ? openMenu() : closeMenu(true)));
    ui.menu.addEventListener('click', (e) => {
      const item = e.target.closest('[data-action]');
      if (item) onMenuAction(item.dataset.action);
    });
    ui.menu.addEventListener('keydown', (e) => {
      const items = menuItems();
      const i = items.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') { e.preventDefault(); items[(i + 1) % items.length].focus(); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); items[(i - 1 + items.length) % items.length].focus(); }
      else if (e.key === 'Home') { e.preventDefault(); items[0].focus(); }
      else if (e.key === 'End') { e.preventDefault(); items[items.length - 1].focus(); }
      else if (e.key === 'Escape') { e.preventDefault(); closeMenu(true); }
      else if (e.key === 'Tab') closeMenu(false);
    });
    document.addEventListener('click', (e) => {
      if (!ui.menu.hidden && !ui.menu.contains(e.target) && !ui.attachBtn.contains(e.target)) closeMenu(false);
    });
    ui.fileInput.addEventListener('change', () => {
      const file = ui.fileInput.files && ui.fileInput.files[0];
      ui.fileInput.value = '';
      sendDocument(file);
      ui.input.focus();
    });

    ui.alertDialog.addEventListener('close', () => {
      const next = state.alertQueue.shift();
      if (next != null) setTimeout(() => showAlert(next), 50);
    });
  }

  async function init() {
    bind();
    state.identity = loadIdentity();
    buildIdentitySelect();
    applyLook(store.get(KEYS.look, 'telegram'));
    setStatus('در حال اتصال به شبیه‌ساز…', 'wait');
    try {
      const d = await api('GET', '/dialect', null, { timeoutMs: 3000 });
      if (d && typeof d.dialect === 'string') state.dialect = d.dialect;
    } catch (_) { /* optional endpoint */ }
    const bots = await loadBotsUntilAvailable();
    setBots(bots);
    setInterval(refreshBots, 15000);
  }

  // Small hook for tests and debugging in the browser console.
  window.hamyarWebchat = { state, renderRich };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
