// The kiosk bar in official-site windows (issue 19): 返回申请助手 and 结束办理 on top of the page,
// the idle countdown the shell shows there, no print dialog, no file chooser. Injected by
// kiosk_windows.rs into the main frame of every page; the shell prepends `const AA_BAR = {...}`
// (the texts in the applicant's language, and the address its buttons "navigate" to: the shell
// refuses that navigation and acts on it, so the window keeps no IPC at all).
(() => {
  if (window.top !== window || window.__aaKioskBar) return;
  window.__aaKioskBar = true;
  const cfg = AA_BAR;
  const send = (what) => {
    try {
      window.location.href = cfg.base + what;
    } catch {
      /* the shell never lets it load */
    }
  };

  // Prints go to the hall's printer from the app, never to a print dialog.
  try {
    Object.defineProperty(window, 'print', { value: () => {}, writable: false, configurable: false });
  } catch {
    window.print = () => {};
  }
  // No file chooser (WebKitGTK refuses it natively too; this covers the other systems).
  document.addEventListener(
    'click',
    (e) => {
      const t = e.target;
      if (t instanceof Element && t.closest('input[type=file]')) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true,
  );

  // Where the shell cannot see input itself, real input (not a script's) is reported, at most
  // every 5 s.
  if (cfg.reportActivity) {
    let last = 0;
    for (const type of ['pointerdown', 'keydown', 'touchstart', 'wheel']) {
      window.addEventListener(
        type,
        (e) => {
          if (!e.isTrusted) return;
          const now = Date.now();
          if (now - last > 5000) {
            last = now;
            send('activity');
          }
        },
        { capture: true, passive: true },
      );
    }
  }

  const HEIGHT = 76;
  let host = null;
  let countEl = null;

  function mount() {
    if (host && host.isConnected) return;
    host = document.createElement('div');
    host.setAttribute('data-aa-kiosk-bar', '');
    host.style.cssText = `all: initial; position: fixed; z-index: 2147483647; left: 0; right: 0; top: 0; height: ${HEIGHT}px; display: block;`;
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = `
      .bar { box-sizing: border-box; height: ${HEIGHT}px; display: flex; align-items: center; gap: 16px; padding: 6px 16px;
             background: #0b0c0c; color: #fff; font: 700 22px/1.2 "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; }
      button { min-height: 64px; min-width: 64px; padding: 0 24px; font: inherit; border-radius: 4px; cursor: pointer; border: 3px solid #fff; }
      .back { background: #fff; color: #0b0c0c; }
      .end { background: #ffdd00; color: #0b0c0c; border-color: #ffdd00; margin-left: auto; }
      button:focus { outline: 4px solid #ffdd00; outline-offset: 2px; }
      .title { font-weight: 400; font-size: 18px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
      .count { background: #d4351c; padding: 8px 14px; border-radius: 4px; white-space: nowrap; }
      .count[hidden] { display: none; }`;
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.setAttribute('role', 'toolbar');
    const back = document.createElement('button');
    back.className = 'back';
    back.type = 'button';
    back.textContent = cfg.back;
    back.addEventListener('click', () => send('back'));
    const title = document.createElement('span');
    title.className = 'title';
    title.textContent = cfg.title;
    countEl = document.createElement('span');
    countEl.className = 'count';
    countEl.setAttribute('role', 'alert');
    countEl.hidden = true;
    const end = document.createElement('button');
    end.className = 'end';
    end.type = 'button';
    end.textContent = cfg.end;
    end.addEventListener('click', () => send('end'));
    bar.append(back, title, countEl, end);
    root.append(style, bar);
    document.documentElement.appendChild(host);
    // The page starts below the bar.
    document.documentElement.style.setProperty('margin-top', `${HEIGHT}px`, 'important');
  }

  // The shell shows the idle countdown here too (seconds left, or null to hide it).
  window.__aaKioskCountdown = (n) => {
    mount();
    if (!countEl) return;
    countEl.hidden = n === null;
    if (n !== null) countEl.textContent = cfg.countdown.replace('{n}', String(n));
  };

  if (document.documentElement) mount();
  document.addEventListener('DOMContentLoaded', mount);
  // A single-page app that rebuilds the document must not lose the bar.
  new MutationObserver(() => mount()).observe(document, { childList: true, subtree: true });
})();
