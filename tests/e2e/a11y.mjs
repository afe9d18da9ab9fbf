// Accessibility audit of every screen the end-to-end tests visit: axe-core, injected through
// WebDriver script execution (the app's CSP forbids adding a script tag), checks the page against
// the WCAG 2.1 A and AA rules. `screenshot()` in app.mjs calls `auditScreen`, so every screen a
// test photographs is audited, in every display mode the issue names: 标准, 特大 and 关怀, each in
// Simplified Chinese and English. A violation fails the test and prints the screen, the mode, the
// rule and the elements, so whoever owns that screen can find it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The display modes each screen is audited in. */
export const MODES = [
  { lang: 'zh-CN', size: 'standard', care: false },
  { lang: 'zh-CN', size: 'largest', care: false },
  { lang: 'zh-CN', size: 'largest', care: true },
  { lang: 'en', size: 'standard', care: false },
  { lang: 'en', size: 'largest', care: false },
  { lang: 'en', size: 'largest', care: true },
];

const label = (m) => `${m.lang} ${m.care ? '关怀' : m.size === 'largest' ? '特大' : m.size === 'large' ? '大' : '标准'}`;

/** The display mode the page shows now (read from the root element the UI keeps up to date). */
async function currentMode(browser) {
  return browser.execute(() => {
    const root = document.documentElement;
    const pressed = document.querySelector('[data-testid^="size-"][aria-pressed="true"]');
    return {
      lang: root.lang,
      size: pressed ? pressed.getAttribute('data-testid').slice(5) : root.dataset.textSize,
      care: root.dataset.care === 'true',
    };
  });
}

/**
 * Switches the display mode through the header's own buttons (clicked from script, so neither
 * focus nor the idle timer moves) and waits until the page shows it. Returns false when this
 * page cannot show that mode (a kiosk that does not offer the language).
 */
async function setMode(browser, mode) {
  const ok = await browser.execute((m) => {
    const button = (id) => document.querySelector(`[data-testid="${id}"]`);
    if (!button(`lang-${m.lang}`)) return false;
    const root = document.documentElement;
    if (root.lang !== m.lang) button(`lang-${m.lang}`).click();
    const care = button('care-mode');
    if (!care) return !m.care;
    if ((care.getAttribute('aria-pressed') === 'true') !== m.care) care.click();
    if (!m.care) button(`size-${m.size}`)?.click();
    return true;
  }, mode);
  if (!ok) return false;
  await browser.waitUntil(
    () =>
      browser.execute((m) => {
        const root = document.documentElement;
        return root.lang === m.lang && root.dataset.care === String(m.care) && (m.care || root.dataset.textSize === m.size);
      }, mode),
    { timeout: 5_000, timeoutMsg: `the page did not switch to ${label(mode)}` },
  );
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  return true;
}

/** Runs axe on the page as it is; returns its WCAG 2.1 A/AA violations, trimmed for printing. */
export async function axeViolations(browser) {
  const injected = await browser.execute(() => typeof window.axe === 'object');
  if (!injected) await browser.execute(`${AXE_SOURCE}\n;window.axe = axe;`);
  const result = await browser.executeAsync((tags, done) => {
    window.axe
      .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      .then((r) =>
        done(
          r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html.slice(0, 200) })),
          })),
        ),
      )
      .catch((e) => done({ error: String(e) }));
  }, TAGS);
  if (result && result.error) throw new Error(`axe could not run: ${result.error}`);
  return [...result, ...(await headingProblems(browser))];
}

/**
 * Headings in order (WCAG 1.3.1, 2.4.6; axe checks this only as a best practice): the page has
 * an h1 in its main content, and no heading goes more than one level deeper than the one
 * before it (an h2 error summary above the h1 is the GOV.UK pattern and fine).
 */
async function headingProblems(browser) {
  return browser.execute(() => {
    const problems = [];
    const visible = (el) => el.getClientRects().length > 0;
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(visible);
    const describe = (el) => ({ target: el.dataset.testid ? `[data-testid="${el.dataset.testid}"]` : el.tagName.toLowerCase(), summary: '', html: el.outerHTML.slice(0, 200) });
    if (!document.querySelector('main') || ![...document.querySelectorAll('main h1')].some(visible)) {
      problems.push({ id: 'page-has-h1', impact: 'moderate', help: 'The main content must have a visible h1 (the page heading, focused on arrival)', helpUrl: 'https://www.w3.org/WAI/WCAG21/Understanding/headings-and-labels', nodes: [{ target: 'main', summary: '', html: '' }] });
    }
    const skipped = [];
    let previous = 0;
    for (const h of headings) {
      const level = Number(h.tagName[1]);
      if (previous && level > previous + 1) skipped.push(describe(h));
      previous = level;
    }
    if (skipped.length) {
      problems.push({ id: 'heading-order', impact: 'moderate', help: 'Heading levels should only go one deeper at a time', helpUrl: 'https://www.w3.org/WAI/WCAG21/Understanding/info-and-relationships', nodes: skipped });
    }
    return problems;
  });
}

