import { describe, expect, it } from 'vitest';
import { fieldsOf, parseDate } from './dates';

describe('parseDate', () => {
  it('accepts real dates, padding month and day', () => {
    expect(parseDate({ year: '2019', month: '3', day: '1' })).toEqual({ ok: true, iso: '2019-03-01' });
    expect(parseDate({ year: '２０２４', month: '０２', day: '２９' })).toEqual({ ok: true, iso: '2024-02-29' });
  });

  it.each([
    [{ year: '', month: '', day: '' }, 'date.error.missing'],
    [{ year: '', month: '3', day: '1' }, 'date.error.missingYear'],
    [{ year: '2019', month: '', day: '1' }, 'date.error.missingMonth'],
    [{ year: '2019', month: '3', day: '' }, 'date.error.missingDay'],
    [{ year: '2019', month: 'x', day: '1' }, 'date.error.notNumbers'],
    [{ year: '19', month: '3', day: '1' }, 'date.error.yearDigits'],
    [{ year: '2023', month: '2', day: '29' }, 'date.error.notReal'],
    [{ year: '2019', month: '13', day: '1' }, 'date.error.notReal'],
    [{ year: '2019', month: '4', day: '31' }, 'date.error.notReal'],
  ])('%o → %s', (fields, error) => {
    expect(parseDate(fields)).toEqual({ ok: false, error });
  });

  it('round-trips through fieldsOf', () => {
    expect(fieldsOf('2019-03-01')).toEqual({ year: '2019', month: '3', day: '1' });
    expect(fieldsOf(null)).toEqual({ year: '', month: '', day: '' });
  });
});
