// The e-certificate vault end to end, against CPTA as it is built: 从中国人事考试网下载 opens the
// news site (its plain-http address upgraded to https) in an app window limited to CPTA's hosts;
// 电子证书下载 there is a plain-http link opening a new window, which lands on the certificate
// system on another subdomain (zs.cpta.com.cn) over https; the holder logs in, agrees to the
// 服务须知, and the certificate opens in a pdf.js-style viewer in a third window, whose download
// button saves a blob. That download lands in the vault by itself; a Word file from the same site
// is refused with a message. Then: the issue date is filled in; an annotation is recorded
// (pending for 24 hours, then marked done: usable until its last day); a 91-day annotation is
// refused with the typed dates kept; the same download again is recognised; the home screen
// shows the certificate's status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { launch, screenshot, byTest, typeText } from './app.mjs';
import { toCertificateList, downloadFromViewer } from './cpta.mjs';
import { startPortals, certificatePdf, CPTA_USER, CPTA_PASSWORD } from './simulator.mjs';

let sim;

before(async () => {
  sim = await startPortals();
});
after(() => sim.close());

/** Today in Beijing (UTC+8) plus `days`, as YYYY-MM-DD. */
function beijingDay(days = 0) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

async function typeDate(app, id, iso) {
  const [y, m, d] = iso.split('-');
  await (await byTest(app, `${id}-year`)).setValue(y);
  await (await byTest(app, `${id}-month`)).setValue(String(Number(m)));
  await (await byTest(app, `${id}-day`)).setValue(String(Number(d)));
}

test('certificates: download from CPTA, annotate, the 90-day limit, home status', async () => {
  // The run's home is shared by the test files, which run in any order: start from an empty
  // certificate vault (another file may have downloaded this certificate already).
  rmSync(join(process.env.AA_E2E_HOME, '.local/share/org.applicant-assistant.app/certificates'), { recursive: true, force: true });
  const app = await launch();
  const sha = createHash('sha256').update(certificatePdf()).digest('hex');
  const cert = () => byTest(app, `cert-${sha.slice(0, 8)}`);
  const status = async () => {
    const el = await (await cert()).$('[data-testid="cert-status"]');
    return { usable: await el.getAttribute('data-usable'), text: await el.getText() };
  };
  const today = beijingDay(0);
  const last = beijingDay(89);
  try {
    const main = await app.getWindowHandle();
    await (await byTest(app, 'nav-certificates')).click();
    await (await byTest(app, 'certificates')).waitForExist();
    await (await byTest(app, 'cert-empty')).waitForExist();

    // On the site, a usage note that is not a PDF: refused, with a message; nothing added.
    const { news, zs } = await toCertificateList(app, main, true);
    await app.switchToWindow(zs);
    await app.$('#usage-note').click();
    await app.switchToWindow(main);
    await app.$('[data-testid="capture-outcome"][data-outcome="problem"]').waitForExist({ timeout: 15_000 });
    assert.match(await (await byTest(app, 'capture-outcome')).getText(), /这不是证书文件/);
    assert.equal(await (await byTest(app, 'cert-empty')).isExisting(), true);
    await screenshot(app, '96c-certificates-not-a-pdf');

    // The certificate from the viewer (a blob): it arrives by itself.
    await app.switchToWindow(zs);
    await downloadFromViewer(app, main, [news, zs], true);
    assert.deepEqual(sim.httpRequests(), [], 'nothing fetched over plain http');
    const outcome = await byTest(app, 'capture-outcome');
    await app.$('[data-testid="capture-outcome"][data-outcome="added"]').waitForExist({ timeout: 15_000, timeoutMsg: 'no capture outcome' });
    assert.match(await outcome.getText(), /已加入：电子证书/);
    await (await cert()).waitForExist();
    // No issue date in the file: treated as needing annotation, and the missing details flagged.
    let s = await status();
    assert.equal(s.usable, 'no');
    assert.match(s.text, /今天不能使用：需要先加注/);
    assert.match(await (await byTest(app, 'cert-issue-date')).getText(), /未填写/);
    assert.match(await (await byTest(app, 'cert-need')).getText(), /不知道证书的发证日期/);
    await screenshot(app, '91-certificates-added');

    // Fill in the details the file did not say.
    await (await byTest(app, 'cert-edit')).click();
    await (await byTest(app, 'cert-details')).waitForExist();
    await (await byTest(app, 'cert-number')).setValue('0123456789');
    await typeText(await byTest(app, 'cert-holder'), '王小明');
    await typeDate(app, 'cert-issue', '2024-05-01');
    await screenshot(app, '97-certificates-details');
    await (await byTest(app, 'cert-save')).click();
    await (await byTest(app, 'certificates')).waitForExist();
    await app.$('[data-testid="certificates"][data-page="list"]').waitForExist();
    assert.equal(await (await byTest(app, 'cert-issue-date')).getText(), '2024-05-01');
    assert.match(await (await byTest(app, 'cert-need')).getText(), /2024-05-01.*必须先加注/);
    assert.equal((await status()).usable, 'no');

    // Record an annotation of 90 days from today: allowed, pending for 24 hours.
    await (await byTest(app, 'annotate')).click();
    await (await byTest(app, 'annotate-form')).waitForExist();
    await (await byTest(app, 'option-本人调用')).click();
    await typeDate(app, 'ann-from', today);
    await typeDate(app, 'ann-to', last);
    await (await byTest(app, 'annotate-submit')).click();
    await app.$('[data-testid="certificates"][data-page="list"]').waitForExist();
    s = await status();
    assert.equal(s.usable, 'no');
    assert.match(s.text, /加注正在处理，最晚 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 北京时间 处理完/);
    assert.match(await (await byTest(app, 'cert-pending')).getText(), /24 小时处理期到 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 北京时间 结束/);
    const timeline = await byTest(app, 'cert-timeline');
    assert.match(await (await byTest(app, 'cert-count')).getText(), /90 天内已申请 1 \/ 3 次/);
    const entry = await timeline.$('[data-testid^="ann-a"]');
    assert.equal(await entry.getAttribute('data-state'), 'pending');
    assert.match(await entry.getText(), new RegExp(`有效期 ${today} 至 ${last}（90 天）`));
    assert.match(await entry.getText(), /处理中/);
    await screenshot(app, '92-certificates-pending');
    await timeline.scrollIntoView();
    await screenshot(app, '98-certificates-timeline-pending');

    // The portal finished sooner: mark it done. Usable now, until the last day.
    await (await byTest(app, 'ann-done')).click();
    await app.waitUntil(async () => (await status()).usable === 'yes', { timeoutMsg: 'not usable after marking done' });
    s = await status();
    assert.match(s.text, new RegExp(`今天可以使用，至 ${last}`));
    assert.equal(await entry.getAttribute('data-state'), 'valid');
    assert.equal(await (await byTest(app, 'cert-pending')).isExisting(), false);
    await screenshot(app, '90-certificates');
    await (await byTest(app, 'cert-timeline')).scrollIntoView();
    await screenshot(app, '99-certificates-timeline-valid');

    // 91 days: refused, the reason in the error summary, the typed dates kept.
    await (await byTest(app, 'annotate')).click();
    await (await byTest(app, 'annotate-form')).waitForExist();
    await (await byTest(app, 'option-本人调用')).click();
    const longLast = beijingDay(90);
    await typeDate(app, 'ann-from', today);
    await typeDate(app, 'ann-to', longLast);
    await (await byTest(app, 'annotate-submit')).click();
    const summary = await byTest(app, 'error-summary');
    await summary.waitForExist();
    assert.match(await summary.getText(), /有效期共 91 天（首尾两天都算），一次加注最长 90 天/);
    assert.equal(await (await byTest(app, 'ann-refusal')).isExisting(), true);
    assert.equal(await (await byTest(app, 'ann-from-year')).getValue(), today.slice(0, 4));
    assert.equal(await (await byTest(app, 'ann-to-year')).getValue(), longLast.slice(0, 4));
    assert.equal(await (await byTest(app, 'ann-to-month')).getValue(), String(Number(longLast.slice(5, 7))));
    assert.equal(await (await byTest(app, 'ann-to-day')).getValue(), String(Number(longLast.slice(8, 10))));
    await screenshot(app, '93-certificates-refused');
    await (await byTest(app, 'back')).click();
    await app.$('[data-testid="certificates"][data-page="list"]').waitForExist();
    assert.match(await (await byTest(app, 'cert-count')).getText(), /90 天内已申请 1 \/ 3 次/, 'nothing recorded for the refused one');

    // Home: the certificate's status at a glance, and the way back to the vault.
    await (await byTest(app, 'nav-home')).click();
    const home = await byTest(app, 'home-cert-status');
    await home.waitForExist();
    assert.match(await home.getText(), new RegExp(`今天可以使用，至 ${last}`));
    assert.equal(await (await byTest(app, 'home-cert-line')).getAttribute('data-usable'), 'yes');
    await home.scrollIntoView();
    await screenshot(app, '95-certificates-home');
    await (await byTest(app, 'home-cert-open')).click();
    await (await byTest(app, 'certificates')).waitForExist();
  } finally {
    await app.deleteSession();
  }
});

