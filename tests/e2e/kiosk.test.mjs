// Kiosk mode end to end: a hall machine with a short idle timeout. One applicant checks an ID
// number, stores a password, makes a watermarked hand-held ID photo, fills a feedback draft and
// hands it to the hall's desk (the intake, a local server), and opens an official site (a
// simulator on 127.0.0.1); a host that is not allowed is refused; "结束办理 / 下一位" wipes it all,
// and a scan of every directory the app could have written finds neither the ID number, the
// password nor the photo's bytes. Then the idle countdown ends a session by itself, and the admin
// PIN is rate limited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, screenshot, byTest, openTopic, scanFiles, walkGuide } from './app.mjs';
import { chooseFile, withOrientation6 } from './files.mjs';
import { startDesk, draftPageOf, kioskListOf } from './desk.mjs';

const ID = '11010519491231002X';
const PASSWORD = 'Kiosk#口令-7731';
let server;
let port;
let configPath;
let desk;

before(async () => {
  // The hall's desk: the real hall-desk on loopback (drafts, heartbeats).
  desk = await startDesk();
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
        ['hall_name = "测试市政务服务中心"', 'languages = ["zh-CN", "en"]', 'idle_timeout_seconds = 12', 'allowed_hosts = ["127.0.0.1"]', `intake_url = "${desk.base}/api/v1/drafts"`, `heartbeat_url = "${desk.base}/api/v1/heartbeat"`, 'kiosk_id = "e2e-kiosk-1"', hash].join('\n'),
      );
      resolve();
    }),
  );
});
after(async () => {
  server.close();
  await desk?.stop();
});

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

    // A hand-held ID photo for a help e-mail, made outside the scanned home (the tests' own file).
    const photoDir = mkdtempSync('/var/tmp/aa-kiosk-photo-');
    const photoPath = join(photoDir, 'hand-held.jpg');
    execFileSync('convert', ['-size', '2400x1800', 'plasma:fractal', '-quality', '90', photoPath]);
    const original = withOrientation6(readFileSync(photoPath));
    rmSync(photoDir, { recursive: true, force: true });
    await (await byTest(app, 'nav-home')).click();
    await walkGuide(app, 'teacher', 'jszg_changed_contact', [['q_which', 'both']]);
    await (await byTest(app, 'open-mail-a_email_both')).click();
    await (await byTest(app, 'mail-name')).setValue('李华');
    await (await byTest(app, 'mail-id_number')).setValue(ID);
    await (await byTest(app, 'mail-mobile')).setValue('13900139000');
    await (await byTest(app, 'mail-email')).setValue('lihua@example.com');
    await (await byTest(app, 'continue')).click();
    await chooseFile(app, '[data-testid="mail-photo"]', original, 'hand-held.jpg', 'image/jpeg');
    await (await byTest(app, 'photo-preview')).waitForExist({ timeout: 60_000 });
    const dataUrl = await (await app.$('[data-testid="photo-preview"] img')).getAttribute('src');
    const prepared = Buffer.from(dataUrl.split(',')[1], 'base64');
    // Needles: a stretch from the middle of the watermarked JPEG and of the original photo.
    const photoNeedles = [prepared.subarray(prepared.length >> 1, (prepared.length >> 1) + 64), original.subarray(original.length >> 1, (original.length >> 1) + 64)];
    await screenshot(app, '60b-kiosk-photo');

    // A feedback draft handed to the hall's desk through the intake.
    await (await byTest(app, 'nav-home')).click();
    await walkGuide(app, 'pharmacist', 'nmpa_already_exists', [['q_reach', 'no'], ['q_logged_in', 'guest']]);
    await (await byTest(app, 'open-feedback-a_form_guest')).click();
    await (await byTest(app, 'facts-name')).setValue('王小明');
    await (await byTest(app, 'facts-id')).setValue(ID);
    await (await byTest(app, 'facts-mobile')).setValue('13800138000');
    await (await byTest(app, 'facts-email')).setValue('wang@example.com');
    await (await byTest(app, 'continue')).click();
    await (await byTest(app, 'intake-send')).click();
    await app.$('[data-testid="intake-state"][data-state="delivered"]').waitForExist({ timeout: 20_000 });
    const draftPage = await draftPageOf(desk, '王小明');
    assert.ok(draftPage?.includes(ID), 'the desk stored the draft with the full ID number for the staff');
    assert.match(draftPage, /e2e-kiosk-1/, 'under the kiosk\'s name');
    assert.match(await kioskListOf(desk), /e2e-kiosk-1[\s\S]*测试市政务服务中心/, 'the kiosk reported its heartbeat');
    await screenshot(app, '60c-kiosk-intake');

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
    const { found, files } = scanFiles(home, [Buffer.from(ID), Buffer.from(PASSWORD), ...photoNeedles]);
    console.log(`scanned ${files} files under ${home} (app data, WebView, cache, temp) for the ID number, the password and the photo's bytes: ${found.length} hits`);
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

