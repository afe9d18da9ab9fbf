// Content packs and app updates (issue 20), end to end in the real window: a mirror on
// 127.0.0.1 over HTTPS (certificate from the session's test-only CA, see session.sh) serves a
// content pack built, signed and indexed with the maintainers' tool; the app finds it in the
// background, offers it, and the new guide text shows once accepted and again after a restart.
// Then the app updater finds a signed update: a bad signature is refused, a good one verified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, normalize, extname } from 'node:path';
import { launch, screenshot, byTest, waitForNode } from './app.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const HOME = process.env.AA_E2E_HOME;
const FIX = join(HOME, 'fixtures');
const MIRROR = join(FIX, 'mirror');
const MARK = '（内容包测试）';
// The first question of the cpta_download guide, as bundled and as the pack rewords it.
const OLD_QUESTION = '你的执业药师证书已经发了吗？';
const NEW_QUESTION = `你的执业药师证书已经核发下来了吗？${MARK}`;

/** Serves MIRROR over HTTPS on the port the app was told about. */
function serve() {
  const server = createServer(
    { cert: readFileSync(join(FIX, 'ca', 'server.pem')), key: readFileSync(join(FIX, 'ca', 'server.key')) },
    (req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url, 'https://x').pathname)).replace(/^\/+/, '');
      const file = join(MIRROR, path);
      if (!file.startsWith(MIRROR) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      const type = extname(file) === '.json' ? 'application/json' : 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    },
  );
  return new Promise((resolve) => server.listen(Number(process.env.AA_MIRROR_PORT), '127.0.0.1', () => resolve(server)));
}

/**
 * A data folder like the bundled one with the version raised, one topic's title marked and the
 * zh-CN text of that topic's first guide question reworded.
 */
function publishPack() {
  const src = join(FIX, 'pack-src');
  rmSync(src, { recursive: true, force: true });
  for (const dir of ['data', 'guides']) cpSync(join(ROOT, 'src-tauri/core', dir), join(src, dir), { recursive: true });
  const manifestPath = join(src, 'data/content.toml');
  let manifest = readFileSync(manifestPath, 'utf8');
  const version = Number(manifest.match(/^version = (\d+)/m)[1]) + 1;
  manifest = manifest.replace(/^version = \d+/m, `version = ${version}`);
  manifest += '\n[[change]]\nzh-CN = "测试：下载电子证书专题的标题和第一个问题改了。"\nzh-TW = "測試：下載電子證書主題的標題和第一個問題改了。"\nen = "Test: the download topic\'s title and first question changed."\n';
  writeFileSync(manifestPath, manifest);
  const topicsPath = join(src, 'data/topics.toml');
  const topics = readFileSync(topicsPath, 'utf8');
  // The zh-CN title of the cpta_download topic gets the test mark.
  const changed = topics.replace(/(id = "cpta_download"[\s\S]*?zh-CN = ")([^"]+)"/, `$1$2${MARK}"`);
  assert.notEqual(changed, topics, 'the test must find the topic to change');
  writeFileSync(topicsPath, changed);
  const guidePath = join(src, 'guides/cpta.toml');
  const guide = readFileSync(guidePath, 'utf8');
  const reworded = guide.replace(`text.zh-CN = "${OLD_QUESTION}"`, `text.zh-CN = "${NEW_QUESTION}"`);
  assert.notEqual(reworded, guide, 'the test must find the guide question to change');
  writeFileSync(guidePath, reworded);
  const dir = join(MIRROR, 'content');
  mkdirSync(dir, { recursive: true });
  const pack = join(dir, `content-${version}.pack`);
  const tool = process.env.AA_CONTENT_TOOL;
  execFileSync(tool, ['build', '--source', src, '--out', pack]);
  execFileSync(tool, ['sign', '--key', join(FIX, 'content-key', 'content.key'), pack]);
  execFileSync(tool, ['index', pack]);
  return version;
}

/** The update manifest the app's updater reads, for the artifact signed with `sig`. */
function publishUpdate(sig) {
  const dir = join(MIRROR, 'app');
  const url = `https://127.0.0.1:${process.env.AA_MIRROR_PORT}/app/update.tar.gz`;
  const platform = { url, signature: sig };
  const platforms = {};
  for (const key of ['linux-x86_64', 'linux-x86_64-deb', 'linux-x86_64-rpm', 'linux-x86_64-appimage']) platforms[key] = platform;
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({ version: '9.9.9', notes: '测试更新', pub_date: '2026-12-01T00:00:00Z', platforms }));
}

