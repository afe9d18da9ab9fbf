// The NMPA feedback form end to end: the applicant's facts become a draft of every field, the
// 500-character limit is enforced with a live counter (and 501 refused with the text kept), the
// app fills the form in an official-site window (the simulator on 127.0.0.1) without touching
// the picture code, the applicant types it and submits, and the reply is tracked in working days.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, byTest, walkGuide } from './app.mjs';
import { startSimulator } from './simulator.mjs';

const ID = '11010519491231002X';
let sim;

before(async () => {
  sim = await startSimulator(Number(process.env.AA_SIM_PORT));
});
after(() => sim.server.close());

test('feedback: draft, limits, fill the official form, track the reply', async () => {
  const app = await launch();
  try {
    await walkGuide(app, 'pharmacist', 'nmpa_already_exists', [['q_reach', 'no'], ['q_logged_in', 'guest']]);
    await (await byTest(app, 'open-feedback-a_form_guest')).click();

    // The facts page: nothing typed yet gives one message per missing fact.
    await (await byTest(app, 'feedback-facts')).waitForExist();
    await (await byTest(app, 'continue')).click();
    const summary = await byTest(app, 'error-summary');
    await summary.waitForExist();
    assert.equal((await summary.$$('li')).length, 3, await summary.getText());
    await (await byTest(app, 'facts-name')).setValue('王小明');
    await (await byTest(app, 'facts-id')).setValue(ID);
    await (await byTest(app, 'facts-mobile')).setValue('13800138000');
    await (await byTest(app, 'facts-email')).setValue('wang@example.com');
    await (await byTest(app, 'tried-password_reset')).click();
    await (await byTest(app, 'tried-contacted_registrant')).click();
    await screenshot(app, '80-feedback-facts');
    await (await byTest(app, 'continue')).click();

    // The draft: every field filled from the facts, the description within 500 characters.
    await (await byTest(app, 'feedback-draft')).waitForExist();
    assert.equal(await (await byTest(app, 'fb-consultant')).getValue(), '王小明');
    assert.equal(await (await byTest(app, 'fb-id_number')).getValue(), ID);
    assert.equal(await (await byTest(app, 'fb-category')).getValue(), '账号绑定问题');
    const description = await (await byTest(app, 'fb-description')).getValue();
    assert.match(description, /13800138000/, 'the new phone number is in the description');
    assert.match(description, /忘记密码/, 'what was tried is in the description');
    await (await byTest(app, 'description-count')).waitForExist();
    assert.match(await (await byTest(app, 'description-count')).getText(), /已写 \d+ 字，最多 500 字/);

    // 501 characters: the counter says so, the fill refuses, and the text stays as typed.
    const long = '长'.repeat(501);
    await (await byTest(app, 'fb-description')).setValue(long);
    await app.waitUntil(async () => /超出 1 字/.test(await (await byTest(app, 'description-count')).getText()), {
      timeoutMsg: 'the counter did not show 1 character too many',
    });
    await (await byTest(app, 'fb-mobile')).setValue('1380013800');
    await (await byTest(app, 'fill')).click();
    await (await byTest(app, 'error-description')).waitForExist();
    await (await byTest(app, 'error-mobile')).waitForExist();
    assert.equal(await (await byTest(app, 'fb-description')).getValue(), long, 'the typed text is kept');
    await screenshot(app, '81-feedback-draft-errors');
    // Exactly 500 is fine.
    await (await byTest(app, 'fb-description')).setValue('长'.repeat(500));
    await (await byTest(app, 'fb-mobile')).setValue('13800138000');
    await app.waitUntil(async () => /已写 500 字/.test(await (await byTest(app, 'description-count')).getText()));
    // Put the drafted text back as the page would (WebDriver typing drops the line breaks).
    await app.execute((text) => {
      const el = document.querySelector('[data-testid="fb-description"]');
      el.value = text;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, description);
    assert.equal(await (await byTest(app, 'fb-description')).getValue(), description);

    // Fill the official form: a second window, restricted to the simulator's host.
    const main = await app.getWindowHandle();
    const before = await app.getWindowHandles();
    await (await byTest(app, 'fill')).click();
    await app.waitUntil(async () => (await app.getWindowHandles()).length === before.length + 1, {
      timeout: 10_000,
      timeoutMsg: 'the official form window did not open',
    });
    const official = (await app.getWindowHandles()).find((h) => !before.includes(h));
    await app.switchToWindow(official);
    await app.$('html[data-aa-filled]').waitForExist({ timeout: 10_000 });
    assert.equal(await app.$('html').getAttribute('data-aa-filled'), 'all');
    const value = (id) => app.execute((i) => document.getElementById(i).value, id);
    assert.equal(await value('consultantName'), '王小明');
    assert.equal(await value('consultantType'), '个人');
    assert.equal(await value('idType'), '居民身份证');
    assert.equal(await value('idNumber'), ID);
    assert.equal(await value('category'), '账号绑定问题');
    assert.equal(await value('questionDescription'), description);
    assert.equal(await app.$('#descriptionCount').getText(), String([...description].length), 'the page counter saw the input');
    assert.equal(await value('captchaCode'), '', 'the picture code is left to the applicant');
    assert.equal(await app.execute(() => document.activeElement && document.activeElement.id), 'captchaCode');
    assert.match(await app.$('#aa-fill-banner').getText(), /自己输入图形验证码/);
    await screenshot(app, '82-feedback-official-filled');
    // A link off the allowed host goes nowhere.
    await app.execute(() => (window.location.href = 'https://www.baidu.com/'));
    await app.pause(500);
    assert.match(await app.getUrl(), /^http:\/\/127\.0\.0\.1:\d+\/feedback/);
    await app.$('#captchaCode').setValue('x7k2');
    await app.$('#submitFeedback').click();
    await app.$('body[data-sent="yes"]').waitForExist();
    assert.equal(sim.sent().captchaCode, 'x7k2');
    assert.equal(sim.sent().idNumber, ID);

    // Back in the app: record it, see the reply date in working days.
    await app.switchToWindow(main);
    await (await byTest(app, 'feedback-sent')).waitForExist();
    await (await byTest(app, 'mark-sent')).click();
    await (await byTest(app, 'error-summary')).waitForExist();
    await (await byTest(app, 'option-no')).click();
    await (await byTest(app, 'mark-sent')).click();
    await (await byTest(app, 'feedback-done')).waitForExist();
    assert.match(await (await byTest(app, 'expected-by')).getText(), /预计 \d{4}-\d{2}-\d{2} 前答复（2 个工作日）/);
    await screenshot(app, '83-feedback-done');
    await (await byTest(app, 'open-tracked')).click();
    const item = await app.$('[data-testid^="tracked-t"]');
    await item.waitForExist();
    assert.equal(await item.getAttribute('data-state'), 'not_yet');
    assert.match(await item.getText(), /王小明，13800138000，wang@example.com/);
    await screenshot(app, '84-tracked');
  } finally {
    await app.deleteSession();
  }
});
