// "Paste what the site said" in the real window (issues 12, 17): a Traditional-character confirmation
// box, a whole help page, an uncovered CPTA platform message and a prompt several sites show alike,
// pasted as applicants paste them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, byTest } from './app.mjs';

/** Pastes `text` into the box (as a paste does: one input event) and searches. */
async function search(app, text) {
  await app.execute((value) => {
    const box = document.querySelector('[data-testid="search-input"]');
    box.value = value;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await (await byTest(app, 'search-button')).click();
  await app.$('[data-testid="search-results"], [data-testid="search-none"]').waitForExist({ timeout: 10_000 });
  await app.pause(300);
}

// A 实名核验 confirmation box as a Taiwanese forum copied it (233网校, 2020-04), with a zero-width
// space and a BOM picked up on the way.
const CONFIRM_BOX =
  '\uFEFF每日您最多可進行三次實名核驗，您還剩3次，是否確認提交？\u200B您使用當前證件號碼進行實名核驗的姓名為：某某某，請確認與證件是否一致。';

// A whole help page (a copy of CPTA's e-certificate instructions, with the site's chatter).
const HELP_PAGE = `版权归作者所有，转载请注明出处
各位专业技术人员注意啦，职业资格证书已推行电子证书形式，那么电子证书如何下载？如何进行证书加注？看完这篇你都懂了。
一、系统操作
（一）登录
访问中国人事考试网（www.cpta.com.cn）首页，点击左侧菜单中的“证书查验”。在打开页面点击“证书下载”。进入登录页面
已在中国人事考试网“全国专业技术人员资格考试报名服务平台”注册过的持证人员，请直接使用该平台的用户名、密码进行登录。
（二）电子证书加注和下载
持证人员首次登录系统时，需要认真阅读服务须知。点击“同意”按钮后，即可进入证书下载页面。证书状态为“有效”，说明存在真实有效证书。
点击“下载”按钮，可进入证书加注、下载页面。申请证书加注前，请先检查证书信息，如有疑问，请联系证书发放机构。
加注申请提交后，系统将在24小时内完成证书加注，请耐心等待。证书加注完成后，可查看或下载该电子证书。
已完成加注，且加注处于有效期内的电子证书，可点击“查看”或“下载”按钮，进行电子证书查看、下载操作。
相关推荐：2025年考试时间公布！备考资料免费领取，扫码进群，每日一练。`;

// The CPTA registration platform's note on degree checks: no guide covers it (yet).
// (With the platform's full name in front, 全国专业技术人员资格考试报名服务平台, the lookup still
// answers with the CPTA account guide: a known miss, noted on issue 17.)
const UNCOVERED_CPTA = '中国人事考试网：学历学位信息在线核验状态为“未核验”的，请24小时后，登录系统查看核验状态。';

test('the lookup comes first and is reachable from every page', async () => {
  const app = await launch();
  try {
    // First on the home page, above "who are you".
    const order = await app.execute(() => {
      const search = document.querySelector('[data-testid="message-search"]');
      const home = document.querySelector('[data-testid="home"]');
      return Boolean(search.compareDocumentPosition(home) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    assert.equal(order, true, 'the search box comes before the role question');
    // From another page, the header's 查提示 brings the box back with the cursor in it.
    await (await byTest(app, 'nav-accounts')).click();
    await app.$('[data-testid="message-search"]').waitForExist({ reverse: true });
    await (await byTest(app, 'nav-search')).click();
    await app.$('[data-testid="message-search"]').waitForExist();
    await app.pause(200);
    assert.equal(await app.execute(() => document.activeElement?.id), 'portal-message');
  } finally {
    await app.deleteSession();
  }
});

test('pasted portal messages open the right guide or say honestly that none covers them', async () => {
  const app = await launch();
  try {
    await search(app, '今天天气很好');
    assert.match(await (await byTest(app, 'search-none')).getText(), /还没有与这条提示相符的指南/);

    // 1. A Traditional-character confirmation box → 实名核验, the shared words marked.
    await search(app, CONFIRM_BOX);
    const first = await app.$('[data-testid="search-results"] li:first-child button');
    assert.equal(await first.getAttribute('data-testid'), 'result-jszg_real_name');
    assert.ok((await first.$$('mark')).length > 0, 'the matched words are highlighted');
    await screenshot(app, '50-search-traditional-confirm-box');
    await first.click();
    await app.$('[data-testid="guide"][data-flow="jszg_real_name"]').waitForExist();
    const step = await byTest(app, 'found-step');
    await step.waitForExist();
    assert.match(await step.getText(), /和你粘贴的提示有关的一步/);
    await screenshot(app, '51-search-opened-guide-at-its-step');

    // 2. A whole help page → the e-certificate guides, the page's own words marked.
    await (await byTest(app, 'nav-search')).click();
    await app.$('[data-testid="message-search"]').waitForExist();
    await search(app, HELP_PAGE);
    const ids = await app.$$('[data-testid="search-results"] li button').map((b) => b.getAttribute('data-testid'));
    assert.ok(['result-cpta_download', 'result-cpta_annotation'].includes(ids[0]), ids.join(' '));
    assert.ok(ids.includes('result-cpta_download') && ids.includes('result-cpta_annotation'), ids.join(' '));
    assert.ok(ids.every((id) => id.startsWith('result-cpta_')), `only CPTA guides for a CPTA page: ${ids}`);
    await screenshot(app, '52-search-whole-help-page');

    // 3. An uncovered CPTA platform message → no guide yet, CPTA's own help.
    await search(app, UNCOVERED_CPTA);
    const none = await byTest(app, 'search-none');
    assert.match(await none.getText(), /还没有与这条提示相符的指南/);
    const help = await byTest(app, 'search-help');
    assert.equal(await help.getAttribute('data-portal'), 'cpta');
    assert.match(await help.getText(), /中国人事考试网自己的求助方式/);
    assert.match(await help.getText(), /考试机构/);
    assert.equal(await (await byTest(app, 'search-results')).isExisting(), false, 'no confident answer');
    await screenshot(app, '53-search-no-guide-cpta-help');

    // The same at the large text size (适老化): readable, targets at least 60 px.
    await (await byTest(app, 'size-large')).click();
    await app.pause(300);
    const { height } = await (await byTest(app, 'search-button')).getSize();
    assert.ok(height >= 60, `search button is ${height}px high`);
    await screenshot(app, '54-search-no-guide-large-text');
    await search(app, CONFIRM_BOX);
    await screenshot(app, '55-search-results-large-text');
    await (await byTest(app, 'size-standard')).click();

    // 4. A prompt several sites show alike, naming none → no guess: each site's guide to choose.
    await search(app, '忘记密码如何找回？');
    assert.match(await (await byTest(app, 'search-several-sites')).getText(), /看不出是哪个网站/);
    const offered = await app.$$('[data-testid="search-maybe"] li button .result-portal').map((p) => p.getText());
    assert.ok(new Set(offered).size >= 2, `guides of several sites offered: ${offered}`);
    assert.equal(await (await byTest(app, 'search-help')).isExisting(), false, 'no one site\'s help desk');
    await screenshot(app, '56-search-several-sites');
  } finally {
    await app.deleteSession();
  }
});
