// The NMPA feedback form end to end, against the hall as it is built (Vue + Element UI, served
// under its real name over HTTPS in the run's namespace): the applicant's facts become a draft
// of every field, the 500-character limit is enforced with a live counter (501 refused with the
// text kept), and 打开官方网页 opens the hall's home page in an app window with the copy panel
// beside it. The window upgrades plain http, opens the business system's new window as another
// app window and refuses a link off the portal with a message. The fill is pressed while the
// page does not show the form: the page gets no draft data, and the fill waits until the form
// appears in its dialog (联系我们 → 点击此处), then fills it by the labels a person sees (Element
// selects opened and the item clicked, a radio group, the counter). The picture code and submit
// are the applicant's. Then the reply is tracked, and the reply lookup is filled the same way.
// A second test: a renamed label and a missing option are left to copy by hand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, screenshotScreen, byTest, walkGuide, switchToWindowWhere, switchToPanel, pageHoldsNone, typeText, typeFacts } from './app.mjs';
import { startPortals } from './simulator.mjs';

const ID = '11010519491231002X';
let sim;

before(async () => {
  sim = await startPortals();
});
after(() => sim.close());

/** From the home screen to the draft page of the "already exists" case, facts typed in. */
async function toDraft(app) {
  await walkGuide(app, 'pharmacist', 'nmpa_already_exists', [['q_reach', 'no'], ['q_logged_in', 'guest']]);
  await (await byTest(app, 'open-feedback-a_form_guest')).click();
  await (await byTest(app, 'feedback-facts')).waitForExist();
}

/** Presses 打开官方网页和复制面板; returns the handles of the official window and the panel. */
async function openOfficial(app, main) {
  await (await byTest(app, 'fill')).click();
  const official = await switchToWindowWhere(app, () => location.host === 'zwfw.nmpa.gov.cn' && !!document.querySelector('#app .top'), {
    skip: [main],
    what: 'the hall window',
  });
  const panel = await switchToPanel(app, { skip: [main, official] });
  return { official, panel };
}

