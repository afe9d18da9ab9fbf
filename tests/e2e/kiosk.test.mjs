// Kiosk mode end to end: a hall machine with a short idle timeout. One applicant checks an ID
// number, stores a password and opens an official site (a simulator on 127.0.0.1); a host that
// is not allowed is refused; "结束办理 / 下一位" wipes it all, and a scan of every directory the
// app could have written finds neither the ID number nor the password. Then the idle countdown
// ends a session by itself, and the admin PIN is rate limited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, screenshot, byTest, openTopic, scanFiles } from './app.mjs';

const ID = '11010519491231002X';
const PASSWORD = 'Kiosk#口令-7731';
let server;
let port;
let configPath;

before(() => {
  // The official-site simulator: a page that keeps what it is given in a cookie and storage.
  server = createServer((req, res) => {
    res.setHeader('Set-Cookie', `applicant=${encodeURIComponent(ID)}; Path=/`);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>模拟官网</title><h1>模拟官方网站</h1><script>localStorage.setItem('id', ${JSON.stringify(ID)})</script>`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      port = server.address().port;
      const hash = execFileSync(process.env.AA_APP_BIN, ['--hash-pin'], { input: '2468\n' }).toString().trim();
      const dir = join(process.env.AA_E2E_HOME, 'kiosk-config');
      mkdirSync(dir, { recursive: true });
      configPath = join(dir, 'kiosk.toml');
      writeFileSync(
        configPath,
        ['hall_name = "测试市政务服务中心"', 'languages = ["zh-CN", "en"]', 'idle_timeout_seconds = 12', 'allowed_hosts = ["127.0.0.1"]', hash].join('\n'),
      );
      resolve();
    }),
  );
});
after(() => server.close());

test('one applicant, then nothing of them is left', async () => {
  const app = await launch({ args: ['--kiosk-config', configPath] });
  try {
    assert.match(await (await byTest(app, 'hall-name')).getText(), /测试市政务服务中心/);
    assert.equal(await app.$$('[data-testid="lang-zh-TW"]').length, 0, 'only the configured languages');
    const fontSize = await app.execute(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert.ok(fontSize >= 18, `body text ${fontSize}px`);
    const { height } = await (await byTest(app, 'continue')).getSize();
    assert.ok(height >= 60, `touch target ${height}px`);
    await screenshot(app, '60-kiosk-home');

    await openTopic(app, 'teacher', 'jszg_real_name');
    await (await byTest(app, 'id-number')).setValue(ID);
    await (await byTest(app, 'id-ok')).waitForExist();

    await (await byTest(app, 'nav-accounts')).click();
    assert.match(await (await byTest(app, 'vault-mode')).getText(), /公共办事终端/);
    await (await byTest(app, 'add-account')).click();
    await (await byTest(app, 'option-jszg')).click();
    await (await byTest(app, 'acc-login')).setValue(ID);
    await (await byTest(app, 'acc-password')).setValue(PASSWORD);
    await (await byTest(app, 'save-account')).click();
    await (await byTest(app, 'account')).waitForExist();

    // An allowed official host opens in the kiosk's own window; another host is refused.
    const handles = await app.getWindowHandles();
    await app.execute((url) => (window.location.href = url), `http://127.0.0.1:${port}/form`);
    await app.waitUntil(async () => (await app.getWindowHandles()).length === handles.length + 1, {
      timeout: 10_000,
      timeoutMsg: 'the official-site window did not open',
    });
    await app.execute(() => (window.location.href = 'https://www.baidu.com/'));
    await app.pause(800);
    assert.equal((await app.getWindowHandles()).length, handles.length + 1, 'no window for a host that is not allowed');
    assert.match(await app.getUrl(), /^(tauri:\/\/localhost|http:\/\/tauri\.localhost)/);
    await screenshot(app, '61-kiosk-before-end');
    // The scan can see the session's traces: the simulator's cookie holds the ID number on disk.
    await app.waitUntil(async () => scanFiles(process.env.AA_E2E_HOME, [Buffer.from(ID)]).found.length > 0, {
      timeout: 10_000,
      timeoutMsg: 'the session left no trace to find before it ended: the scan proves nothing',
    });

    await (await byTest(app, 'kiosk-end')).click();
    await app.waitUntil(async () => (await app.getWindowHandles()).length === handles.length, { timeout: 10_000 });
    await app.$('main[data-ready="true"]').waitForExist({ timeout: 20_000 });
    await (await byTest(app, 'nav-accounts')).click();
    await (await byTest(app, 'vault-empty')).waitForExist();
    await screenshot(app, '62-kiosk-after-end');

    const home = process.env.AA_E2E_HOME;
    const { found, files } = scanFiles(home, [Buffer.from(ID), Buffer.from(PASSWORD)]);
    console.log(`scanned ${files} files under ${home} (app data, WebView, cache, temp) for the ID number and password: ${found.length} hits`);
    assert.deepEqual(found, []);
  } finally {
    await app.deleteSession();
  }
});

test('the idle countdown ends a session by itself, and the admin PIN is rate limited', async () => {
  const app = await launch({ args: ['--kiosk-config', configPath] });
  try {
    await (await byTest(app, 'search-input')).setValue('登录失败');
    // 12 s timeout: quiet 6 s, then a 6 s countdown that a touch cancels.
    await (await byTest(app, 'idle-countdown')).waitForExist({ timeout: 15_000 });
    await screenshot(app, '63-kiosk-idle-countdown');
    await (await byTest(app, 'idle-continue')).click();
    assert.equal(await (await byTest(app, 'idle-countdown')).isExisting(), false);
    assert.equal(await (await byTest(app, 'search-input')).getValue(), '登录失败', 'a touch keeps the session');

    await (await byTest(app, 'idle-countdown')).waitForExist({ timeout: 15_000 });
    await app.waitUntil(async () => (await (await byTest(app, 'search-input')).getValue()) === '', {
      timeout: 20_000,
      timeoutMsg: 'the session was not ended',
    });

    await (await byTest(app, 'kiosk-admin-link')).click();
    for (let i = 0; i < 3; i++) {
      await (await byTest(app, 'admin-pin')).setValue('0000');
      await (await byTest(app, 'admin-exit')).click();
      await (await byTest(app, 'error-summary')).waitForExist();
    }
    assert.match(await (await byTest(app, 'error-summary')).getText(), /30 秒后再试/);
    await (await byTest(app, 'admin-pin')).setValue('2468');
    await (await byTest(app, 'admin-exit')).click();
    await app.pause(500);
    assert.match(await (await byTest(app, 'error-summary')).getText(), /秒后再试/, 'even the right PIN waits out the lock');
    await screenshot(app, '64-kiosk-admin-locked');
  } finally {
    await app.deleteSession();
  }
});
