// The login helper: from 我的账号, 在官网登录 opens the teacher site's login page (its real
// address, over HTTPS in the run's namespace) with the copy panel beside it. 替我填入账号和密码
// types the login and the password into the page — the password goes from the keychain straight
// into the page, never into the app's windows — and leaves the slider check and the login button
// to the applicant. Copying the password from the panel clears the clipboard again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, screenshotScreen, byTest, switchToWindowWhere, switchToPanel, waitForClipboard, typeText } from './app.mjs';
import { startPortals } from './simulator.mjs';

const ID = '11010519491231002X';
const PASSWORD = 'Jszg#口令-2468"</script>';
let sim;

before(async () => {
  sim = await startPortals();
});
after(() => sim.close());

test('login helper: login and password typed into the portal, never the slider', async () => {
  const app = await launch();
  try {
    await (await byTest(app, 'nav-accounts')).click();
    await (await byTest(app, 'add-account')).click();
    await (await byTest(app, 'option-jszg')).click();
    await (await byTest(app, 'acc-login')).setValue(ID);
    await typeText(await byTest(app, 'acc-password'), PASSWORD);
    await (await byTest(app, 'save-account')).click();
    await (await byTest(app, 'account')).waitForExist();
    const main = await app.getWindowHandle();

    await (await byTest(app, 'login')).click();
    const official = await switchToWindowWhere(app, () => location.host === 'sso1.jszg.edu.cn', { skip: [main], what: 'the login page' });
    assert.match(await app.getUrl(), /^https:\/\/sso1\.jszg\.edu\.cn\/sso\/login\.html/);
    await switchToPanel(app, { skip: [main, official] });
    assert.equal(await (await byTest(app, 'panel-value-username')).getText(), ID);
    assert.match(await (await byTest(app, 'panel-item-password')).getText(), /••••••••/);
    assert.match(await (await byTest(app, 'panel-item-slider')).getText(), /由你自己/);
    await screenshot(app, '105-login-panel');

    await (await byTest(app, 'panel-login')).click();
    await app.$('[data-testid="panel-result"][data-result="done"]').waitForExist({ timeout: 15_000 });
    assert.match(await (await byTest(app, 'panel-result')).getText(), /填好了 2 项（共 2 项）.*自己完成验证/);
    const inPanel = await app.execute(() => document.documentElement.outerHTML);
    assert.ok(!inPanel.includes(PASSWORD.slice(0, 8)), 'the panel never holds the password');
    await screenshot(app, '106-login-panel-done');

    await app.switchToWindow(official);
    const page = await app.execute(() => ({
      user: document.querySelector('input:not([type="password"])').value,
      password: document.querySelector('input[type="password"]').value,
      slider: document.getElementById('slider').getAttribute('data-verified'),
      button: document.getElementById('login').disabled,
    }));
    assert.deepEqual(page, { user: ID, password: PASSWORD, slider: 'false', button: true });
    await screenshot(app, '107-login-official-typed');
    await screenshotScreen(app, '108-login-screen');

    await app.switchToWindow(main);
    const inMain = await app.execute(() => document.documentElement.outerHTML);
    assert.ok(!inMain.includes(PASSWORD.slice(0, 8)), 'the main window never holds the password');

    // Copy from the panel: from the keychain to the clipboard, cleared again (3 s in these tests).
    await switchToPanel(app, { skip: [main, official] });
    await (await byTest(app, 'panel-copy-password')).click();
    await waitForClipboard(app, (text) => text === PASSWORD, { what: 'the password is not on the clipboard' });
    assert.match(await (await byTest(app, 'panel-toast')).getText(), /3 秒后/);
    await waitForClipboard(app, (text) => text !== PASSWORD, { timeout: 10_000, what: 'the clipboard is not cleared' });
    assert.equal(await (await byTest(app, 'panel-item-password')).getAttribute('data-used'), 'true');
  } finally {
    await app.deleteSession();
  }
});
