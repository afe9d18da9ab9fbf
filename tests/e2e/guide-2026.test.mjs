// The four journeys added in 2026 (issue 16), walked in the real window to their plans and
// checklists: 执业药师注册, the CPTA account (with its link to the 网证 guide), 教师资格认定 and
// the 网证 guide itself; then the 网证 guide on a kiosk (full screen, large text, 64 px targets).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, screenshot, byTest, openTopic, walkGuide, waitForNode } from './app.mjs';

async function assertPlanWithPublicSources(app) {
  await waitForNode(app, 'plan');
  const steps = await app.$$('.steps > li.step');
  assert.ok(steps.length >= 2, `plan has ${steps.length} steps`);
  for (const s of steps) {
    const source = await s.$('.source').getText();
    // Every source is shown as the public knows it: never an internal name.
    assert.match(source, /^来源：/);
    assert.doesNotMatch(source, /资料 0|seed|本项目/);
  }
}

async function openChecklist(app, name) {
  await (await byTest(app, 'open-checklist')).click();
  await app.$('[data-testid="checklist"]').waitForExist({ timeout: 10_000 });
  const text = await (await byTest(app, 'checklist')).getText();
  await screenshot(app, name);
  return text;
}

test('pharmacist registration through the portal, with the date to record', async () => {
  const app = await launch();
  try {
    await walkGuide(app, 'pharmacist', 'nmpa_registration', [
      ['q_kind', 'first'],
      ['q_account', 'yes'],
      ['q_first_time', 'first'],
    ]);
    await assertPlanWithPublicSources(app);
    const plan = await (await byTest(app, 'plan')).getText();
    assert.match(plan, /其他服务/);
    assert.match(plan, /已有用户的登录授权/);
    assert.ok(await (await byTest(app, 'open-dates-a_record_first')).isExisting(), 'the step offers 我的日期');
    await screenshot(app, '70-registration-plan');
    const checklist = await openChecklist(app, '71-registration-checklist');
    assert.match(checklist, /继续教育学分/);
  } finally {
    await app.deleteSession();
  }
});

test('CPTA account: log in with the national online ID, then open the linked 网证 guide', async () => {
  const app = await launch();
  try {
    await walkGuide(app, 'pharmacist', 'cpta_account', [['q_problem', 'ctid_login']]);
    await assertPlanWithPublicSources(app);
    assert.match(await (await byTest(app, 'step-a_login_ctid')).getText(), /zg\.cpta\.com\.cn/);
    await screenshot(app, '72-cpta-account-plan');
    await (await byTest(app, 'open-guide-f_ctid_login')).click();
    await app.$('[data-testid="guide"][data-flow="ctid_network_identity"]').waitForExist({ timeout: 10_000 });
    await waitForNode(app, 'q_app');
  } finally {
    await app.deleteSession();
  }
});

test('teacher certification: national steps, the province decides the dates', async () => {
  const app = await launch();
  try {
    await walkGuide(app, 'teacher', 'jszg_certification', [
      ['q_putonghua', 'not_found'],
      ['q_degree', 'not_verified'],
      ['q_on_site', 'unsure'],
    ]);
    await assertPlanWithPublicSources(app);
    const plan = await (await byTest(app, 'plan')).getText();
    assert.match(plan, /无法核验的学历/);
    assert.match(plan, /30 个工作日/);
    await screenshot(app, '73-certification-plan');
    const checklist = await openChecklist(app, '74-certification-checklist');
    assert.match(checklist, /本省这次教师资格认定的通知/);
  } finally {
    await app.deleteSession();
  }
});

test('网证 guide for a teacher without NFC, with a foreign permanent resident ID card', async () => {
  const app = await launch();
  try {
    await walkGuide(app, 'teacher', 'ctid_network_identity', [
      ['q_app', 'national'],
      ['q_document', 'foreigner'],
      ['q_nfc', 'no'],
    ]);
    await assertPlanWithPublicSources(app);
    assert.equal(await (await byTest(app, 'plan')).getAttribute('data-outcome'), 'o_no_nfc');
    await screenshot(app, '75-ctid-plan');
    const checklist = await openChecklist(app, '76-ctid-checklist');
    assert.match(checklist, /NFC/);
  } finally {
    await app.deleteSession();
  }
});

let kioskConfig;
before(() => {
  const hash = execFileSync(process.env.AA_APP_BIN, ['--hash-pin'], { input: '2468\n' }).toString().trim();
  const dir = join(process.env.AA_E2E_HOME, 'kiosk-config-2026');
  mkdirSync(dir, { recursive: true });
  kioskConfig = join(dir, 'kiosk.toml');
  // The hosts the guides open (README's example): every portal with its subdomains.
  writeFileSync(
    kioskConfig,
    [
      'hall_name = "测试市政务服务中心"',
      'languages = ["zh-CN", "zh-TW", "en"]',
      'idle_timeout_seconds = 600',
      'allowed_hosts = ["zwfw.nmpa.gov.cn", "*.cpta.com.cn", "*.jszg.edu.cn"]',
      hash,
    ].join('\n'),
  );
});

test('kiosk: the 网证 guide at kiosk size, large text and touch targets', async () => {
  const app = await launch({ args: ['--kiosk-config', kioskConfig] });
  try {
    await openTopic(app, 'pharmacist', 'ctid_network_identity');
    for (const [node, option] of [['q_app', 'national'], ['q_document', 'resident_id']]) {
      await waitForNode(app, node);
      await (await byTest(app, `option-${option}`)).click();
      await (await byTest(app, 'continue')).click();
    }
    await waitForNode(app, 'q_nfc');
    const { height } = await (await byTest(app, 'continue')).getSize();
    assert.ok(height >= 60, `touch target ${height}px`);
    await screenshot(app, '77-kiosk-ctid-question');
    await (await byTest(app, 'option-yes')).click();
    await (await byTest(app, 'continue')).click();
    await assertPlanWithPublicSources(app);
    assert.match(await (await byTest(app, 'step-a_apply')).getText(), /立即申领/);
    await screenshot(app, '78-kiosk-ctid-plan');
  } finally {
    await app.deleteSession();
  }
});
