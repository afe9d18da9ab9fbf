// The walking skeleton, end to end: home screen in Chinese → error summary → topics screen,
// then language and text size kept across a restart of the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { launch, screenshot, byTest, heading } from './app.mjs';

test('home screen asks who the applicant is and leads to their topics', async () => {
  const app = await launch();
  try {
    assert.equal(await heading(app), '你是哪类申请人？');
    assert.equal(await app.execute(() => document.documentElement.lang), 'zh-CN');
    const shot = await screenshot(app, '01-home-zh-CN');
    assert.ok(statSync(shot).size > 10_000, 'screenshot is a real picture');

    // Continue without an answer: the error summary links to the question.
    await (await byTest(app, 'continue')).click();
    const summary = await byTest(app, 'error-summary');
    await summary.waitForDisplayed();
    assert.match(await summary.getText(), /请选择你是哪类申请人/);
    await screenshot(app, '02-home-error');

    // Choose 执业药师 by clicking its card, continue.
    await (await app.$('label=执业药师')).click().catch(async () => (await byTest(app, 'option-pharmacist')).click());
    await (await byTest(app, 'continue')).click();
    await app.$('[data-testid="topics"]').waitForExist();
    assert.equal(await heading(app), '你需要办理什么？');
    const labels = await app.$$('.radio-label').map((el) => el.getText());
    // The hall's six questions, the registration itself, the CPTA account and the 网证 (issue 16).
    assert.equal(labels.length, 9, labels.join(' | '));
    assert.ok(labels.includes('实名绑定时提示账号“已存在”'), labels.join(' | '));
    assert.ok(labels.includes('办理执业药师注册（首次、变更、延续）'), labels.join(' | '));
    assert.match(await (await byTest(app, 'chosen-role')).getText(), /执业药师/);
    await screenshot(app, '03-topics-pharmacist');

    // Back keeps the answer.
    await (await byTest(app, 'back')).click();
    await app.$('[data-testid="home"]').waitForExist();
    assert.equal(await (await byTest(app, 'option-pharmacist')).isSelected(), true);
  } finally {
    await app.deleteSession();
  }
});

test('language and text size switch at once and survive a restart', async () => {
  let app = await launch();
  try {
    await (await byTest(app, 'lang-zh-TW')).click();
    // The header is drawn again in the new language once its catalog has loaded: the next click
    // waits for that, or it could land on a button being replaced.
    await app.waitUntil(async () => (await heading(app)) === '你是哪類申請人？', { timeout: 10_000 });
    await (await byTest(app, 'size-large')).click();
    assert.equal(await heading(app), '你是哪類申請人？');
    const bodySize = await app.execute(() => getComputedStyle(document.body).fontSize);
    assert.ok(parseFloat(bodySize) >= 18, `large mode body text is ${bodySize}`);
    const button = await byTest(app, 'continue');
    const { height } = await button.getSize();
    assert.ok(height >= 60, `touch target is ${height}px high`);
    await screenshot(app, '04-home-zh-TW-large');
  } finally {
    await app.deleteSession();
  }
  app = await launch();
  try {
    assert.equal(await heading(app), '你是哪類申請人？');
    assert.equal(await app.execute(() => document.documentElement.dataset.textSize), 'large');
    await (await byTest(app, 'lang-en')).click();
    await app.waitUntil(async () => (await heading(app)) === 'Which kind of applicant are you?', { timeout: 10_000 });
    await screenshot(app, '05-home-en-large');
    // Leave the defaults for the next test file.
    await (await byTest(app, 'lang-zh-CN')).click();
    await (await byTest(app, 'size-standard')).click();
  } finally {
    await app.deleteSession();
  }
});
