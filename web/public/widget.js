/*!
 * Openlines website chat — embed script.
 *
 *   <script src="https://YOUR-OPENLINES-HOST/widget.js" data-channel="CHANNEL-KEY" async></script>
 *
 * The launcher's colour and side come from the chat's settings in the admin; the optional attributes
 * data-color="#4352d6" and data-position="left" (or "right") override them on one page.
 * Adds a floating chat button; the chat itself runs in an iframe served by the same host as this
 * script, so no request from the host page ever carries the visitor's token. Plain ES2017, no build.
 * Page scripts may call window.OpenlinesWidget.open() / .close() / .toggle().
 */
(function () {
  'use strict';

  var script =
    document.currentScript ||
    (function () {
      var candidates = document.querySelectorAll('script[data-channel][src*="widget.js"]');
      return candidates[candidates.length - 1] || null;
    })();
  if (!script) return;

  var channel = script.getAttribute('data-channel') || '';
  if (!/^[a-z0-9][a-z0-9-]{2,63}$/.test(channel)) {
    console.error('Openlines widget: data-channel must be the chat\'s key (3–64 lowercase letters, digits or dashes); got "' + channel + '".');
    return;
  }
  var origin = new URL(script.src, window.location.href).origin;
  var hostId = 'openlines-widget-' + channel;
  if (document.getElementById(hostId)) return;

  // The channel's settings (colour, position) come from the server; the page's own attributes win.
  var pageColor = script.getAttribute('data-color') || '';
  var pagePosition = script.getAttribute('data-position');
  var color = '#4352d6';
  var side = 'right';
  function applyAppearance(appearance) {
    var chosen = /^#[0-9a-fA-F]{6}$/.test(pageColor) ? pageColor : appearance.color;
    if (chosen && /^#[0-9a-fA-F]{6}$/.test(chosen)) color = chosen;
    if (pagePosition === 'left' || pagePosition === 'right') side = pagePosition;
    else side = appearance.position === 'bottom-left' ? 'left' : 'right';
  }
  var storageKey = 'openlines.widget.' + channel + '.open';

  function remember(open) {
    try {
      window.localStorage.setItem(storageKey, open ? '1' : '0');
    } catch (e) {
      /* Storage may be unavailable; the chat then starts closed on each page. */
    }
  }

  function wasOpen() {
    try {
      return window.localStorage.getItem(storageKey) === '1';
    } catch (e) {
      return false;
    }
  }

  function buildCss() {
    return ':host{all:initial}' +
    '*{box-sizing:border-box}' +
    '.launcher{position:fixed;bottom:20px;' + side + ':20px;z-index:2147483000;width:60px;height:60px;border:0;border-radius:50%;' +
    'background:' + color + ';color:#fff;cursor:pointer;display:grid;place-items:center;padding:0;' +
    'box-shadow:0 6px 20px rgba(16,24,40,.22),0 2px 6px rgba(16,24,40,.12);transition:transform .15s ease,box-shadow .15s ease}' +
    '.launcher:hover{transform:scale(1.06);box-shadow:0 8px 26px rgba(16,24,40,.26),0 2px 6px rgba(16,24,40,.12)}' +
    '.launcher:focus-visible{outline:3px solid ' + color + ';outline-offset:3px}' +
    '.launcher svg{width:28px;height:28px;transition:transform .2s ease,opacity .2s ease}' +
    '.launcher .icon-close{position:absolute;opacity:0;transform:rotate(-90deg)}' +
    '.launcher[aria-expanded="true"] .icon-chat{opacity:0;transform:rotate(90deg)}' +
    '.launcher[aria-expanded="true"] .icon-close{opacity:1;transform:none}' +
    '.badge{position:absolute;top:-2px;' + (side === 'left' ? 'left' : 'right') + ':-2px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;' +
    'background:#e5484d;color:#fff;font:700 12px/22px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:center;' +
    'box-shadow:0 0 0 2px #fff}' +
    '.badge[hidden]{display:none}' +
    '.panel{position:fixed;bottom:92px;' + side + ':20px;z-index:2147483000;width:380px;height:min(640px,calc(100vh - 112px));' +
    'border-radius:16px;overflow:hidden;background:#fff;box-shadow:0 16px 48px rgba(16,24,40,.24),0 4px 12px rgba(16,24,40,.12);' +
    'opacity:0;visibility:hidden;transform:translateY(12px) scale(.98);transform-origin:bottom ' + side + ';' +
    'transition:opacity .18s ease,transform .18s ease,visibility 0s linear .18s}' +
    '.panel[data-open="true"]{opacity:1;visibility:visible;transform:none;transition:opacity .18s ease,transform .18s ease}' +
    '.panel iframe{display:block;width:100%;height:100%;border:0}' +
    '@media (max-width:480px){.panel{inset:0;width:auto;height:auto;border-radius:0}' +
    '.panel[data-open="true"]~.launcher{display:none}}' +
    '@media (prefers-reduced-motion:reduce){.launcher,.launcher svg,.panel{transition:none}}';
  }

  var chatIcon =
    '<svg class="icon-chat" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">' +
    '<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z"/></svg>';
  var closeIcon =
    '<svg class="icon-close" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" aria-hidden="true" focusable="false">' +
    '<path d="M18 6 6 18"/><path d="m6 6 12 12"/></svg>';

  var host, panel, launcher, badge, iframe;
  var isOpen = false;
  var unread = 0;

  function updateLauncher() {
    launcher.setAttribute('aria-expanded', isOpen ? 'true' : 'false');
    var label = isOpen ? 'Close chat' : 'Open chat';
    if (!isOpen && unread > 0) label += ', ' + unread + (unread === 1 ? ' new message' : ' new messages');
    launcher.setAttribute('aria-label', label);
    badge.hidden = isOpen || unread === 0;
    badge.textContent = unread > 9 ? '9+' : String(unread);
  }

  function ensureFrame() {
    if (iframe) return;
    iframe = document.createElement('iframe');
    iframe.src = origin + '/widget/' + encodeURIComponent(channel);
    iframe.title = 'Chat with us';
    iframe.setAttribute('allow', 'clipboard-write');
    panel.appendChild(iframe);
  }

  function open(moveFocus) {
    ensureFrame();
    isOpen = true;
    unread = 0;
    panel.setAttribute('data-open', 'true');
    panel.removeAttribute('aria-hidden');
    updateLauncher();
    remember(true);
    // Move keyboard focus into the chat so typing goes there (not when restoring on page load).
    if (moveFocus !== false) {
      window.setTimeout(function () {
        if (isOpen && iframe) iframe.focus();
      }, 50);
    }
  }

  function close(returnFocus) {
    if (!isOpen) return;
    isOpen = false;
    panel.setAttribute('data-open', 'false');
    panel.setAttribute('aria-hidden', 'true');
    updateLauncher();
    remember(false);
    if (returnFocus !== false) launcher.focus();
  }

  function toggle() {
    if (isOpen) close();
    else open();
  }

  function mount() {
    host = document.createElement('div');
    host.id = hostId;
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    var style = document.createElement('style');
    style.textContent = buildCss();
    root.appendChild(style);

    panel = document.createElement('div');
    panel.className = 'panel';
    panel.id = 'openlines-panel';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', 'Chat');
    panel.setAttribute('aria-hidden', 'true');
    panel.setAttribute('data-open', 'false');
    root.appendChild(panel);

    launcher = document.createElement('button');
    launcher.type = 'button';
    launcher.className = 'launcher';
    launcher.setAttribute('aria-controls', 'openlines-panel');
    launcher.innerHTML = chatIcon + closeIcon;
    badge = document.createElement('span');
    badge.className = 'badge';
    badge.setAttribute('aria-hidden', 'true');
    badge.hidden = true;
    launcher.appendChild(badge);
    launcher.addEventListener('click', toggle);
    root.appendChild(launcher);

    document.body.appendChild(host);
    updateLauncher();

    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && isOpen) close();
    });

    window.addEventListener('message', function (event) {
      if (event.origin !== origin || !iframe || event.source !== iframe.contentWindow) return;
      var data = event.data || {};
      if (data.type === 'openlines:close') close();
      else if (data.type === 'openlines:incoming' && !isOpen) {
        unread += 1;
        updateLauncher();
      }
    });

    if (wasOpen()) open(false);
  }

  window.OpenlinesWidget = {
    open: function () {
      if (launcher) open(true);
    },
    close: function () {
      if (launcher) close(false);
    },
    toggle: function () {
      if (launcher) toggle();
    },
  };

  function mountWhenReady() {
    if (document.body) mount();
    else document.addEventListener('DOMContentLoaded', mount);
  }

  // A site outside the chat's allowed origins (or a removed chat) is refused: no launcher, and the
  // reason in the console. An unreachable server still gets the launcher; the chat says it retries.
  fetch(origin + '/api/widget/' + encodeURIComponent(channel) + '/appearance', { credentials: 'omit' }).then(
    function (response) {
      return response.json().then(
        function (body) {
          if (response.ok) {
            applyAppearance(body);
            mountWhenReady();
          } else {
            var message = body && body.error && body.error.message;
            console.error('Openlines widget: ' + (message || 'the chat server answered ' + response.status));
          }
        },
        function () {
          mountWhenReady();
        },
      );
    },
    function () {
      mountWhenReady();
    },
  );
})();
