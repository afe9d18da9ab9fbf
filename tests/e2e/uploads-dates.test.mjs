// Issue 22 end to end. (1) The 认定 photo from a sideways 12-megapixel phone photo through the crop
// frame: too-small frame refused with the reason, frame dragged and zoomed, the file exactly
// 295 × 413, JPEG, under 190 KB, no EXIF. (2) 我的日期 built from a tracked reply, an e-certificate
// annotation and a typed 认定 window (an end before the start refused in place first), exported as
// .ics and read back by Python's icalendar, every event and alarm checked. (3) The same screens on a
// kiosk: no save dialog, no export, printing offered instead. Screenshots in zh-CN, standard and
// kiosk size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, screenshot, byTest, openTopic, waitForNode, typeText } from './app.mjs';
import { chooseFile, withOrientation6 } from './files.mjs';
import { startPortals } from './simulator.mjs';
import { toCertificateList, downloadFromViewer } from './cpta.mjs';

let sim;
before(async () => {
  sim = await startPortals();
});
after(() => sim.close());

const here = dirname(fileURLToPath(import.meta.url));
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** A 12-megapixel portrait photo stored sideways (4000 × 3000 pixels, EXIF orientation 6). */
function sidewaysPortrait(dir) {
  const upright = join(dir, 'upright.jpg');
  execFileSync('convert', [
    '-size', '3000x4000', 'xc:white',
    '-fill', '#d9a982', '-draw', 'ellipse 1500,1250 420,560 0,360',
    '-fill', '#2a2a30', '-draw', 'ellipse 1500,1000 460,380 180,360',
    '-fill', '#1f3050', '-draw', 'ellipse 1500,4000 1300,1300 180,360',
    '-attenuate', '0.3', '+noise', 'Gaussian', '-quality', '90', upright,
  ]);
  const sideways = join(dir, 'sideways.jpg');
  execFileSync('convert', [upright, '-rotate', '-90', '-quality', '90', sideways]);
  return withOrientation6(readFileSync(sideways));
}

/** Today in Beijing plus `days`, as [year, month, day] strings. */
function beijing(days) {
  const iso = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  return { iso, y, m: String(Number(m)), d: String(Number(d)) };
}

async function typeDate(app, id, day) {
  await (await byTest(app, `${id}-year`)).setValue(day.y);
  await (await byTest(app, `${id}-month`)).setValue(day.m);
  await (await byTest(app, `${id}-day`)).setValue(day.d);
}

/** Drags the crop frame by (dx, dy) CSS pixels with a mouse pointer. */
async function drag(app, dx, dy) {
  const frame = await byTest(app, 'crop-frame');
  await app
    .action('pointer', { parameters: { pointerType: 'mouse' } })
    .move({ origin: frame, x: 0, y: 0 })
    .down()
    .move({ origin: 'pointer', x: dx, y: dy, duration: 200 })
    .up()
    .perform();
}