/** One block per rule and set of elements, naming every mode it failed in. */
export function formatViolations(screen, found) {
  const groups = new Map();
  for (const { mode, violations } of found) {
    for (const v of violations) {
      const key = `${v.id} ${v.nodes.map((n) => n.target).join(',')}`;
      if (!groups.has(key)) groups.set(key, { v, modes: [] });
      groups.get(key).modes.push(mode);
    }
  }
  const lines = [];
  for (const { v, modes } of groups.values()) {
    lines.push(`  [${screen}] ${v.id} (${v.impact}) in ${modes.join(', ')}: ${v.help} — ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 8)) {
      lines.push(`      element ${n.target}: ${n.html}`);
      if (n.summary) lines.push(`        ${n.summary.replace(/\n/g, '\n        ')}`);
    }
    if (v.nodes.length > 8) lines.push(`      … and ${v.nodes.length - 8} more elements`);
  }
  return lines.join('\n');
}

/**
 * Runs one step of the audit; a WebDriver failure (not a violation) is rethrown naming the screen,
 * the step and the mode, and whether the page still answers a trivial script afterwards, so a
 * failure in CI tells a dead web process from a slow one.
 */
async function during(browser, screen, step, run) {
  try {
    return await run();
  } catch (e) {
    if (String(e?.message ?? e).startsWith('accessibility:')) throw e;
    const alive = await browser
      .execute(() => `${document.readyState}, ${location.pathname}`)
      .then((state) => `the page still answers (${state})`)
      .catch((again) => `the page no longer answers (${String(again?.message ?? again).split('\n')[0]})`);
    throw new Error(`accessibility audit of "${screen}" failed while ${step}: ${String(e?.message ?? e).split('\n')[0]}; ${alive}`, { cause: e });
  }
}

/**
 * Audits the screen on show: in the current mode, then (unless `sweep` is false, for screens
 * that a timer is about to change) in every mode of MODES, and back to the current one with the
 * scroll position kept. Throws with every violation found.
 * AA_A11Y_MODES=current audits the current mode only (quicker while developing a screen).
 */
export async function auditScreen(browser, screen, { sweep = true } = {}) {
  // Only the app's own pages: an official site's window is not ours to audit.
  // (AA_A11Y_ANY_PAGE=1 audits any page: the built UI served elsewhere with a stand-in shell.)
  const url = await browser.getUrl().catch(() => '');
  if (!/^(tauri:|https?:\/\/tauri\.localhost)/.test(url) && !process.env.AA_A11Y_ANY_PAGE) return;
  const start = await currentMode(browser);
  const found = [];
  const record = async (mode) => {
    const violations = await during(browser, screen, `running axe in ${label(mode)}`, () => axeViolations(browser));
    if (violations.length) found.push({ mode: label(mode), violations });
  };
  await record(start);
  if (sweep && process.env.AA_A11Y_MODES !== 'current') {
    const scroll = await browser.execute(() => [window.scrollX, window.scrollY]);
    // The sweep's own failure is the one to report: switching back after it may fail too (a
    // page that no longer answers), and that second failure is added to it, not put in its place.
    let sweepFailure;
    try {
      for (const mode of MODES) {
        if (mode.lang === start.lang && mode.care === start.care && (mode.care || mode.size === start.size)) continue;
        if (await during(browser, screen, `switching to ${label(mode)}`, () => setMode(browser, mode))) await record(mode);
      }
    } catch (e) {
      sweepFailure = e;
      throw e;
    } finally {
      try {
        // The text size first (关怀 mode hides it but keeps it for when it is switched off).
        await during(browser, screen, `switching back to ${label(start)}`, async () => {
          await setMode(browser, { ...start, care: false });
          if (start.care) await setMode(browser, start);
          await browser.execute((x, y) => window.scrollTo(x, y), scroll[0], scroll[1]);
        });
      } catch (restore) {
        if (!sweepFailure) throw restore;
        if (sweepFailure instanceof Error) sweepFailure.message += `; then ${String(restore?.message ?? restore).split('\n')[0]}`;
      }
    }
  }
  if (found.length) {
    const count = found.reduce((n, f) => n + f.violations.length, 0);
    const text = `accessibility: ${count} WCAG 2.1 A/AA violation(s) on screen "${screen}"\n${formatViolations(screen, found)}`;
    console.log(text);
    throw new Error(text);
  }
}
