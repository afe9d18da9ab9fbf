// Shared helpers: start the real app through tauri-driver, wait for its first screen, screenshot.
import { remote } from 'webdriverio';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { auditScreen } from './a11y.mjs';

/** Pids of running app processes (the binary under test). */
function appPids() {
  try {
    return execFileSync('pgrep', ['-f', `^${process.env.AA_APP_BIN}`]).toString().trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Waits until the previous app instance has fully exited, so sessions never overlap. */
async function waitForAppExit(timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (appPids().length > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  // A kiosk never quits when its last window goes (only the admin's exit ends it), so a test that
  // ended without that leaves it running; a second app would then hand over to it and exit
  // (single instance). Sessions must never overlap: what is left is killed.
  const left = appPids();
  if (left.length > 0) {
    console.log(`# killing app processes left by the previous test: ${left.join(' ')}`);
    for (const pid of left) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const killEnd = Date.now() + 5_000;
    while (appPids().length > 0 && Date.now() < killEnd) await new Promise((r) => setTimeout(r, 100));
  }
}

function newSession(args, timeout, port) {
  return remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    connectionRetryTimeout: timeout,
    connectionRetryCount: 0,
    capabilities: {
      browserName: 'wry',
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: process.env.AA_APP_BIN, args },
    },
  });
}

/**
 * A WebDriver session on the app, through the run's tauri-driver or the one on `port` (a test
 * that needs the app started with another environment runs a driver of its own). No two apps
 * ever run at once.
 */
export async function startSession({ args = [], port = Number(process.env.AA_DRIVER_PORT) } = {}) {
  await waitForAppExit();
  try {
    return await newSession(args, 90_000, port);
  } catch (err) {
    // Rarely (a loaded machine, the previous instance still leaving the session bus) the new app
    // hands over to a dying one and exits, and WebKitWebDriver waits for a window that never
    // comes. Clear what is left and start once more; a second failure is the test's.
    console.log(`# the app did not come up (${err.message}); starting it once more`);
    await waitForAppExit(0);
    await new Promise((r) => setTimeout(r, 2_000));
    return newSession(args, 120_000, port);
  }
}

export async function launch({ args = [] } = {}) {
  const browser = await startSession({ args });
  // The UI sets data-ready once preferences are loaded and it has told the shell it is ready.
  try {
    await browser.$('main[data-ready="true"]').waitForExist({ timeout: 30_000 });
    // The window is made hidden and shows when its first screen is ready (the shell's ui_ready),
    // well before the shell's fallback, which shows it 3 s after its page has loaded.
    await browser.waitUntil(async () => (await browser.execute(() => document.visibilityState)) === 'visible', {
      timeout: 1500,
      timeoutMsg: 'the window stayed hidden: it did not show when its first screen was ready',
    });
    // The offline banner appears at the top once the portals' status is known and moves the page
    // down; a click aimed before that could land on the wrong control.
    await browser.$('main[data-status="known"]').waitForExist({ timeout: 15_000 });
  } catch (err) {
    const source = await browser.getPageSource().catch(() => '(no page source)');
    await browser.deleteSession().catch(() => {});
    throw new Error(`the app never showed its first screen: ${err.message}\n${source.slice(0, 2000)}`);
  }
  return browser;
}

/**
 * Saves a screenshot of the window, then audits the screen's accessibility (a11y.mjs) in every
 * display mode; a violation fails the test. `{ sweep: false }` audits the current mode only, for
 * a screen that a running timer is about to change (the kiosk's idle countdown).
 */
export async function screenshot(browser, name, { sweep = true } = {}) {
  // Let the page paint what the test just did: two animation frames, then a short settle.
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.pause(300);
  const path = join(process.env.AA_SCREENSHOTS, `${name}.png`);
  await whilePaintMarkChanges(browser, () => browser.saveScreenshot(path));
  await auditScreen(browser, name, { sweep });
  return path;
}

/**
 * Runs `action` (a WebDriver screenshot) while a 1-pixel, fully transparent mark in the page's
 * corner changes colour every 50 ms, then removes the mark.
 *
 * WebKitGTK answers Take Screenshot only after the page's next presentation
 * (WebAutomationSession::takeScreenshot waits in callAfterNextPresentationUpdate). With GL
 * compositing the page process draws a frame on request (LayerTreeHost::ensureDrawing). Without
 * it, as the app's own windows draw, the page process answers only from a paint that has
 * something dirty to draw: DrawingAreaCoordinatedGraphics::display() returns before it releases
 * the waiting screenshot when nothing changed (WebKitGTK 2.50,
 * WebProcess/WebPage/CoordinatedGraphics/DrawingAreaCoordinatedGraphics.cpp). So a screenshot of
 * a page at rest waited for the page's next change, which on a static screen never came (CI: the
 * copy panel, the kiosk after its wipe; 120 s and the file failed). The mark's changes are such
 * changes: each repaints that one pixel, identical on screen. The screenshot is still what the
 * window holds (WebKit copies the UI process's backing store), so a page that failed to repaint
 * its content still shows it.
 */