/** Opens the vault, downloads the certificate again, expects "already there" and one certificate. */
async function downloadAgain(app, shotName) {
  const main = await app.getWindowHandle();
  await (await byTest(app, 'nav-certificates')).click();
  await app.$('[data-testid="certificates"][data-page="list"]').waitForExist();
  assert.equal((await app.$$('article.cert')).length, 1, 'the certificate is still kept');
  const { news, zs } = await toCertificateList(app, main);
  await app.switchToWindow(zs);
  await downloadFromViewer(app, main, [news, zs]);
  await app.waitUntil(async () => (await (await byTest(app, 'capture-outcome')).getAttribute('data-outcome')) === 'already', {
    timeout: 15_000,
    timeoutMsg: 'the download of the same file was not reported as already there',
  });
  assert.match(await (await byTest(app, 'capture-outcome')).getText(), /这张证书已经在列表里了（电子证书），没有重复添加/);
  assert.equal((await app.$$('article.cert')).length, 1, 'not added twice');
  if (shotName) await screenshot(app, shotName);
}

test('certificates: the same certificate downloaded again is recognised', async () => {
  const app = await launch();
  try {
    await downloadAgain(app, '94-certificates-already');
  } finally {
    await app.deleteSession();
  }
});

// A replaced official window must not handle a download again (WebKit keeps the old handlers on
// its shared web context; official.rs ignores events of an older opening).
test('certificates: a second download in the same session is recognised', async () => {
  const app = await launch();
  try {
    await downloadAgain(app, '');
    await downloadAgain(app, '');
  } finally {
    await app.deleteSession();
  }
});
