// 关怀 mode and read-aloud in the real window: the switch, what it does to the page (contrast,
// text, spacing, targets), read-aloud reaching the OS speech engine (speech-dispatcher running
// espeak-ng's Mandarin voice), a hall that starts every applicant in 关怀 mode, and the keyboard.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, screenshot, byTest, heading } from './app.mjs';

const speechDir = join(process.env.AA_E2E_HOME, 'speech');
const spoken = join(speechDir, 'spoken.txt');
const wav = join(speechDir, 'spoken.wav');

before(() => {
  // speech-dispatcher, started on demand by the app's speech library, reads the user config.
  // Its output module runs the real espeak-ng with the voice the app chose, into a WAV file
  // instead of a sound card (there is none under Xvfb), and notes the text it was given.
  const conf = join(process.env.XDG_CONFIG_HOME, 'speech-dispatcher');
  mkdirSync(join(conf, 'modules'), { recursive: true });
  mkdirSync(speechDir, { recursive: true });
  writeFileSync(
    join(conf, 'speechd.conf'),
    [
      'Timeout 2',
      'LogLevel 3',
      // No sound card under Xvfb: libao (which falls back to its null device) lets the
      // output module start; the generic module writes the audio to a file anyway.
      'AudioOutputMethod "libao"',
      `LogDir "${speechDir}"`,
      'AddModule "espeak-ng-file" "sd_generic" "espeak-ng-file.conf"',
      'DefaultModule "espeak-ng-file"',
      'DefaultLanguage "zh"',
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(conf, 'modules', 'espeak-ng-file.conf'),
    [
      `GenericExecuteSynth "printf '%s\\\\n' \\'$DATA\\' >> ${spoken}; printf %s \\'$DATA\\' | espeak-ng -v $VOICE -w ${wav} --stdin"`,
      'GenericCmdDependency "espeak-ng"',
      // espeak-ng's Mandarin voice, offered for Chinese (the app picks it for zh-CN and zh-TW).
      'AddVoice "zh" "MALE1" "cmn"',
      'GenericLanguage "zh" "cmn" "utf-8"',
    ].join('\n') + '\n',
  );
});

/** Contrast ratio of two CSS rgb() colours (WCAG relative luminance). */
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, b2] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

test('关怀 mode: one switch for contrast, the largest text, spacing and targets; read-aloud reaches the speech engine', async () => {
  const app = await launch();
  try {
    assert.equal(await (await byTest(app, 'read-aloud')).isExisting(), false, 'read-aloud belongs to 关怀 mode');
    await (await byTest(app, 'care-mode')).click();
    await app.$('html[data-care="true"]').waitForExist();
    const look = await app.execute(() => {
      const body = getComputedStyle(document.body);
      const hint = getComputedStyle(document.querySelector('[data-testid="home"] .hint'));
      const button = document.querySelector('[data-testid="continue"]').getBoundingClientRect();
      return { size: body.fontSize, line: body.lineHeight, color: body.color, hint: hint.color, bg: getComputedStyle(document.documentElement).backgroundColor, buttonH: button.height };
    });
    assert.ok(parseFloat(look.size) >= 24, `body text ${look.size}`);
    assert.ok(parseFloat(look.line) / parseFloat(look.size) >= 1.5, `line spacing ${look.line} for ${look.size}`);
    const bg = look.bg === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : look.bg;
    assert.ok(contrast(look.color, bg) >= 7, `body text contrast ${contrast(look.color, bg).toFixed(1)}:1`);
    assert.ok(contrast(look.hint, bg) >= 7, `hint text contrast ${contrast(look.hint, bg).toFixed(1)}:1`);
    assert.ok(look.buttonH >= 72, `continue button ${look.buttonH}px high`);
    assert.match(await (await app.$('[data-testid="home"] .hint')).getText(), /选一个最像你的/, 'plain words where the catalog has them');
    await screenshot(app, '70-care-home-zh-CN');

    // Read aloud: the heading and the question reach speech-dispatcher, which has espeak-ng
    // speak them with its Mandarin voice.
    await (await byTest(app, 'read-aloud')).click();
    await app
      .waitUntil(() => existsSync(spoken) && readFileSync(spoken, 'utf8').includes('你是哪类申请人'), { timeout: 20_000 })
      .catch(async () => {
        const log = join(speechDir, 'speech-dispatcher.log');
        assert.fail(
          `speech-dispatcher never received the page: ${existsSync(spoken) ? readFileSync(spoken, 'utf8') : 'nothing spoken'}; ` +
            `the button says "${await (await byTest(app, 'read-aloud-message')).getText()}"\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-3000) : ''}`,
        );
      });
    const said = readFileSync(spoken, 'utf8');
    assert.match(said, /执业药师/, 'the choices are read too');
    await app.waitUntil(() => existsSync(wav) && statSync(wav).size > 20_000, { timeout: 20_000, timeoutMsg: 'espeak-ng made no audio' });
    console.log(`speech-dispatcher → espeak-ng (cmn) received: ${JSON.stringify(said.trim())}; audio ${statSync(wav).size} bytes`);
    assert.equal(await (await byTest(app, 'read-aloud-message')).getText(), '', 'no complaint when it could read');

    // A page whose language the engine has no voice for says so instead of doing nothing
    // (unless the WebView itself can speak English).
    await (await byTest(app, 'lang-en')).click();
    const webEnglish = await app.execute(() => typeof speechSynthesis !== 'undefined' && speechSynthesis.getVoices().some((v) => /^en/i.test(v.lang)));
    if (!webEnglish) {
      await (await byTest(app, 'read-aloud')).click();
      await app.waitUntil(async () => (await (await byTest(app, 'read-aloud-message')).getText()) !== '', { timeout: 15_000 });
      assert.equal(await (await byTest(app, 'read-aloud-message')).getText(), 'This computer has no English voice, so the page cannot be read aloud.');
      await screenshot(app, '71-care-no-voice-en');
    } else {
      console.log('the WebView speaks English itself: the no-voice message is covered by the unit tests');
    }
    await (await byTest(app, 'lang-zh-CN')).click();

    // Remembered across a restart.
  } finally {
    await app.deleteSession();
  }
  const again = await launch();
  try {
    assert.equal(await again.execute(() => document.documentElement.dataset.care), 'true', '关怀 mode is remembered');
    // Leave the defaults for the next test file.
    await (await byTest(again, 'care-mode')).click();
    await again.$('html[data-care="false"]').waitForExist();
  } finally {
    await again.deleteSession();
  }
});