test('a signed content pack from the mirror changes the guide content, kept after a restart', async () => {
  const version = publishPack();
  const server = await serve();
  let app;
  try {
    app = await launch();
    // The background check runs shortly after start and offers the pack.
    const notice = await byTest(app, 'content-update');
    await notice.waitForDisplayed({ timeout: 30_000 });
    assert.match(await notice.getText(), new RegExp(`第 ${version} 版`));
    assert.match(await notice.getText(), /标题和第一个问题改了/);
    await screenshot(app, '110-content-update-offered');
    await (await byTest(app, 'content-apply')).click();
    await (await byTest(app, 'content-applied')).waitForDisplayed();

    await (await byTest(app, 'option-pharmacist')).click();
    await (await byTest(app, 'continue')).click();
    await app.$('[data-testid="topics"]').waitForExist();
    const labels = await app.$$('.radio-label').map((el) => el.getText());
    assert.ok(labels.some((l) => l.endsWith(MARK)), labels.join(' | '));
    await screenshot(app, '111-content-new-title');

    // The guide itself reads the pack: its first question has the new words.
    await (await byTest(app, 'option-cpta_download')).click();
    await (await byTest(app, 'continue')).click();
    await waitForNode(app, 'q_issued');
    const question = await (await byTest(app, 'guide-question')).getText();
    assert.ok(question.includes(NEW_QUESTION) && !question.includes(OLD_QUESTION), question);
    await screenshot(app, '111b-content-new-guide-text');

    // The about panel names the version in use and what changed.
    await (await byTest(app, 'nav-home')).click();
    await (await byTest(app, 'open-about')).click();
    await app.$('[data-testid="about"]').waitForExist();
    assert.match(await (await byTest(app, 'content-version')).getText(), new RegExp(`第 ${version} 版`));
    assert.match(await (await byTest(app, 'content-changes')).getText(), /标题和第一个问题改了/);
    assert.match(await (await byTest(app, 'holiday-source')).getText(), /holiday-cn/);
    await screenshot(app, '112-about');
  } finally {
    await app?.deleteSession();
    // Closed whatever happened: an open server would keep this file's process alive.
    server.close();
  }

  // Next start: the installed pack is used from the first screen, with no mirror running.
  app = await launch();
  try {
    await (await byTest(app, 'option-pharmacist')).click();
    await (await byTest(app, 'continue')).click();
    await app.$('[data-testid="topics"]').waitForExist();
    const labels = await app.$$('.radio-label').map((el) => el.getText());
    assert.ok(labels.some((l) => l.endsWith(MARK)), labels.join(' | '));
    await (await byTest(app, 'option-cpta_download')).click();
    await (await byTest(app, 'continue')).click();
    await waitForNode(app, 'q_issued');
    assert.ok((await (await byTest(app, 'guide-question')).getText()).includes(NEW_QUESTION));
  } finally {
    await app.deleteSession();
    // Later test files expect the bundled content.
    rmSync(join(HOME, '.local/share/org.applicant-assistant.app/content'), { recursive: true, force: true });
  }
});

test('the app updater refuses a bad signature and verifies a good one', async () => {
  const dir = join(MIRROR, 'app');
  mkdirSync(dir, { recursive: true });
  const artifact = join(dir, 'update.tar.gz');
  writeFileSync(artifact, Buffer.from('not really an app, but signed like one\n'));
  const tauri = join(ROOT, 'ui/node_modules/.bin/tauri');
  execFileSync(tauri, ['signer', 'sign', '-f', join(FIX, 'updater.key'), '-p', '', artifact], { stdio: 'ignore' });
  const good = readFileSync(`${artifact}.sig`, 'utf8').trim();
  // Signed by another key: refused.
  const otherKey = join(FIX, 'other-updater.key');
  if (!existsSync(otherKey)) execFileSync(tauri, ['signer', 'generate', '--ci', '-p', '', '-w', otherKey], { stdio: 'ignore' });
  execFileSync(tauri, ['signer', 'sign', '-f', otherKey, '-p', '', artifact], { stdio: 'ignore' });
  const bad = readFileSync(`${artifact}.sig`, 'utf8').trim();

  const server = await serve();
  let app;
  try {
    app = await launch();
    await (await byTest(app, 'open-about')).click();
    await app.$('[data-testid="about"]').waitForExist();
    for (const [sig, expect] of [
      [bad, /没有安装/],
      [good, /签名验证通过|签名校验通过/],
    ]) {
      publishUpdate(sig);
      await (await byTest(app, 'app-check')).click();
      const found = await byTest(app, 'app-update-found');
      await found.waitForDisplayed({ timeout: 20_000 });
      assert.match(await found.getText(), /9\.9\.9/);
      await (await byTest(app, 'app-install')).click();
      // Asked in the page, not in an OS dialog.
      const yes = await byTest(app, 'app-install-yes');
      await yes.waitForDisplayed({ timeout: 5_000 });
      await yes.click();
      const message = await byTest(app, 'app-message');
      let seen = '';
      await app
        .waitUntil(async () => expect.test((seen = await message.getText().catch(() => ''))), { timeout: 30_000 })
        .catch((err) => {
          // What the page said instead (a load flake or a real fault), not only that it timed out.
          throw new Error(`expected ${expect} after installing, the page said: "${seen}" (${err.message})`);
        });
      await screenshot(app, sig === bad ? '113-update-refused' : '114-update-verified');
    }
  } finally {
    await app?.deleteSession();
    server.close();
  }
});