test('the 认定 photo from a sideways 12-megapixel photo, through the crop frame', async () => {
  const dir = join(process.env.AA_E2E_HOME, 'photos-22');
  mkdirSync(dir, { recursive: true });
  const original = sidewaysPortrait(dir);
  writeFileSync(join(dir, 'phone.jpg'), original);

  const app = await launch();
  try {
    await (await byTest(app, 'open-uploads')).click();
    await (await byTest(app, 'upload-presets')).waitForExist();
    await (await byTest(app, 'continue')).click();
    await (await byTest(app, 'error-summary')).waitForExist();
    await (await byTest(app, 'option-jszg_photo')).click();
    await (await byTest(app, 'continue')).click();
    await (await byTest(app, 'upload-frame')).waitForExist();
    assert.match(await (await byTest(app, 'upload-spec')).getText(), /295 × 413/);

    // A damaged file: the hand-held photo's plain message.
    await chooseFile(app, '[data-testid="upload-file"]', original.subarray(0, 5000), 'broken.jpg', 'image/jpeg');
    await (await byTest(app, 'upload-problem')).waitForExist({ timeout: 30_000 });
    assert.match(await (await byTest(app, 'upload-problem')).getText(), /损坏或不完整/);

    await chooseFile(app, '[data-testid="upload-file"]', original, 'IMG_2041.jpg', 'image/jpeg');
    const frame = await byTest(app, 'crop-frame');
    await frame.waitForExist({ timeout: 60_000 });
    // Upright: 3000 × 4000, so the stage is portrait.
    const stage = await app.$('.crop-stage').getSize();
    assert.ok(stage.height > stage.width, `portrait stage ${stage.width}x${stage.height}`);
    await (await app.$('.crop-stage')).scrollIntoView();
    await screenshot(app, '22-crop-frame');

    // Shrink the frame far too much: refused with the reason, nothing made.
    for (let i = 0; i < 40; i++) await (await byTest(app, 'crop-smaller')).click();
    const tiny = await (await byTest(app, 'crop-pixels')).getText();
    await (await byTest(app, 'make')).click();
    const refused = await byTest(app, 'crop-problem');
    await refused.waitForExist({ timeout: 30_000 });
    assert.match(await refused.getText(), /放大超过 150%/, tiny);
    await screenshot(app, '22-crop-refused');

    // Zoom back out (to the largest frame, then a little smaller), drag it up and left, and
    // nudge it with the keyboard.
    for (let i = 0; i < 40; i++) await (await byTest(app, 'crop-bigger')).click();
    for (let i = 0; i < 3; i++) await (await byTest(app, 'crop-smaller')).click();
    let before = await frame.getLocation();
    await drag(app, -20, -15);
    let after = await frame.getLocation();
    assert.ok(before.x - after.x > 10 && before.y - after.y > 5, `dragged: ${JSON.stringify([before, after])}`);
    before = after;
    await frame.click();
    await app.keys(['ArrowRight', 'ArrowRight']);
    after = await frame.getLocation();
    assert.ok(after.x > before.x, 'moved with the keyboard');
    await (await byTest(app, 'make')).click();
    const made = await byTest(app, 'upload-made');
    await made.waitForExist({ timeout: 60_000 });
    assert.match(await (await byTest(app, 'upload-info')).getText(), /^295 × 413 像素/);
    await screenshot(app, '22-photo-made');

    // The bytes the applicant would save: the page holds them as a data URL.
    const url = await made.getAttribute('src');
    const jpeg = Buffer.from(url.split(',')[1], 'base64');
    assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
    assert.ok(jpeg.length <= 190 * 1024, `${jpeg.length} bytes`);
    assert.ok(!jpeg.includes(Buffer.from('Exif\0\0', 'latin1')), 'no EXIF');
    writeFileSync(join(dir, 'made.jpg'), jpeg);
    const size = execFileSync('identify', ['-format', '%w %h %m', join(dir, 'made.jpg')]).toString();
    assert.equal(size, '295 413 JPEG');
    // Upright: white at the top, the dark shoulders at the bottom.
    const top = execFileSync('convert', [join(dir, 'made.jpg'), '-crop', '295x20+0+0', '-format', '%[fx:mean]', 'info:']).toString();
    const bottom = execFileSync('convert', [join(dir, 'made.jpg'), '-crop', '295x20+0+393', '-format', '%[fx:mean]', 'info:']).toString();
    assert.ok(Number(top) > 0.85 && Number(bottom) < 0.5, `top ${top}, bottom ${bottom}`);
    assert.deepEqual(readFileSync(join(dir, 'phone.jpg')), original, 'the original file is unchanged');
    assert.ok(await (await byTest(app, 'upload-save')).isExisting(), 'desktop offers the save dialog');
  } finally {
    await app.deleteSession();
  }
});