test('keyboard: a skip link first, every control reachable by Tab with a visible focus', async () => {
  const app = await launch();
  try {
    for (const care of [false, true]) {
      if (care) await (await byTest(app, 'care-mode')).click();
      await app.execute(() => {
        document.activeElement?.blur();
        window.scrollTo(0, 0);
      });
      const controls = await app.execute(() =>
        [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex="0"]')]
          .filter((el) => !el.disabled && el.getClientRects().length > 0 && !el.closest('[hidden]'))
          // A radio group is one Tab stop (its checked radio, or its first): arrows move inside.
          .filter((el) => {
            if (el.type !== 'radio') return true;
            const group = [...document.querySelectorAll(`input[type="radio"][name="${el.name}"]`)];
            return group.some((r) => r.checked) ? el.checked : group[0] === el;
          })
          .map((el) => el.dataset.testid || el.id || el.textContent.trim()),
      );
      const reached = [];
      let first = null;
      for (let i = 0; i < controls.length + 10; i++) {
        await app.keys('Tab');
        const f = await app.execute(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const s = getComputedStyle(el);
          const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none');
          return { id: el.dataset.testid || el.id || el.textContent.trim(), skip: el.classList.contains('skip-link'), visible, rect: el.getBoundingClientRect().width > 0 };
        });
        if (!f) continue;
        first ??= f;
        assert.ok(f.visible, `focus on "${f.id}" is not visible (care ${care})`);
        if (!reached.includes(f.id)) reached.push(f.id);
      }
      assert.ok(first?.skip, `the first Tab lands on the skip link, not ${first?.id}`);
      for (const c of controls) if (!c.startsWith('跳到')) assert.ok(reached.includes(c), `"${c}" is never reached by Tab (care ${care}); reached: ${reached.join(' | ')}`);
    }
    // The skip link moves focus to the content.
    await app.execute(() => document.activeElement?.blur());
    await app.keys('Tab');
    await app.keys('Enter');
    assert.equal(await app.execute(() => document.activeElement?.id || document.activeElement?.closest('main')?.id), 'main');
    await (await byTest(app, 'care-mode')).click();
    await app.$('html[data-care="false"]').waitForExist();
  } finally {
    await app.deleteSession();
  }
});

test('a hall whose kiosk.toml asks for it starts every applicant in 关怀 mode, in its first language', async () => {
  const hash = execFileSync(process.env.AA_APP_BIN, ['--hash-pin'], { input: '2468\n' }).toString().trim();
  const dir = join(process.env.AA_E2E_HOME, 'kiosk-care');
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'kiosk.toml');
  writeFileSync(config, ['hall_name = "测试市政务服务中心"', 'languages = ["zh-CN", "en"]', 'care_mode = true', hash].join('\n'));
  const app = await launch({ args: ['--kiosk-config', config] });
  try {
    assert.equal(await heading(app), '你是哪类申请人？');
    assert.equal(await app.execute(() => document.documentElement.dataset.care), 'true');
    assert.equal(await app.execute(() => document.documentElement.lang), 'zh-CN');
    await (await byTest(app, 'read-aloud')).waitForExist();
    await screenshot(app, '72-kiosk-care-home-zh-CN');
    await (await byTest(app, 'option-pharmacist')).click();
    await (await byTest(app, 'continue')).click();
    await app.$('[data-testid="topics"]').waitForExist();
    await screenshot(app, '73-kiosk-care-topics-zh-CN');
  } finally {
    await app.deleteSession();
  }
});
