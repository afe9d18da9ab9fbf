// The ID check that opens the long-term-ID guide: a wrong check character is pointed out while
// typing, the corrected number passes, and the validity period gets per-portal advice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, byTest, openTopic } from './app.mjs';

async function typeInto(app, testId, text) {
  const el = await byTest(app, testId);
  await el.clearValue();
  await el.setValue(text);
}

test('a mistyped ID number is explained, corrected, and the long-term period advised', async () => {
  const app = await launch();
  try {
    await openTopic(app, 'pharmacist', 'nmpa_long_term_id');
    await app.$('[data-testid="identity-check"]').waitForExist();

    // Valid would be 11010519491231002X: the last character is wrong.
    await typeInto(app, 'id-number', '110105194912310021');
    await (await byTest(app, 'id-start-year')).click(); // leave the field: all problems show
    const problem = await byTest(app, 'id-problem');
    await problem.waitForExist();
    const text = await problem.getText();
    assert.match(text, /18/, text);
    assert.match(text, /X/, text);
    assert.equal(await app.$('.id-echo .bad').getText(), '1');
    await screenshot(app, '20-id-wrong-check-character');

    // What was typed is kept; the fix is one character (lower-case x is accepted).
    assert.equal(await (await byTest(app, 'id-number')).getValue(), '110105194912310021');
    await typeInto(app, 'id-number', '11010519491231002x');
    await (await byTest(app, 'id-ok')).waitForExist();
    assert.match(await (await byTest(app, 'id-ok')).getText(), /1101\*+002X/);

    await typeInto(app, 'id-start-year', '2015');
    await typeInto(app, 'id-start-month', '3');
    await typeInto(app, 'id-start-day', '7');
    await (await byTest(app, 'option-long_term')).click();
    await (await byTest(app, 'id-check')).click();
    await (await byTest(app, 'id-result')).waitForExist();
    assert.equal(await app.$$('[data-testid="finding-error"]').length, 0);
    const nmpa = await (await byTest(app, 'advice-nmpa')).getText();
    assert.match(nmpa, /留空/);
    await screenshot(app, '21-id-long-term-advice');

    // An impossible end date on a non-long-term card gets the date's own message.
    await (await byTest(app, 'option-date')).click();
    await typeInto(app, 'id-end-year', '2035');
    await typeInto(app, 'id-end-month', '2');
    await typeInto(app, 'id-end-day', '30');
    await (await byTest(app, 'id-check')).click();
    assert.match(await (await byTest(app, 'error-summary')).getText(), /日期必须是真实存在的日期/);
    assert.equal(await (await byTest(app, 'id-end-day')).getValue(), '30', 'the typed day is kept');
    await screenshot(app, '22-id-impossible-date');
  } finally {
    await app.deleteSession();
  }
});
