// Walking CPTA's certificate download as a holder does (shared by the certificate and 我的日期
// tests): the news site, 电子证书下载 into the certificate system on zs.cpta.com.cn, login and
// 服务须知, then the pdf.js-style viewer whose download button saves a blob.
import assert from 'node:assert/strict';
import { screenshot, byTest, switchToWindowWhere } from './app.mjs';
import { CPTA_USER, CPTA_PASSWORD } from './simulator.mjs';

/**
 * Clicks 从中国人事考试网下载 and walks the site as a holder does, up to the certificate list
 * (logging in when the site asks). Every window is a fresh one of this opening: the app replaces
 * the windows of an earlier one, so pages are marked once used and only unmarked ones count.
 * Returns the handle of the list's window.
 */
export async function toCertificateList(app, main, shots = false) {
  await (await byTest(app, 'capture')).click();
  const news = await switchToWindowWhere(app, () => location.host === 'www.cpta.com.cn' && !window.__aaUsed, { skip: [main], what: 'the CPTA window' });
  assert.match(await app.getUrl(), /^https:\/\/www\.cpta\.com\.cn\//, 'the http entry was upgraded');
  assert.match(await app.getTitle(), /中国人事考试网/);
  await app.execute(() => (window.__aaUsed = true));
  if (shots) await screenshot(app, '96-certificates-cpta');
  // A plain-http link with target=_blank to the certificate system on another subdomain.
  await app.$('#cert-download').click();
  const zs = await switchToWindowWhere(app, () => location.host === 'zs.cpta.com.cn' && !window.__aaUsed, { skip: [main, news], what: 'the certificate system window' });
  assert.match(await app.getUrl(), /^https:\/\/zs\.cpta\.com\.cn\/certMng\//);
  if (await app.$('#login').isExisting()) {
    await app.$('input[name="username"]').setValue(CPTA_USER);
    await app.$('input[name="password"]').setValue(CPTA_PASSWORD);
    await app.$('input[name="captcha"]').setValue('7K2Q');
    await app.$('#login').click();
    await app.$('#agree').waitForExist();
    await app.$('#agree').click();
    await app.$('#agree-go').click();
  }
  await app.$('#view-cert').waitForExist({ timeout: 10_000 });
  await app.execute(() => (window.__aaUsed = true));
  return { news, zs };
}

/** From the list, opens the pdf.js-style viewer (a new window) and presses its download button. */
export async function downloadFromViewer(app, main, skip, shots = false) {
  await app.$('#view-cert').click();
  await switchToWindowWhere(app, () => location.pathname.endsWith('/pdfjs/web/viewer.html') && !window.__aaUsed && document.body.getAttribute('data-loaded') === 'yes', {
    skip: [main, ...skip],
    what: 'the PDF viewer window',
  });
  await app.execute(() => (window.__aaUsed = true));
  if (shots) await screenshot(app, '96b-certificates-cpta-viewer');
  await app.$('#download').click();
  await app.switchToWindow(main);
}

