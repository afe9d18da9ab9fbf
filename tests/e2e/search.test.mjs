// "Paste what the site said" in the real window: a Traditional, half-width rendering of a portal
// message lands on the right guide; unrelated text says nothing matched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, byTest } from './app.mjs';

async function search(app, text) {
  const box = await byTest(app, 'search-input');
  await box.clearValue();
  await box.setValue(text);
  await (await byTest(app, 'search-button')).click();
  await app.$('[data-testid="search-results"], [data-testid="search-none"]').waitForExist({ timeout: 10_000 });
}

test('a pasted portal message opens the matching guide', async () => {
  const app = await launch();
  try {
    await search(app, '今天天气很好');
    assert.match(await (await byTest(app, 'search-none')).getText(), /没有找到相符的提示/);

    // 该用户已注册 as a Taiwanese user types it, with a stray space and a half-width "!".
    await search(app, '該用戶 已註冊!');
    const first = await app.$('[data-testid="search-results"] li:first-child button');
    assert.equal(await first.getAttribute('data-testid'), 'result-jszg_already_registered');
    assert.match(await first.getText(), /该用户已注册/);
    await screenshot(app, '50-search-results');

    await first.click();
    await app.$('[data-testid="guide"][data-flow="jszg_already_registered"]').waitForExist();
    await app.$('[data-testid="guide-question"], [data-testid="plan"]').waitForExist();
    await screenshot(app, '51-search-opened-guide');
  } finally {
    await app.deleteSession();
  }
});
