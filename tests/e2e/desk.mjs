// The hall's desk for the end-to-end tests: the real `hall-desk` binary (target/debug/hall-desk,
// built by `cargo test`/`cargo build -p hall-desk`), started on loopback with a fresh SQLite
// database and one staff login. Its files live under /var/tmp, outside the app's home, so the
// kiosk's privacy scans see only what the app itself left.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

export const STAFF = { name: 'desk-e2e', password: '前台-e2e-password-1' };

function deskBin() {
  const built = process.env.AA_DESK_BIN || join(import.meta.dirname, '..', '..', 'target', 'debug', 'hall-desk');
  // A private copy: a rebuild during the run cannot swap the binary between two starts.
  const dir = mkdtempSync('/var/tmp/aa-desk-bin-');
  const bin = join(dir, 'hall-desk');
  copyFileSync(built, bin);
  execFileSync('chmod', ['+x', bin]);
  return { bin, dir };
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a desk. `tls: true` makes a certificate for 127.0.0.1 with openssl and serves HTTPS.
 * Returns { base, cert, stop(), kill9(), restart() }.
 */
export async function startDesk({ tls = false } = {}) {
  const dir = mkdtempSync('/var/tmp/aa-desk-');
  const { bin, dir: binDir } = deskBin();
  const port = await freePort();
  const config = join(dir, 'hall-desk.toml');
  execFileSync(bin, ['init', '--config', config, '--listen', `127.0.0.1:${port}`, '--database', `sqlite://${join(dir, 'desk.db')}`], { stdio: 'pipe' });
  let cert;
  if (tls) {
    cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-addext', 'basicConstraints=critical,CA:FALSE', '-keyout', key, '-out', cert], { stdio: 'pipe' });
    appendFileSync(config, `tls_cert = "${cert}"\ntls_key = "${key}"\n`);
  }
  execFileSync(bin, ['staff', '--config', config, 'add', STAFF.name], { input: `${STAFF.password}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
  let child;
  const serve = () =>
    new Promise((resolve, reject) => {
      child = spawn(bin, ['serve', '--config', config], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const m = out.match(/listening on (\S+)/);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`hall-desk exited with ${code} before listening`)));
    });
  const base = await serve();
  const stopped = () => new Promise((resolve) => (child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', resolve)));
  return {
    base,
    cert,
    config,
    async kill9() {
      child.kill('SIGKILL');
      await stopped();
    },
    async restart() {
      await serve();
    },
    async stop() {
      child.kill('SIGTERM');
      await stopped();
      rmSync(dir, { recursive: true, force: true });
      rmSync(binDir, { recursive: true, force: true });
    },
  };
}

/** An HTTP(S) request to the desk (trusting its own certificate): { status, headers, body }. */
export function deskFetch(desk, path, { method = 'GET', headers = {}, body } = {}) {
  if (!desk.base.startsWith('https:')) {
    return fetch(desk.base + path, { method, headers, body, redirect: 'manual' }).then(async (r) => ({
      status: r.status,
      headers: Object.fromEntries(r.headers),
      setCookie: r.headers.getSetCookie(),
      body: await r.text(),
    }));
  }
  return new Promise((resolve, reject) => {
    const req = request(desk.base + path, { method, headers, ca: readFileSync(desk.cert) }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, setCookie: res.headers['set-cookie'] ?? [], body: data }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** Posts a draft exactly as the kiosk's outbox does (src-tauri/src/intake.rs). */
export function postDraft(desk, envelope) {
  return deskFetch(desk, '/api/v1/drafts', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': envelope.id },
    body: JSON.stringify(envelope),
  });
}

/** Signs in as the test's staff member and returns the draft page of the newest draft of `name`. */
export async function draftPageOf(desk, name) {
  const login = await deskFetch(desk, '/staff/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(STAFF).toString(),
  });
  if (login.status !== 303) throw new Error(`desk login failed: ${login.status}`);
  const cookie = login.setCookie[0].split(';')[0];
  const queue = await deskFetch(desk, `/staff?q=${encodeURIComponent(name)}`, { headers: { Cookie: cookie } });
  const link = queue.body.match(/href="(\/staff\/drafts\/[^"]+)"/);
  if (!link) return null;
  return (await deskFetch(desk, link[1], { headers: { Cookie: cookie } })).body;
}

/** Signs in and returns the kiosk list page. */
export async function kioskListOf(desk) {
  const login = await deskFetch(desk, '/staff/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(STAFF).toString(),
  });
  const cookie = login.setCookie[0].split(';')[0];
  return (await deskFetch(desk, '/staff/kiosks', { headers: { Cookie: cookie } })).body;
}