test('我的日期 from a reply, an annotation and a typed window, exported and read back', async () => {
  // The certificate tests ran in this home with the same certificate and a 90-day annotation:
  // start from an empty vault, so the annotation typed here is the one 我的日期 shows.
  rmSync(join(process.env.AA_E2E_HOME, '.local/share/org.applicant-assistant.app/certificates'), { recursive: true, force: true });
  const app = await launch();
  try {
    // A tracked reply: the teacher site's manual review (7 working days).
    // (The guide opens with the ID check, which is skipped here.)
    await openTopic(app, 'teacher', 'jszg_real_name');
    await (await byTest(app, 'id-skip')).click();
    for (const [node, option] of [['q_result', 'failed'], ['q_wangzheng', 'failed']]) {
      await waitForNode(app, node);
      await (await byTest(app, `option-${option}`)).click();
      await (await byTest(app, 'continue')).click();
    }
    await waitForNode(app, 'plan');
    await (await byTest(app, 'track-w_manual')).click();
    await (await byTest(app, 'tracking-w_manual')).waitForExist();

    // An e-certificate downloaded on the (simulated) CPTA site, with an annotation of 30 days.
    const main = await app.getWindowHandle();
    await (await byTest(app, 'nav-certificates')).click();
    await (await byTest(app, 'certificates')).waitForExist();
    const { news, zs } = await toCertificateList(app, main);
    await app.switchToWindow(zs);
    await downloadFromViewer(app, main, [news, zs]);
    await (await byTest(app, 'capture-outcome')).waitForExist({ timeout: 15_000 });
    await (await byTest(app, 'cert-edit')).click();
    await (await byTest(app, 'cert-details')).waitForExist();
    await typeDate(app, 'cert-issue', beijing(-400));
    await (await byTest(app, 'cert-save')).click();
    await app.$('[data-testid="certificates"][data-page="list"]').waitForExist();
    await (await byTest(app, 'annotate')).click();
    await (await byTest(app, 'annotate-form')).waitForExist();
    await (await byTest(app, 'option-本人调用')).click();
    const annEnd = beijing(30);
    await typeDate(app, 'ann-from', beijing(0));
    await typeDate(app, 'ann-to', annEnd);
    await (await byTest(app, 'annotate-submit')).click();
    await app.$('[data-testid="certificates"][data-page="list"]').waitForExist();
    await (await byTest(app, 'ann-done')).click();

    await (await byTest(app, 'nav-dates')).click();
    await (await byTest(app, 'my-dates')).waitForExist();
    await (await byTest(app, 'dates-add')).click();
    await (await byTest(app, 'option-certification_window')).click();
    await (await byTest(app, 'continue')).click();
    await (await byTest(app, 'dates-details')).waitForExist();
    const start = beijing(7);
    const end = beijing(18);
    await typeText(await byTest(app, 'dates-place'), '湖南省');
    await typeDate(app, 'dates-starts', end);
    await typeDate(app, 'dates-ends', start);
    await (await byTest(app, 'dates-opens')).setValue('8:30');
    await (await byTest(app, 'dates-closes')).setValue('17：30');
    await (await byTest(app, 'dates-save')).click();
    const summary = await byTest(app, 'error-summary');
    await summary.waitForExist();
    assert.match(await summary.getText(), /结束日期.*在开始日期.*之前/);
    assert.equal(await (await byTest(app, 'dates-place')).getValue(), '湖南省', 'what was typed is kept');
    await screenshot(app, '22-dates-window-refused');
    await typeDate(app, 'dates-starts', start);
    await typeDate(app, 'dates-ends', end);
    await (await byTest(app, 'dates-save')).click();
    await (await byTest(app, 'dates-notice')).waitForExist();
    // One script call (parallel WebDriver requests upset WebKitWebDriver).
    const kinds = await app.execute(() => [...document.querySelectorAll('li.date-item')].map((e) => e.dataset.kind));
    assert.ok(kinds.includes('certification_window'), kinds.join());
    assert.ok(kinds.includes('tracked_reply'), kinds.join());
    assert.ok(kinds.includes('annotation_end'), kinds.join());
    await screenshot(app, '22-my-dates');

    await (await byTest(app, 'dates-export')).click();
    const note = await byTest(app, 'dates-notice');
    await app.waitUntil(async () => /\.ics/.test(await note.getText()), { timeout: 10_000 });
    const path = (await note.getText()).match(/(\/\S+\.ics)/)[1];
    const parsed = JSON.parse(execFileSync(python, [join(here, '..', 'ics', 'parse_ics.py'), path]).toString());
    assert.equal(parsed.timezones[0].tzid, 'Asia/Shanghai');
    const byUid = (p) => parsed.events.find((e) => e.uid.startsWith(p));
    const open = parsed.events.find((e) => /^entry-.*-open@/.test(e.uid));
    assert.equal(open.start.datetime, `${start.iso}T08:30:00`);
    assert.equal(open.start.tzid, 'Asia/Shanghai');
    assert.equal(open.end.datetime, `${start.iso}T17:30:00`);
    assert.equal(open.rrule.FREQ[0], 'DAILY');
    assert.equal(open.alarms.length, 1);
    const last = parsed.events.find((e) => /^entry-.*-last@/.test(e.uid));
    assert.equal(last.start.date, end.iso);
    assert.deepEqual(last.alarms.map((a) => a.trigger_seconds), [-3 * 86400 + 9 * 3600, -86400 + 9 * 3600]);
    const reply = parsed.events.find((e) => e.uid.startsWith('tracked-'));
    assert.ok(reply && reply.start.date && reply.alarms[0].trigger_seconds === 9 * 3600, JSON.stringify(reply));
    for (const e of parsed.events) assert.ok(e.alarms.length > 0 && e.alarms.every((a) => a.action === 'DISPLAY'), e.uid);
    const ann = byUid('annotation-end-');
    assert.equal(ann.start.date, annEnd.iso);
    assert.deepEqual(ann.alarms.map((a) => a.trigger_seconds), [-7 * 86400 + 9 * 3600, -86400 + 9 * 3600]);
  } finally {
    await app.deleteSession();
  }
});

