// Window habits and the first start: the language follows the OS locale (zh_HK → 繁體中文) until
// the applicant chooses, and a second launch brings the running app to the front instead of
// starting another that would share its data files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { launch, startSession, screenshot, byTest, heading } from './app.mjs';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** A tauri-driver of its own with `env` (the app inherits the driver's environment). */
async function launchWithEnv(env) {
  const [port, nativePort] = [await freePort(), await freePort()];
  const driver = spawn(
    'tauri-driver',
    ['--port', String(port), '--native-port', String(nativePort), '--native-driver', execFileSync('sh', ['-c', 'command -v WebKitWebDriver']).toString().trim()],
    { env: { ...process.env, ...env }, stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok).catch(() => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  let browser;
  try {
    browser = await startSession({ port });
  } catch (err) {
    driver.kill('SIGTERM');
    throw err;
  }
  await browser.$('main[data-ready="true"]').waitForExist({ timeout: 30_000 });
  return {
    browser,
    async close() {
      await browser.deleteSession().catch(() => {});
      driver.kill('SIGTERM');
      await new Promise((r) => driver.once('exit', r));
    },
  };
}

test('first start under a zh_HK locale shows 繁體中文, and the choice then sticks', async () => {
  // A first start: a home of its own, with nothing saved.
  const home = mkdtempSync(join(process.env.AA_E2E_HOME, 'hk-'));
  const env = {
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    LANG: 'zh_HK.UTF-8',
    LC_ALL: '',
    LC_MESSAGES: '',
    LANGUAGE: '',
  };
  for (const d of ['data', 'config', 'cache']) mkdirSync(join(home, d));
  let app = await launchWithEnv(env);
  try {
    assert.equal(await heading(app.browser), '你是哪類申請人？');
    assert.equal(await app.browser.execute(() => document.documentElement.lang), 'zh-TW');
    assert.equal(await (await byTest(app.browser, 'lang-zh-TW')).getAttribute('aria-pressed'), 'true');
    await screenshot(app.browser, '75-first-start-zh-HK');
    await (await byTest(app.browser, 'lang-zh-CN')).click();
  } finally {
    await app.close();
  }
  // The applicant chose 简体中文: the locale no longer decides.
  app = await launchWithEnv(env);
  try {
    assert.equal(await heading(app.browser), '你是哪类申请人？');
  } finally {
    await app.close();
    // The app's web processes may go on writing their shader cache for a while after it closes;
    // the home lies inside the run's own, which the run removes at its end (session.sh).
    try {
      rmSync(home, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
    } catch {
      // left for the end of the run
    }
  }
});

const hasFocus = (app) => app.execute(() => document.hasFocus());

test('a second launch brings the running app to the front and exits', async () => {
  const app = await launch();
  let other;
  try {
    await app.waitUntil(() => hasFocus(app), { timeout: 10_000, timeoutMsg: 'the window never had the focus' });
    // Another window takes the focus.
    other = spawn('xmessage', ['-name', 'aa-other-window', '-title', 'aa-other-window', 'another program'], { stdio: 'ignore' });
    let id = '';
    await app.waitUntil(
      () => {
        try {
          id = execFileSync('xdotool', ['search', '--name', '^aa-other-window$']).toString().trim().split('\n')[0];
        } catch {
          id = '';
        }
        return id !== '';
      },
      { timeout: 10_000, timeoutMsg: 'the other window never appeared' },
    );
    execFileSync('xdotool', ['windowfocus', '--sync', id]);
    await app.waitUntil(async () => !(await hasFocus(app)), { timeout: 5_000, timeoutMsg: 'the app kept the focus' });

    const before = execFileSync('pgrep', ['-f', `^${process.env.AA_APP_BIN}`]).toString().trim().split('\n');
    const started = Date.now();
    const code = await new Promise((resolve, reject) => {
      const second = execFile(process.env.AA_APP_BIN, [], { timeout: 20_000 }, (err) => (err && err.code === undefined ? reject(err) : resolve(err ? err.code : 0)));
      second.on('error', reject);
    });
    assert.equal(code, 0, 'the second launch exits cleanly');
    console.log(`second launch handed over and exited after ${Date.now() - started} ms`);
    await app.waitUntil(() => hasFocus(app), { timeout: 5_000, timeoutMsg: 'the running app did not come to the front' });
    const focusPid = execFileSync('sh', ['-c', 'xdotool getwindowfocus getwindowpid 2>/dev/null || true']).toString().trim();
    if (focusPid) assert.ok(before.includes(focusPid), `the focused window belongs to pid ${focusPid}, not the app (${before})`);
    const after = execFileSync('pgrep', ['-f', `^${process.env.AA_APP_BIN}`]).toString().trim().split('\n');
    assert.deepEqual(after, before, 'no second app process is left running');
    assert.equal(await heading(app), '你是哪类申请人？', 'the running app goes on as it was');
  } finally {
    other?.kill();
    await app.deleteSession();
  }
});

/** The thread names of each of the app's page processes (WebKitWebProcess, anywhere below the app). */
function pageProcessThreads() {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm=']).toString().trim().split('\n');
  const procs = rows.map((r) => r.trim().split(/\s+/)).map(([pid, ppid, ...c]) => ({ pid, ppid, comm: c.join(' ') }));
  const tree = new Set(execFileSync('pgrep', ['-f', `^${process.env.AA_APP_BIN}`]).toString().trim().split('\n'));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (tree.has(p.ppid) && !tree.has(p.pid)) (tree.add(p.pid), (grew = true));
  }
  return procs
    .filter((p) => tree.has(p.pid) && p.comm.startsWith('WebKitWebProces'))
    .map((p) => readdirSync(`/proc/${p.pid}/task`).map((t) => readFileSync(`/proc/${p.pid}/task/${t}/comm`, 'utf8').trim()));
}

// WebKitGTK starts its Skia GPU worker in a page process only to draw with GL compositing.
const drawsWithGl = (threads) => threads.some((name) => name.startsWith('SkiaGPU'));

test('on Linux the page is drawn without GL compositing, unless AA_GPU_COMPOSITING=1 keeps it', async () => {
  const app = await launch();
  try {
    await screenshot(app, '79-drawn-without-gl');
    const pages = pageProcessThreads();
    assert.ok(pages.length > 0, 'the app has a page process');
    for (const threads of pages) assert.ok(!drawsWithGl(threads), `the page process draws with GL: ${threads.join(', ')}`);
  } finally {
    await app.deleteSession();
  }
  const kept = await launchWithEnv({ AA_GPU_COMPOSITING: '1' });
  try {
    assert.equal(await heading(kept.browser), '你是哪类申请人？');
    const pages = pageProcessThreads();
    assert.ok(pages.some(drawsWithGl), `AA_GPU_COMPOSITING=1 keeps WebKit's default (threads: ${pages.map((t) => t.join(', ')).join(' | ')})`);
  } finally {
    await kept.close();
  }
});
