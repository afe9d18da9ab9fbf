// The copy panel on a hall kiosk: the feedback draft opens the hall (an allowed host) with the
// panel beside it, at kiosk size (large text, 60 px targets). The applicant taps 复制 on a value,
// it is ticked off, and pasting it into the official page's field works; 结束办理 closes the
// official window and the panel and forgets the panel's values.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, screenshot, screenshotScreen, byTest, walkGuide, switchToWindowWhere, switchToPanel, waitForClipboard, typeFacts } from './app.mjs';
import { startPortals } from './simulator.mjs';

const ID = '11010519491231002X';
let sim;
let configPath;

before(async () => {
  sim = await startPortals();
  const hash = execFileSync(process.env.AA_APP_BIN, ['--hash-pin'], { input: '2468\n' }).toString().trim();
  const dir = join(process.env.AA_E2E_HOME, 'kiosk-panel-config');
  mkdirSync(dir, { recursive: true });
  configPath = join(dir, 'kiosk.toml');
  writeFileSync(
    configPath,
    ['hall_name = "测试市政务服务中心"', 'languages = ["zh-CN", "en"]', 'idle_timeout_seconds = 600', 'allowed_hosts = ["zwfw.nmpa.gov.cn", "*.cpta.com.cn", "*.jszg.edu.cn"]', hash].join('\n'),
  );
});
after(() => sim.close());

/** What the panel shows of one item: its toast and tick, for a failure's message. */
const panelState = (app, id) =>
  app.execute((id) => ({
    toast: document.querySelector('[data-testid="panel-toast"]')?.textContent ?? null,
    used: document.querySelector(`[data-testid="panel-item-${id}"]`)?.getAttribute('data-used') ?? null,
    focus: document.hasFocus(),
  }), id);

test('kiosk: the copy panel beside the official form, used by tapping', async () => {
  const app = await launch({ args: ['--kiosk-config', configPath] });
  try {
    await walkGuide(app, 'pharmacist', 'nmpa_already_exists', [['q_reach', 'no'], ['q_logged_in', 'guest']]);
    await (await byTest(app, 'open-feedback-a_form_guest')).click();
    await typeFacts(app, ID);
    await (await byTest(app, 'continue')).click();
    await (await byTest(app, 'feedback-draft')).waitForExist();
    const main = await app.getWindowHandle();
    await (await byTest(app, 'fill')).click();
    // The hall opens once the draft passes its checks: if it does not, say what the page said.
    await app.waitUntil(async () => app.$('[data-testid="feedback-sent"]').isExisting(), { timeout: 15_000 }).catch(async () => {
      throw new Error(`the draft did not go to the hall; the page says: ${await app.execute(() => document.querySelector('main')?.innerText)}`);
    });
    const official = await switchToWindowWhere(app, () => location.host === 'zwfw.nmpa.gov.cn' && !!document.querySelector('#app .top'), { skip: [main], what: 'the hall window' });
    const panel = await switchToPanel(app, { skip: [main, official] });
    // The panel's window is made hidden and shows once its values are drawn (its page's ui_ready):
    // well before the shell's fallback, which shows it 3 s after its page has loaded.
    await (await byTest(app, 'panel-value-consultant')).waitForExist();
    await app.waitUntil(async () => (await app.execute(() => document.visibilityState)) === 'visible', {
      timeout: 1500,
      timeoutMsg: 'the copy panel stayed hidden: it did not show when its values were drawn',
    });

    // Kiosk size: large text, 60 px targets.
    const look = await app.execute(() => ({
      font: parseFloat(getComputedStyle(document.body).fontSize),
      copy: document.querySelector('[data-testid="panel-copy-consultant"]').getBoundingClientRect().height,
      fill: document.querySelector('[data-testid="panel-fill"]').getBoundingClientRect().height,
    }));
    assert.ok(look.font >= 18, `panel text ${look.font}px`);
    assert.ok(look.copy >= 60 && look.fill >= 60, `targets ${look.copy}px / ${look.fill}px`);
    await screenshot(app, '66-kiosk-copy-panel');

    // Tap 复制 on 咨询人: on the clipboard, ticked off.
    await (await byTest(app, 'panel-copy-consultant')).click();
    await waitForClipboard(app, (text) => text === '王小明', { what: 'the tapped value is not on the clipboard', page: () => panelState(app, 'consultant') });
    assert.match(await (await byTest(app, 'panel-toast')).getText(), /已复制“咨询人”/);
    assert.equal(await (await byTest(app, 'panel-item-consultant')).getAttribute('data-used'), 'true');
    await screenshot(app, '67-kiosk-copy-panel-used');

    // Paste it into the official form by hand.
    await app.switchToWindow(official);
    await app.$('#nav-contact').click();
    await app.$('#open-feedback').click();
    const field = await app.$('.el-dialog input[placeholder="咨询人"]');
    await field.waitForDisplayed();
    await field.click();
    await app.keys(['Control', 'v']);
    await app.waitUntil(async () => (await app.execute(() => window.hall.form.zxr)) === '王小明', {
      timeout: 5000,
      timeoutMsg: 'the pasted value did not reach the form',
    });
    await screenshot(app, '68-kiosk-official-pasted');
    await screenshotScreen(app, '69-kiosk-screen-official-and-panel');

    // 结束办理: the official window and the panel go, and the panel forgets.
    await app.switchToWindow(main);
    await (await byTest(app, 'kiosk-end')).click();
    await app.waitUntil(async () => (await app.getWindowHandles()).length === 1, { timeout: 10_000, timeoutMsg: 'windows left after the session' });
    assert.ok(panel);
    // The wipe clears the clipboard after it has closed the windows and cleared their data.
    await waitForClipboard(app, (text) => text === '', { timeout: 15_000, what: 'the clipboard is not cleared' });
  } finally {
    await app.deleteSession();
  }
});
