// The hall desk's staff page in a real browser: Debian's Chromium, headless, driven through
// chromedriver (WebDriver), against the real `hall-desk` serving HTTPS on loopback. A draft
// arrives as the kiosk's outbox sends it; a staff member signs in, finds it, copies a field
// (pasted back from the real clipboard), marks it processed with a note, prints it, and sees the
// kiosk list. Screenshots in zh-CN go to target/e2e-screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { remote } from 'webdriverio';
import { startDesk, postDraft, deskFetch, STAFF } from './desk.mjs';

const ID = '11010519491231002X';
let desk;
let driver;
let profile;
let browser;

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function shot(name) {
  await browser.pause(200);
  await browser.saveScreenshot(join(process.env.AA_SCREENSHOTS, `${name}.png`));
}

before(async () => {
  desk = await startDesk({ tls: true });
  const port = await freePort();
  driver = spawn('/usr/bin/chromedriver', [`--port=${port}`], { stdio: 'ignore' });
  profile = mkdtempSync('/var/tmp/aa-desk-chromium-');
  browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    connectionRetryTimeout: 60_000,
    capabilities: {
      browserName: 'chrome',
      acceptInsecureCerts: true,
      'wdio:enforceWebDriverClassic': true,
      'goog:chromeOptions': {
        binary: '/usr/bin/chromium',
        // A hall PC set up in Simplified Chinese: the page follows the browser's language.
        prefs: { 'intl.accept_languages': 'zh-CN,zh' },
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--window-size=1280,1000', '--lang=zh-CN'],
      },
    },
  });
});

after(async () => {
  await browser?.deleteSession().catch(() => {});
  driver?.kill('SIGTERM');
  if (profile) rmSync(profile, { recursive: true, force: true });
  await desk?.stop();
});

test('staff sign in, find the kiosk draft, copy a field, mark it processed', async () => {
  const envelope = {
    id: `${Date.now()}-000001-00000000deadbeef`,
    kind: 'nmpa_feedback',
    created_at: new Date().toISOString(),
    draft: {
      consultant: '王小明', consultant_type: '个人', id_type: '居民身份证', id_kind: 'resident_id', id_number: ID,
      mobile: '13800138000', email: 'wang@example.com', category: '其他问题', business_system: '网上办事大厅',
      title: '执业药师注册时提示账号已存在', description: '在网上办事大厅注册时，系统提示证件号码已被注册。\n我没有注册过，请帮忙核实。', description_length: 40,
    },
  };
  assert.equal((await postDraft(desk, envelope)).status, 201);
  const beat = await deskFetch(desk, '/api/v1/heartbeat', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kiosk_id: 'hall1-kiosk-03', hall_name: '测试市政务服务中心', version: '0.1.0', outbox_pending: 0, last_session_end: new Date().toISOString() }),
  });
  assert.equal(beat.status, 204);

  // Not signed in: the login page, in Simplified Chinese.
  await browser.url(`${desk.base}/staff`);
  await browser.$('[data-testid="login-name"]').waitForExist();
  assert.equal(await browser.$('html').getAttribute('lang'), 'zh-CN');
  // A wrong password first: the error summary says so and keeps the name.
  await browser.$('[data-testid="login-name"]').setValue(STAFF.name);
  await browser.$('[data-testid="login-password"]').setValue('not-the-password');
  await browser.$('[data-testid="login-submit"]').click();
  await browser.$('[data-testid="error-summary"]').waitForExist();
  assert.match(await browser.$('[data-testid="error-summary"]').getText(), /用户名或密码不对/);
  assert.equal(await browser.$('[data-testid="login-name"]').getValue(), STAFF.name);
  await shot('70-desk-login-error');
  await browser.$('[data-testid="login-password"]').setValue(STAFF.password);
  await browser.$('[data-testid="login-submit"]').click();

  // The queue: the draft, newest first, with the name and a masked ID number.
  const row = await browser.$('[data-testid="draft-row"]');
  await row.waitForExist();
  const rowText = await row.getText();
  assert.match(rowText, /王小明/);
  assert.match(rowText, /1101\*+002X/);
  assert.doesNotMatch(rowText, new RegExp(ID));
  assert.match(await browser.$('[data-testid="retention"]').getText(), /30 天后自动删除/);
  await shot('71-desk-queue');

  // Search by mobile number.
  await browser.$('[data-testid="search"]').setValue('13800138000');
  await browser.$('[data-testid="search-submit"]').click();
  await browser.$('[data-testid="draft-row"]').waitForExist();

  // The draft: each field as the NMPA form takes it.
  await browser.$('[data-testid="draft-link"]').click();
  await browser.$('[data-testid="fields"]').waitForExist();
  assert.equal(await browser.$('[data-testid="value-id_number"]').getText(), ID);
  assert.equal(await browser.$('[data-testid="value-business_system"]').getText(), '网上办事大厅');
  // Copy the ID number, then paste it into the note: the real clipboard holds it.
  await browser.$('[data-testid="copy-id_number"]').click();
  await browser.$('[data-testid="copied-id_number"][data-state="copied"]').waitForExist({ timeout: 5_000 });
  assert.equal(await browser.$('[data-testid="copied-id_number"]').getText(), '已复制');
  const note = await browser.$('[data-testid="note"]');
  await note.click();
  await browser.keys(['Control', 'v']);
  assert.equal(await note.getValue(), ID, 'the clipboard holds the copied field');
  await shot('72-desk-draft');

  // 已处理 with a note: saved, and recorded with who and when.
  await note.setValue('已在网上办事大厅代为提交');
  await browser.$('[data-testid="state-processed"]').click();
  await browser.$('[data-testid="save-state"]').click();
  await browser.$('[data-testid="saved"]').waitForExist();
  assert.equal(await browser.$('[data-testid="draft-state"]').getText(), '已处理');
  const history = await browser.$('[data-testid="history"]').getText();
  assert.match(history, new RegExp(`${STAFF.name}.*标为已处理：已在网上办事大厅代为提交`));
  await shot('73-desk-processed');

  // The print view of one draft.
  await browser.$('[data-testid="print"]').click();
  await browser.$('[data-testid="print-now"]').waitForExist();
  assert.match(await browser.$('main').getText(), new RegExp(ID));
  await shot('74-desk-print');

  // The kiosk list.
  await browser.url(`${desk.base}/staff/kiosks`);
  const kiosk = await browser.$('[data-testid="kiosk-row"]');
  await kiosk.waitForExist();
  assert.match(await kiosk.getText(), /hall1-kiosk-03/);
  assert.equal(await browser.$('[data-testid="kiosk-status"]').getText(), '在线');
  await shot('75-desk-kiosks');

  // Traditional Chinese and English are complete.
  await browser.url(`${desk.base}/staff/kiosks?lang=zh-TW`);
  assert.equal(await browser.$('[data-testid="kiosk-status"]').getText(), '線上');
  await browser.url(`${desk.base}/staff?lang=en`);
  assert.match(await browser.$('h1').getText(), /Drafts from the kiosks/);

  // Signing out ends the session: the queue asks for a login again.
  await browser.$('[data-testid="logout"]').click();
  await browser.$('[data-testid="login-name"]').waitForExist();
  await browser.url(`${desk.base}/staff`);
  await browser.$('[data-testid="login-name"]').waitForExist();
});
