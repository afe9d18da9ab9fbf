// Offline checklist with the network cut off (all outside traffic goes to a dead proxy): the
// app says 离线模式 quickly, a finished guide becomes a checklist, ticks survive a restart, and
// the exported PDF holds the checklist's text (pdftotext) and renders (first page kept as PNG).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launch, screenshot, byTest, openTopic, waitForNode } from './app.mjs';

test('offline: walk a guide, tick, restart, ticks kept, export a PDF', async () => {
  let app = await launch();
  let pdfPath;
  let title = '';
  try {
    const started = Date.now();
    await (await byTest(app, 'offline')).waitForExist({ timeout: 8000 });
    console.log(`离线模式 shown ${Date.now() - started} ms after the first screen`);
    const states = await app.$$('[data-testid^="status-"][data-state]').map((el) => el.getAttribute('data-state'));
    assert.deepEqual(states, ['down', 'down', 'down']);

    // A flow no other e2e file answers, so runs saved by other tests cannot interfere.
    await openTopic(app, 'pharmacist', 'nmpa_already_exists');
    await waitForNode(app, 'q_reach');
    await (await byTest(app, 'option-no')).click();
    await (await byTest(app, 'continue')).click();
    await waitForNode(app, 'q_logged_in');
    await (await byTest(app, 'option-guest')).click();
    await (await byTest(app, 'continue')).click();
    await waitForNode(app, 'plan');
    await (await app.$('[data-testid="plan"] [data-testid="open-checklist"]')).click();
    await (await byTest(app, 'checklist')).waitForExist();
    await app.$('[data-testid^="tick-"]').waitForExist();
    const boxes = await app.$$('[data-testid^="tick-"]');
    assert.ok(boxes.length >= 3, `${boxes.length} tickable items`);
    const first = await boxes[0].getAttribute('data-testid');
    const waitBox = await app.$('[data-testid="tick-w:w_verify_guest"]');
    assert.ok(await waitBox.isExisting(), 'the staff-verification wait is on the checklist');
    await boxes[0].click();
    await waitBox.click();
    await app.waitUntil(async () => (await (await app.$(`[data-testid="${first}"]`)).isSelected()));
    assert.match(await (await byTest(app, 'checklist')).getText(), /预计到 \d{4}-\d{2}-\d{2}/);
    await screenshot(app, '70-checklist-offline');
  } finally {
    await app.deleteSession();
  }

  app = await launch();
  try {
    await openTopic(app, 'pharmacist', 'nmpa_already_exists');
    await waitForNode(app, 'plan');
    await (await app.$('[data-testid="plan"] [data-testid="open-checklist"]')).click();
    await app.$('[data-testid="tick-w:w_verify_guest"]').waitForExist();
    assert.equal(await (await app.$('[data-testid="tick-w:w_verify_guest"]')).isSelected(), true, 'ticks survive a restart');
    title = (await (await app.$('[data-testid="checklist"] h1')).getText()).replace(/^办理清单：/, '');

    await (await byTest(app, 'export-pdf')).click();
    const note = await byTest(app, 'exported');
    await note.waitForExist({ timeout: 15_000 });
    pdfPath = (await note.getText()).replace(/^已保存 PDF：/, '').split(' 有 ')[0].trim();
    await screenshot(app, '71-checklist-exported');
  } finally {
    await app.deleteSession();
  }

  assert.ok(existsSync(pdfPath), `PDF at ${pdfPath}`);
  assert.ok(pdfPath.startsWith(process.env.HOME), 'saved under the home directory (Downloads)');
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
  assert.ok(title.length >= 4 && text.includes(title.slice(0, 4)), `PDF text holds the title ${title}`);
  assert.match(text, /工作日/);
  const fonts = execFileSync('pdffonts', [pdfPath]).toString();
  assert.match(fonts, /yes\s+yes\s+yes/, `font embedded, subset, unicode:\n${fonts}`);
  const png = join(process.env.AA_SCREENSHOTS, '72-checklist-pdf-page1');
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdfPath, png]);
  assert.ok(statSync(`${png}.png`).size > 10_000);
});
