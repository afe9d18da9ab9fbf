// A pharmacist's NMPA guide, walked through the real window to its plan: error summary, plan
// with sources and waits, Change from the answers list, and the run resumed after a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, byTest, heading, openTopic, waitForNode } from './app.mjs';

test('forgotten NMPA password: question, plan, change answer, resume after restart', async () => {
  let app = await launch();
  try {
    await openTopic(app, 'pharmacist', 'nmpa_forgot_password');
    await waitForNode(app, 'q_contact');
    assert.match(await (await byTest(app, 'progress')).getText(), /^问题 1/);
    // Facts passed before the first question are shown above it, each with its source.
    const context = await (await byTest(app, 'context')).getText();
    assert.match(context, /来源：/);
    await screenshot(app, '10-nmpa-question');

    await (await byTest(app, 'continue')).click();
    assert.match(await (await byTest(app, 'error-summary')).getText(), /请选择一项/);

    await (await byTest(app, 'option-phone')).click();
    await (await byTest(app, 'continue')).click();
    await waitForNode(app, 'plan');
    assert.equal(await (await byTest(app, 'plan')).getAttribute('data-outcome'), 'o_recovered');
    const steps = await app.$$('.steps > li.step');
    assert.ok(steps.length >= 3, `plan has ${steps.length} steps`);
    for (const s of steps) assert.match(await s.$('.source').getText(), /^来源：/);
    await screenshot(app, '11-nmpa-plan-phone');

    // Change the answer from the answers list: the question comes back with "phone" selected.
    await (await byTest(app, 'change-q_contact')).click();
    await waitForNode(app, 'q_contact');
    assert.equal(await (await byTest(app, 'option-phone')).isSelected(), true);
    await (await byTest(app, 'option-neither')).click();
    await (await byTest(app, 'continue')).click();
    await waitForNode(app, 'plan');
    assert.match(await (await byTest(app, 'total-wait')).getText(), /工作日/);
    assert.ok(await (await byTest(app, 'step-w_verify')).isExisting(), 'the staff-verification wait is on the plan');
    await screenshot(app, '12-nmpa-plan-feedback');
  } finally {
    await app.deleteSession();
  }

  // A restart finds the same plan: answers were saved in the app's data directory.
  app = await launch();
  try {
    await openTopic(app, 'pharmacist', 'nmpa_forgot_password');
    await waitForNode(app, 'plan');
    assert.ok(await (await byTest(app, 'step-w_verify')).isExisting());
    await (await byTest(app, 'restart')).click();
    await waitForNode(app, 'q_contact');
    assert.equal(await (await byTest(app, 'option-phone')).isSelected(), false);
    assert.equal(await heading(app), await (await app.$('main legend h1')).getText());
  } finally {
    await app.deleteSession();
  }
});
