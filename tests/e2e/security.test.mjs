// The security baseline, checked in the real window: the capability grants only the app's own
// commands, the navigation guard keeps the window on the app's pages, and the CSP blocks eval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, heading } from './app.mjs';

test('commands outside the window capability are refused', async () => {
  const app = await launch();
  try {
    const granted = await app.executeAsync((done) => {
      window.__TAURI_INTERNALS__.invoke('topics', { role: 'teacher', lang: 'zh-CN' }).then(
        (r) => done({ ok: true, n: r.length }),
        (e) => done({ ok: false, e: String(e) }),
      );
    });
    assert.deepEqual(granted, { ok: true, n: 10 }); // the teacher topics, 认定 and the 网证 included
    const denied = await app.executeAsync((done) => {
      window.__TAURI_INTERNALS__.invoke('plugin:opener|open_url', { url: 'https://example.org/' }).then(
        () => done({ ok: true }),
        (e) => done({ ok: false, e: String(e) }),
      );
    });
    assert.equal(denied.ok, false, 'the opener plugin is not granted to the page');
    assert.match(denied.e, /not allowed|denied|permission/i);
  } finally {
    await app.deleteSession();
  }
});

test('the window stays on the app when a page tries to leave it', async () => {
  const app = await launch();
  try {
    await app.execute(() => {
      window.location.href = 'file:///etc/hostname';
    });
    await app.pause(800);
    assert.match(await app.getUrl(), /^(tauri:\/\/localhost|http:\/\/tauri\.localhost)/);
    assert.equal(await heading(app), '你是哪类申请人？');
  } finally {
    await app.deleteSession();
  }
});

test('the content security policy forbids eval', async () => {
  const app = await launch();
  try {
    const result = await app.execute(() => {
      try {
        // eslint-disable-next-line no-eval
        return String(eval('1 + 1'));
      } catch (e) {
        return `blocked: ${e.name}`;
      }
    });
    assert.match(result, /^blocked/);
  } finally {
    await app.deleteSession();
  }
});