async function whilePaintMarkChanges(browser, action) {
  await browser.execute(() => {
    const mark = document.createElement('div');
    mark.id = 'aa-e2e-paint-mark';
    mark.setAttribute('aria-hidden', 'true');
    mark.style.cssText =
      'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;z-index:2147483647;background:rgba(0,0,0,0)';
    document.documentElement.appendChild(mark);
    let odd = false;
    window.__aaPaintMark = setInterval(() => {
      odd = !odd;
      mark.style.background = odd ? 'rgba(255,255,255,0)' : 'rgba(0,0,0,0)';
    }, 50);
  });
  try {
    return await action();
  } finally {
    await browser.execute(() => {
      clearInterval(window.__aaPaintMark);
      document.getElementById('aa-e2e-paint-mark')?.remove();
    });
  }
}

/**
 * The whole virtual screen (every window as laid out: an official window with the copy panel
 * beside it), through ImageMagick's `import`.
 */
export async function screenshotScreen(browser, name) {
  await browser.pause(400);
  const path = join(process.env.AA_SCREENSHOTS, `${name}.png`);
  execFileSync('import', ['-window', 'root', path], { timeout: 10_000 });
  return path;
}

export const byTest = (browser, id) => browser.$(`[data-testid="${id}"]`);

export async function heading(browser) {
  return (await browser.$('main h1')).getText();
}

/** From the home screen: choose a role and a topic, arrive at the guide. */
export async function openTopic(browser, role, topicId) {
  await (await byTest(browser, `option-${role}`)).click();
  await (await byTest(browser, 'continue')).click();
  await browser.$('[data-testid="topics"]').waitForExist();
  await (await byTest(browser, `option-${topicId}`)).click();
  await (await byTest(browser, 'continue')).click();
  await browser.$(`[data-testid="guide"][data-flow="${topicId}"]`).waitForExist();
}

/**
 * From the home screen: opens a guide, starts it again if an earlier test finished it, answers
 * `answers` ([question node, option id] pairs) in order and waits for the plan.
 */
export async function walkGuide(browser, role, topicId, answers) {
  await openTopic(browser, role, topicId);
  await browser.$('[data-testid="plan"], [data-testid="guide-question"]').waitForExist();
  if (await (await byTest(browser, 'plan')).isExisting()) await (await byTest(browser, 'restart')).click();
  for (const [node, option] of answers) {
    await waitForNode(browser, node);
    await (await byTest(browser, `option-${option}`)).click();
    await (await byTest(browser, 'continue')).click();
  }
  await waitForNode(browser, 'plan');
}

/** Waits for the guide to show question `node` (or the plan when node is 'plan'). */
export async function waitForNode(browser, node) {
  const sel = node === 'plan' ? '[data-testid="plan"]' : `[data-testid="guide-question"][data-node="${node}"]`;
  await browser.$(sel).waitForExist({ timeout: 10_000 });
}

/**
 * Every file under `dir` that holds any of `needles` (Buffers). Returns the hits as
 * "path holds needle" and how many files were read, so tests can print what they scanned.
 */
export function scanFiles(dir, needles) {
  const found = [];
  let files = 0;
  const walk = (d) => {
    let names = [];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        files++;
        const bytes = readFileSync(p);
        for (const n of needles) if (bytes.includes(n)) found.push(`${p} holds ${n}`);
      }
    }
  };
  walk(dir);
  return { found, files };
}

/**
 * Waits until some window other than `skip` satisfies `test` (run inside that window), switches
 * to it and returns its handle. Windows being created or torn down are tried again.
 */
