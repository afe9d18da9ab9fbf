// One guide per remaining portal walked to its plan in the real window: CPTA (e-certificate)
// and 中国教师资格网, the latter through a date question (account made before/after 2019-03-01).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, byTest, openTopic, waitForNode } from './app.mjs';

async function currentQuestion(app) {
  const q = await app.$('[data-testid="guide-question"]');
  return (await q.isExisting()) ? q.getAttribute('data-node') : null;
}

async function setDate(app, y, m, d) {
  for (const [part, v] of [['year', y], ['month', m], ['day', d]]) {
    const el = await byTest(app, `answer-${part}`);
    await el.clearValue();
    await el.setValue(v);
  }
}

/** Answers with the first option (or `date`) until the plan shows; returns the nodes seen. */
async function walkToPlan(app, date) {
  const seen = [];
  for (let i = 0; i < 20; i++) {
    await app.$('[data-testid="guide-question"], [data-testid="plan"]').waitForExist();
    const node = await currentQuestion(app);
    if (!node) return seen;
    seen.push(node);
    if (await (await byTest(app, 'answer-year')).isExisting()) await setDate(app, ...date);
    else await (await app.$('[data-testid="guide-question"] input[type="radio"]')).click();
    await (await byTest(app, 'continue')).click();
    await app.waitUntil(async () => (await currentQuestion(app)) !== node, { timeout: 10_000 });
  }
  throw new Error(`no plan after 20 questions: ${seen.join(' → ')}`);
}

async function assertPlanWithSources(app) {
  await waitForNode(app, 'plan');
  const steps = await app.$$('.steps > li.step');
  assert.ok(steps.length >= 2, `plan has ${steps.length} steps`);
  for (const s of steps) assert.match(await s.$('.source').getText(), /^来源：/);
}

test('CPTA e-certificate download guide reaches its plan', async () => {
  const app = await launch();
  try {
    await openTopic(app, 'pharmacist', 'cpta_download');
    const seen = await walkToPlan(app, ['2024', '1', '1']);
    assert.ok(seen.length >= 1);
    await assertPlanWithSources(app);
    await screenshot(app, '30-cpta-download-plan');
  } finally {
    await app.deleteSession();
  }
});

test('teacher login guide: a date question refuses an impossible date, then reaches the plan', async () => {
  const app = await launch();
  try {
    await openTopic(app, 'teacher', 'jszg_login_failed');
    // The path to the date question: still failing → used it before → this site → know when.
    for (const [node, choice] of [['q_typed', 'still'], ['q_first', 'before'], ['q_ntce', 'jszg'], ['q_know_when', 'know']]) {
      await waitForNode(app, node);
      await (await byTest(app, `option-${choice}`)).click();
      await (await byTest(app, 'continue')).click();
    }
    await waitForNode(app, 'q_when');
    // A real date the guide cannot use (a typing slip) is refused by the core, and kept.
    await setDate(app, '1850', '1', '1');
    await (await byTest(app, 'continue')).click();
    await app.waitUntil(async () => (await byTest(app, 'error-summary')).isExisting(), { timeout: 10_000 });
    assert.match(await (await byTest(app, 'error-summary')).getText(), /不在可能的范围内/);
    assert.equal(await (await byTest(app, 'answer-year')).getValue(), '1850');
    await setDate(app, '2019', '2', '30');
    await (await byTest(app, 'continue')).click();
    assert.match(await (await byTest(app, 'error-summary')).getText(), /日期必须是真实存在的日期/);
    assert.equal(await (await byTest(app, 'answer-day')).getValue(), '30', 'the typed date is kept');
    await screenshot(app, '31-jszg-date-error');
    await setDate(app, '2018', '6', '1');
    await (await byTest(app, 'continue')).click();
    await app.waitUntil(async () => (await currentQuestion(app)) !== 'q_when', { timeout: 10_000 });
    const sawDate = true;
    assert.ok(sawDate, 'a date question was shown');
    await walkToPlan(app, ['2018', '6', '1']);
    await assertPlanWithSources(app);
    // An account made before 2019-03-01 shows the cutoff rule on the plan.
    assert.match(await (await byTest(app, 'plan')).getText(), /2019/);
    await screenshot(app, '32-jszg-login-plan');
  } finally {
    await app.deleteSession();
  }
});