test('feedback: the hall with the copy panel, fill through the dialog, track the reply, look it up', async () => {
  const app = await launch();
  try {
    await toDraft(app);
    await (await byTest(app, 'continue')).click();
    const summary = await byTest(app, 'error-summary');
    await summary.waitForExist();
    assert.equal((await summary.$$('li')).length, 3, await summary.getText());
    await typeFacts(app, ID);
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
    const title = await (await byTest(app, 'fb-title')).getValue();

    // 501 characters: the counter says so, nothing opens, and the text stays as typed.
    const long = '长'.repeat(501);
    await typeText(await byTest(app, 'fb-description'), long);
    await app.waitUntil(async () => /超出 1 字/.test(await (await byTest(app, 'description-count')).getText()));
    await (await byTest(app, 'fb-mobile')).setValue('1380013800');
    await (await byTest(app, 'fill')).click();
    await (await byTest(app, 'error-description')).waitForExist();
    await (await byTest(app, 'error-mobile')).waitForExist();
    assert.equal(await (await byTest(app, 'fb-description')).getValue(), long, 'the typed text is kept');
    assert.equal((await app.getWindowHandles()).length, 1, 'no window for a draft with problems');
    await screenshot(app, '81-feedback-draft-errors');
    await (await byTest(app, 'fb-mobile')).setValue('13800138000');
    // Put the drafted text back as the page would (WebDriver typing drops the line breaks).
    await app.execute((text) => {
      const el = document.querySelector('[data-testid="fb-description"]');
      el.value = text;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, description);

    const main = await app.getWindowHandle();
    const { official, panel } = await openOfficial(app, main);
    // The panel holds every value; the picture code is the applicant's.
    assert.equal(await (await byTest(app, 'panel-value-id_number')).getText(), ID);
    assert.match(await (await byTest(app, 'panel-item-captcha')).getText(), /由你自己/);
    assert.match(await (await byTest(app, 'panel-how')).getText(), /联系我们/);
    await screenshot(app, '85-copy-panel');

    // The official window: the hall's real address over https, the page's own widgets.
    await app.switchToWindow(official);
    assert.match(await app.getUrl(), /^https:\/\/zwfw\.nmpa\.gov\.cn\/web\/index/);
    // A plain-http link on the hall is upgraded to https; nothing is ever fetched over http.
    await app.$('#footer-contact').click();
    await app.$('#contact').waitForExist({ timeout: 10_000 });
    assert.match(await app.getUrl(), /^https:\/\/zwfw\.nmpa\.gov\.cn\/web\/index#\/contact/);
    assert.deepEqual(sim.httpRequests(), [], 'no request over plain http');

    // The business system opens in a new window of the same site: another app window.
    await app.execute(() => (location.hash = '#/'));
    await app.$('#biz-link').waitForExist();
    await app.$('#biz-link').click();
    const biz = await switchToWindowWhere(app, () => location.pathname === '/zyys/index', { skip: [main, official, panel], what: 'the business system window' });
    assert.match(await app.$('h1').getText(), /全国执业药师注册管理信息系统/);
    // (A target=_blank link implies noopener in WebKit, as in every current browser.)
    await app.switchToWindow(official);
    // A link off the portal (another NMPA site, a search engine) is refused, with a message.
    const before = (await app.getWindowHandles()).length;
    await app.$('#foreign-link').waitForExist({ timeout: 10_000 });
    await app.$('#foreign-link').click();
    await app.$('#aa-refused').waitForExist({ timeout: 5000 });
    assert.match(await app.$('#aa-refused').getText(), /www\.nmpa\.gov\.cn.*没有打开/);
    assert.equal((await app.getWindowHandles()).length, before, 'no window for a foreign host');
    await app.execute(() => (window.location.href = 'https://www.baidu.com/'));
    await app.pause(800);
    assert.match(await app.getUrl(), /^https:\/\/zwfw\.nmpa\.gov\.cn\//);
    for (const foreign of ['www.nmpa.gov.cn', 'www.baidu.com']) {
      assert.deepEqual(sim.requests().filter((r) => r.startsWith(foreign)), [], `nothing loaded from ${foreign}`);
    }
    await screenshot(app, '86-feedback-refused-link');
    assert.ok(biz);

    // Fill pressed while the page shows no form: the page gets no draft data; the fill waits.
    await switchToPanel(app, { skip: [main, official] });
    await (await byTest(app, 'panel-fill')).click();
    await (await byTest(app, 'panel-waiting')).waitForExist({ timeout: 10_000 });
    await screenshot(app, '87-copy-panel-waiting');
    await app.switchToWindow(official);
    await app.pause(1000);
    const secrets = [ID, '王小明', '13800138000', 'wang@example.com', title];
    assert.deepEqual(await pageHoldsNone(app, secrets), [], 'a page without the form holds no draft data');
    // 联系我们 (a route change) still has no form; 点击此处 opens it in a dialog, and the fill starts.
    await app.$('#nav-contact').click();
    await app.$('#open-feedback').waitForExist();
    await app.pause(800);
    assert.deepEqual(await pageHoldsNone(app, secrets), [], 'nor does another route of the hall');
    await app.$('#open-feedback').click();
    await app.$('html[data-aa-filled]').waitForExist({ timeout: 30_000 });
    assert.equal(await app.$('html').getAttribute('data-aa-filled'), 'all');
    const form = await app.execute(() => JSON.parse(JSON.stringify(window.hall.form)));
    assert.deepEqual(
      { ...form, ms: form.ms.length },
      { zxr: '王小明', zxrlx: '个人', zjlx: '居民身份证', zjhm: ID, sjh: '13800138000', yx: 'wang@example.com', wtfl: '账号绑定问题', bt: title, ms: description.length, yzm: '' },
    );
    assert.equal(form.ms, description);
    assert.equal(await app.$('.el-dialog .el-input__count').getText(), `${description.length}/500`, "Element's counter saw the input");
    assert.equal(await app.execute(() => document.activeElement && document.activeElement.getAttribute('placeholder')), '请输入图形验证码');
    assert.equal(await app.$$('.el-dialog .el-form-item__error').length, 0, 'no field left with an error');
    assert.match(await app.$('#aa-fill-banner').getText(), /图形验证码由你自己输入/);
    await screenshot(app, '82-feedback-official-filled');

    await switchToPanel(app, { skip: [main, official] });
    await app.$('[data-testid="panel-result"][data-result="done"]').waitForExist({ timeout: 10_000 });
    assert.match(await (await byTest(app, 'panel-result')).getText(), /填好了 9 项（共 9 项）/);
    assert.equal(await (await byTest(app, 'panel-item-consultant_type')).getAttribute('data-outcome'), 'filled');
    assert.equal(await (await byTest(app, 'panel-item-title')).getAttribute('data-used'), 'true', 'what was typed is ticked off');
    await screenshot(app, '88-copy-panel-filled');
    await screenshotScreen(app, '88b-screen-official-and-panel');

    // The applicant types the picture code and presses 提交.
    await app.switchToWindow(official);
    await app.keys('5EYU');
    await app.$('#submit-feedback').click();
    await app.$('body[data-sent="yes"]').waitForExist({ timeout: 10_000 });
    assert.equal(sim.sent().length, 1);
    assert.equal(sim.sent()[0].yzm, '5EYU');
    assert.equal(sim.sent()[0].zjhm, ID);

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

    // The reply lookup: the same hall, the lookup route, filled from the panel.
    await (await byTest(app, 'tracked-lookup')).click();
    const lookup = await switchToWindowWhere(app, () => location.host === 'zwfw.nmpa.gov.cn' && !!document.querySelector('#app .top'), { skip: [main], what: 'the lookup window' });
    await switchToPanel(app, { skip: [main, lookup] });
    assert.match(await (await byTest(app, 'panel-how')).getText(), /在线办事反馈查询界面/);
    await (await byTest(app, 'panel-fill')).click();
    await app.switchToWindow(lookup);
    await app.$('#nav-contact').click();
    await app.$('#open-query').click();
    await app.$('html[data-aa-filled="all"]').waitForExist({ timeout: 30_000 });
    const q = await app.execute(() => JSON.parse(JSON.stringify(window.hall.q)));
    assert.deepEqual(q, { zxr: '王小明', sjh: '13800138000', yx: 'wang@example.com', yzm: '' });
    await screenshot(app, '89-feedback-lookup-filled');
  } finally {
    await app.deleteSession();
  }
});

test('feedback: a renamed label and a missing option are left to copy by hand; the draft is untouched', async () => {
  sim.setVariant('changed');
  const app = await launch();
  try {
    await toDraft(app);
    await typeFacts(app, ID);
    await (await byTest(app, 'continue')).click();
    await (await byTest(app, 'feedback-draft')).waitForExist();
    const title = await (await byTest(app, 'fb-title')).getValue();
    const main = await app.getWindowHandle();
    const { official } = await openOfficial(app, main);
    await app.switchToWindow(official);
    await app.$('#nav-contact').click();
    await app.$('#open-feedback').click();
    await app.$('.el-dialog').waitForDisplayed();
    await switchToPanel(app, { skip: [main, official] });
    await (await byTest(app, 'panel-fill')).click();
    await app.$('[data-testid="panel-result"][data-result="done"]').waitForExist({ timeout: 40_000 });
    const outcomes = await app.execute(() =>
      Array.from(document.querySelectorAll('[data-outcome]')).map((e) => `${e.getAttribute('data-testid')}=${e.getAttribute('data-outcome')}`).join(' '),
    );
    assert.match(await (await byTest(app, 'panel-result')).getText(), /填好了 7 项（共 9 项）.*没有填上：问题分类、问题标题/, outcomes);
    assert.match(await (await byTest(app, 'panel-byhand-title')).getText(), /页面上没找到“问题标题”/);
    assert.match(await (await byTest(app, 'panel-byhand-category')).getText(), /“问题分类”的列表里没有这一项（页面上的选项：注册问题、登录问题、实名认证问题、其他问题）/);
    assert.equal(await (await byTest(app, 'panel-item-consultant')).getAttribute('data-outcome'), 'filled');
    assert.equal(await (await byTest(app, 'panel-item-title')).getAttribute('data-used'), 'false');
    await screenshot(app, '90-copy-panel-by-hand');
    await app.switchToWindow(official);
    const form = await app.execute(() => JSON.parse(JSON.stringify(window.hall.form)));
    assert.equal(form.wtfl, '', 'the list is left alone');
    assert.equal(form.bt, '', 'the renamed field is left alone');
    assert.equal(form.zxr, '王小明');
    assert.equal(await app.$$('.el-select-dropdown').filter((d) => d.isDisplayed()).length, 0, 'no list left open');
    await screenshot(app, '91-feedback-official-partial');
    await app.switchToWindow(main);
    await (await byTest(app, 'feedback-sent')).waitForExist();
    await (await byTest(app, 'back')).click();
    await (await byTest(app, 'feedback-draft')).waitForExist();
    assert.equal(await (await byTest(app, 'fb-title')).getValue(), title, 'the draft is untouched');
    assert.equal(await (await byTest(app, 'fb-category')).getValue(), '账号绑定问题');
  } finally {
    sim.setVariant('');
    await app.deleteSession();
  }
});
