// The credential vault in the real window: add an account (with a form error first), the list
// hides the password, reveal and copy it, the clipboard is cleared, and afterwards no file the
// app wrote anywhere under its home holds the password's bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { launch, screenshot, byTest, scanFiles, waitForClipboard, typeText } from './app.mjs';

const PASSWORD = 'Kc7#药师-e2e-口令';

async function fill(app, id, text) {
  await typeText(await byTest(app, id), text);
}

test('add, list, reveal and copy a password; nothing of it on disk', async () => {
  // The login helper's test saved an account in this home: start from an empty list.
  rmSync(join(process.env.AA_E2E_HOME, '.local/share/org.applicant-assistant.app/accounts.json'), { force: true });
  const app = await launch();
  try {
    await (await byTest(app, 'nav-accounts')).click();
    await (await byTest(app, 'vault-empty')).waitForExist();
    await (await byTest(app, 'add-account')).click();
    await (await byTest(app, 'option-nmpa')).click();
    await fill(app, 'acc-login', 'liming2024');
    await fill(app, 'acc-phone', '1381234567'); // one digit short
    await fill(app, 'acc-password', PASSWORD);
    await (await byTest(app, 'save-account')).click();
    assert.match(await (await byTest(app, 'error-summary')).getText(), /11 位/);
    assert.equal(await (await byTest(app, 'acc-login')).getValue(), 'liming2024', 'what was typed is kept');
    assert.equal(await (await byTest(app, 'acc-password')).getValue(), PASSWORD);
    await screenshot(app, '40-vault-form-error');

    await fill(app, 'acc-phone', '13812345678');
    await (await byTest(app, 'save-account')).click();
    await (await byTest(app, 'account')).waitForExist();
    const card = await (await byTest(app, 'account')).getText();
    assert.match(card, /liming2024/);
    assert.match(card, /138\*\*\*\*5678/);
    assert.ok(!card.includes(PASSWORD), 'the list hides the password');
    await screenshot(app, '41-vault-list');

    await (await byTest(app, 'reveal')).click();
    await app.waitUntil(async () => (await (await byTest(app, 'secret')).getText()) === PASSWORD);

    await (await byTest(app, 'copy')).click();
    await waitForClipboard(app, (text) => text === PASSWORD, { what: 'the password is not on the clipboard' });
    assert.match(await (await byTest(app, 'vault-notice')).getText(), /3 秒后/);
    await waitForClipboard(app, (text) => text !== PASSWORD, { timeout: 10_000, what: 'the clipboard is not cleared' });

    // A password given away is flagged until the applicant says it was changed.
    await (await byTest(app, 'mark-due')).click();
    await (await byTest(app, 'mark-changed')).waitForExist();
    assert.match(await (await byTest(app, 'account')).getText(), /请尽快更改这个密码/);
    await (await byTest(app, 'mark-changed')).click();
    await (await byTest(app, 'mark-due')).waitForExist();

    // Delete asks first; Cancel keeps the account, confirming removes it.
    await (await byTest(app, 'delete')).click();
    await (await byTest(app, 'confirm-delete')).waitForExist();
    await screenshot(app, '42-vault-confirm-delete');
    await (await byTest(app, 'confirm-delete')).click();
    await (await byTest(app, 'vault-empty')).waitForExist();
  } finally {
    await app.deleteSession();
  }

  const home = process.env.HOME;
  const { found, files } = scanFiles(home, [Buffer.from(PASSWORD)]);
  console.log(`scanned ${files} files under ${home} for the password: ${found.length} hits`);
  assert.ok(files > 5, 'the app wrote files to scan');
  assert.deepEqual(found, [], 'password bytes found on disk');
  // The scan does find what the app did write: the account records file.
  assert.ok(scanFiles(home, [Buffer.from('"accounts"')]).found.some((p) => p.includes('accounts.json')));
});