export async function switchToWindowWhere(browser, test, { skip = [], timeout = 15_000, what = 'the window' } = {}) {
  let found;
  await browser.waitUntil(
    async () => {
      for (const h of await browser.getWindowHandles()) {
        if (skip.includes(h)) continue;
        try {
          await browser.switchToWindow(h);
          if (await browser.execute(test)) {
            found = h;
            return true;
          }
        } catch {
          // A window being replaced: try again.
        }
      }
      return false;
    },
    { timeout, interval: 300, timeoutMsg: `${what} did not appear` },
  ).catch(async (err) => {
    // Say which windows there were, to tell "never opened" from "opened somewhere else".
    const seen = [];
    for (const h of await browser.getWindowHandles().catch(() => [])) {
      try {
        await browser.switchToWindow(h);
        seen.push(`${await browser.getUrl()} «${await browser.getTitle()}»`);
      } catch (e) {
        seen.push(`(${e.message})`);
      }
    }
    err.message += `; windows: ${seen.join(' | ')}`;
    throw err;
  });
  return found;
}

/** The copy panel's window (the app's page in panel mode). */
export function switchToPanel(browser, opts = {}) {
  return switchToWindowWhere(browser, () => document.querySelector('[data-testid="copy-panel"]') !== null, { what: 'the copy panel', ...opts });
}

/**
 * Types `text` into a field and makes sure all of it arrived. WebKitWebDriver types each
 * character as a key event of its own, and under load it has dropped the last Chinese ones
 * ('王小明' arrived as '王小' in a field nothing else touched): the driver, not the app. So the
 * field is read back, and typed again when it does not hold the whole text. Use it for Chinese
 * and other free text whose value the page does not reformat.
 */
export async function typeText(el, text) {
  let held = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    await el.setValue(text); // clears the field first
    try {
      await el.waitUntil(async () => (held = await el.getValue()) === text, { timeout: 2000, interval: 100 });
      return;
    } catch {
      // Typed short: type it again.
    }
  }
  throw new Error(`typing ${JSON.stringify(text)} left ${JSON.stringify(held)} in the field three times`);
}

/** The applicant's facts on the feedback form's first page (each field read back, as `typeText`). */
export async function typeFacts(browser, idNumber) {
  await typeText(await byTest(browser, 'facts-name'), '王小明');
  await typeText(await byTest(browser, 'facts-id'), idNumber);
  await typeText(await byTest(browser, 'facts-mobile'), '13800138000');
  await typeText(await byTest(browser, 'facts-email'), 'wang@example.com');
}

/**
 * What the clipboard (X11 CLIPBOARD) holds now: its text, and why xclip could not read it if it could not (an
 * empty clipboard, or an owner that did not answer in time).
 */
export function readClipboard() {
  try {
    const text = execFileSync('xclip', ['-o', '-selection', 'clipboard'], { timeout: 3000, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    return { text, error: null, answered: true };
  } catch (e) {
    const timedOut = e.code === 'ETIMEDOUT' || e.signal === 'SIGTERM';
    const why = timedOut ? 'xclip timed out: the owner did not answer' : e.stderr?.toString().trim() || e.message;
    return { text: '', error: why, answered: !timedOut };
  }
}

/**
 * Waits until the clipboard's text passes `ok` (a read the owner did not answer never passes:
 * an unanswered clipboard is not an empty one). On timeout the error says what the clipboard
 * held (or why it could not be read) and, through `page()`, what the page showed, so a failure
 * tells a copy that never happened from a clipboard that did not answer.
 */
export async function waitForClipboard(browser, ok, { timeout = 5000, what, page } = {}) {
  let last = { text: '', error: 'never read', answered: false };
  try {
    await browser.waitUntil(async () => (last = readClipboard()).answered && ok(last.text), { timeout, interval: 250 });
  } catch {
    const shown = page ? await page().then((v) => JSON.stringify(v)).catch((e) => `unreadable (${e.message})`) : '';
    const held = `${JSON.stringify(last.text)}${last.error ? ` (${last.error})` : ''}`;
    throw new Error(`${what}: after ${timeout} ms the clipboard held ${held}${shown ? `; the page showed ${shown}` : ''}`);
  }
}

/**
 * True when none of `values` shows up anywhere in the current page: its markup, every input's
 * value, and the app's own page globals (the fill's watcher holds labels only).
 */
export async function pageHoldsNone(browser, values) {
  const found = await browser.execute((vals) => {
    const inputs = Array.from(document.querySelectorAll('input, textarea')).map((i) => i.value).join('\n');
    const own = Object.getOwnPropertyNames(window)
      .filter((n) => n.startsWith('__aa'))
      .map((n) => {
        try {
          return JSON.stringify(window[n]);
        } catch {
          return '';
        }
      })
      .join('\n');
    const all = `${document.documentElement.outerHTML}\n${inputs}\n${own}`;
    return vals.filter((v) => all.includes(v));
  }, values);
  return found;
}
