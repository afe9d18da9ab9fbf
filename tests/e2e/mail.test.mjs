// A help e-mail to 中国教师资格网 end to end: the applicant's details, a corrupt photo refused with
// a clear message, a real 12-megapixel photo made upright, smaller and watermarked (previewed in
// the window), the mail checked (exact subject, help mailbox, body), saved as an .eml with the
// photo attached and Chinese headers encoded, and the reply date recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, screenshot, byTest, walkGuide, typeText } from './app.mjs';
import { chooseFile, withOrientation6 } from './files.mjs';

test('mail: details, watermarked photo, preview, .eml, reply date', async () => {
  const dir = join(process.env.AA_E2E_HOME, 'photos');
  mkdirSync(dir, { recursive: true });
  const photo = join(dir, 'hand-held.jpg');
  // A 12-megapixel camera photo, stored sideways (EXIF orientation 6) as phones do.
  execFileSync('convert', ['-size', '4000x3000', 'gradient:#a0c4ff-#ffd6a5', '-fill', '#333', '-draw', 'rectangle 300,300 1500,1100', '-quality', '90', photo]);
  const original = withOrientation6(readFileSync(photo));
  writeFileSync(photo, original);

  const app = await launch();
  try {
    await walkGuide(app, 'teacher', 'jszg_changed_contact', [['q_which', 'both']]);
    await (await byTest(app, 'open-mail-a_email_both')).click();

    await (await byTest(app, 'mail-details')).waitForExist();
    await (await byTest(app, 'continue')).click();
    await (await byTest(app, 'error-summary')).waitForExist();
    await typeText(await byTest(app, 'mail-name'), '李华');
    await (await byTest(app, 'mail-id_number')).setValue('11010519491231002X');
    await (await byTest(app, 'mail-mobile')).setValue('13900139000');
    await (await byTest(app, 'mail-email')).setValue('lihua@example.com');
    await (await byTest(app, 'continue')).click();

    // A truncated JPEG: a clear message, nothing else changes.
    await (await byTest(app, 'mail-photo-page')).waitForExist();
    await chooseFile(app, '[data-testid="mail-photo"]', original.subarray(0, 4000), 'broken.jpg', 'image/jpeg');
    await (await byTest(app, 'photo-problem')).waitForExist({ timeout: 20_000 });
    assert.match(await (await byTest(app, 'photo-problem')).getText(), /照片/);
    await chooseFile(app, '[data-testid="mail-photo"]', original, 'hand-held.jpg', 'image/jpeg');
    const preview = await byTest(app, 'photo-preview');
    await preview.waitForExist({ timeout: 60_000 });
    // Upright (3000 wide after the EXIF turn, so 1200 × 1600), at most 2 MB.
    const caption = await preview.$('figcaption').getText();
    assert.match(caption, /^1200 × 1600 像素/, caption);
    const kb = Number(caption.match(/(\d+) KB/)[1]);
    assert.ok(kb <= 2048, `${kb} KB`);
    assert.deepEqual(readFileSync(photo), original, 'the original file is unchanged');
    await screenshot(app, '85-mail-photo-preview');
    await (await byTest(app, 'continue')).click();

    await (await byTest(app, 'mail-check')).waitForExist();
    assert.equal(await (await byTest(app, 'mail-subject')).getText(), '（李华）申请修改手机（邮箱）信息');
    assert.equal(await (await byTest(app, 'mail-to')).getText(), 'jszgwb@163.com');
    assert.match(await (await byTest(app, 'mail-body')).getText(), /13900139000/);
    await screenshot(app, '86-mail-check');

    await (await byTest(app, 'option-eml')).click();
    await (await byTest(app, 'send')).click();
    const savedNote = await byTest(app, 'eml-saved');
    await savedNote.waitForExist({ timeout: 15_000 });
    const path = (await savedNote.getText()).match(/(\/\S+\.eml)/)[1];
    assert.ok(existsSync(path), path);
    const eml = readFileSync(path, 'latin1');
    assert.match(eml, /^Subject: =\?utf-8\?b\?/im, 'the Chinese subject is RFC 2047 encoded');
    assert.match(eml, /^To: jszgwb@163\.com/im);
    assert.match(eml, /Content-Type: image\/jpeg/i);
    assert.ok(!/[\x80-\xff]/.test(eml), 'only ASCII on the wire');
    await (await byTest(app, 'sent-elsewhere')).click();
    await (await byTest(app, 'mail-done')).waitForExist();
    assert.match(await (await byTest(app, 'mail-expected')).getText(), /（1 个工作日）/);
    await screenshot(app, '87-mail-done');
  } finally {
    await app.deleteSession();
  }
});