test('on a kiosk: no save dialog and no export; printing instead', async () => {
  const dir = join(process.env.AA_E2E_HOME, 'kiosk-22');
  mkdirSync(dir, { recursive: true });
  const hash = execFileSync(process.env.AA_APP_BIN, ['--hash-pin'], { input: '2468\n' }).toString().trim();
  const config = join(dir, 'kiosk.toml');
  writeFileSync(config, ['hall_name = "测试市政务服务中心"', 'languages = ["zh-CN"]', 'idle_timeout_seconds = 600', 'allowed_hosts = ["127.0.0.1"]', hash].join('\n'));
  // The applicant's USB stick (the test-only AA_MEDIA_ROOT stands in for the removable-media folder).
  const stick = join(process.env.AA_MEDIA_ROOT, 'STICK-22');
  mkdirSync(stick, { recursive: true });
  writeFileSync(join(stick, 'photo-22.jpg'), sidewaysPortrait(dir));
  const app = await launch({ args: ['--kiosk-config', config] });
  try {
    await (await byTest(app, 'open-uploads')).click();
    await (await byTest(app, 'option-jszg_photo')).click();
    await (await byTest(app, 'continue')).click();
    // A kiosk has no file input (it would open the OS file chooser): the photo comes from the stick.
    assert.equal(await (await byTest(app, 'upload-file')).isExisting(), false, 'no file input on a kiosk');
    await (await byTest(app, 'upload-file-media')).click();
    await (await app.$('[data-testid="media-file"][data-name="photo-22.jpg"]')).click();
    await (await byTest(app, 'crop-frame')).waitForExist({ timeout: 60_000 });
    await (await app.$('.crop-stage')).scrollIntoView();
    await screenshot(app, '22-kiosk-crop-frame');
    await (await byTest(app, 'make')).click();
    await (await byTest(app, 'upload-made')).waitForExist({ timeout: 60_000 });
    assert.equal(await (await byTest(app, 'upload-save')).isExisting(), false, 'no save dialog on a kiosk');
    assert.ok(await (await byTest(app, 'upload-print')).isExisting());
    await screenshot(app, '22-kiosk-photo-made');

    await (await byTest(app, 'nav-dates')).click();
    await (await byTest(app, 'dates-add')).click();
    await (await byTest(app, 'option-id_card_end')).click();
    await (await byTest(app, 'continue')).click();
    await typeDate(app, 'dates-ends', beijing(200));
    await (await byTest(app, 'dates-save')).click();
    await (await byTest(app, 'dates-notice')).waitForExist();
    assert.equal(await (await byTest(app, 'dates-export')).isExisting(), false, 'no .ics on a kiosk');
    assert.ok(await (await byTest(app, 'dates-print')).isExisting());
    await screenshot(app, '22-kiosk-my-dates');
  } finally {
    await app.deleteSession();
    rmSync(stick, { recursive: true, force: true });
  }
});