test('a draft waiting for the desk survives the app being killed, and is sent after the restart', async () => {
  // A desk that is down (503) until the test says otherwise.
  let up = false;
  const received = [];
  let attempts = 0;
  const desk = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      attempts++;
      if (!up) {
        res.statusCode = 503;
        return res.end('down');
      }
      received.push(JSON.parse(body));
      res.statusCode = 201;
      res.end('{}');
    });
  });
  await new Promise((resolve) => desk.listen(0, '127.0.0.1', resolve));
  const deskPort = desk.address().port;
  const hash = execFileSync(process.env.AA_APP_BIN, ['--hash-pin'], { input: '2468\n' }).toString().trim();
  const config = join(process.env.AA_E2E_HOME, 'kiosk-config', 'kiosk-desk-down.toml');
  writeFileSync(
    config,
    ['hall_name = "测试市政务服务中心"', 'languages = ["zh-CN"]', 'idle_timeout_seconds = 600', 'allowed_hosts = ["127.0.0.1"]', `intake_url = "http://127.0.0.1:${deskPort}/intake"`, hash].join('\n'),
  );
  const outbox = join(process.env.AA_E2E_HOME, '.local', 'share', 'org.applicant-assistant.app', 'intake-outbox');
  const pending = () => {
    try {
      return readdirSync(outbox).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
  };
  try {
    let app = await launch({ args: ['--kiosk-config', config] });
    try {
      await walkGuide(app, 'pharmacist', 'nmpa_already_exists', [['q_reach', 'no'], ['q_logged_in', 'guest']]);
      await (await byTest(app, 'open-feedback-a_form_guest')).click();
      await (await byTest(app, 'facts-name')).setValue('王小明');
      await (await byTest(app, 'facts-id')).setValue(ID);
      await (await byTest(app, 'facts-mobile')).setValue('13800138000');
      await (await byTest(app, 'facts-email')).setValue('wang@example.com');
      await (await byTest(app, 'continue')).click();
      await (await byTest(app, 'intake-send')).click();
      await app.$('[data-testid="intake-state"][data-state="queued"]').waitForExist({ timeout: 10_000 });
      await app.waitUntil(async () => attempts >= 1, { timeout: 10_000, timeoutMsg: 'the desk was never tried' });
      assert.equal(pending().length, 1, 'the draft waits in the outbox');
      await screenshot(app, '65-kiosk-desk-down');
      // kill -9 the app while the draft waits.
      execFileSync('pkill', ['-KILL', '-f', `^${process.env.AA_APP_BIN}`]);
    } finally {
      await app.deleteSession().catch(() => {});
    }
    assert.equal(pending().length, 1, 'the draft survived kill -9');
    const saved = JSON.parse(readFileSync(join(outbox, pending()[0]), 'utf8'));
    assert.equal(saved.payload.id_number, ID);

    up = true;
    app = await launch({ args: ['--kiosk-config', config] });
    try {
      await app.waitUntil(async () => received.length > 0 && pending().length === 0, {
        timeout: 20_000,
        timeoutMsg: 'the waiting draft was not sent after the restart',
      });
      assert.equal(received[0].id, saved.id, 'the same draft, under the same id');
      assert.equal(received[0].draft.id_number, ID);
      console.log(`desk: ${attempts} attempts, ${received.length} accepted; outbox empty after the restart`);
      // The killed run never wiped its session: the restart must have.
      const { found, files } = scanFiles(process.env.AA_E2E_HOME, [Buffer.from(ID)]);
      console.log(`after kill -9 and restart: scanned ${files} files for the ID number: ${found.length} hits`);
      assert.deepEqual(found, []);
    } finally {
      await app.deleteSession();
    }
  } finally {
    desk.close();
  }
});
