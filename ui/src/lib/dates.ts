// Turning the three date fields into an ISO date, with a specific reason when that fails.
// Full-width digits (from Chinese input methods) are accepted.
import type { MessageKey } from './i18n.svelte';

export type DateFields = { year: string; month: string; day: string };
export type DateResult = { ok: true; iso: string } | { ok: false; error: MessageKey };

const toAscii = (s: string) => s.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

export function parseDate(fields: DateFields): DateResult {
  const [y, m, d] = [fields.year, fields.month, fields.day].map(toAscii);
  if (!y && !m && !d) return { ok: false, error: 'date.error.missing' };
  if (!y) return { ok: false, error: 'date.error.missingYear' };
  if (!m) return { ok: false, error: 'date.error.missingMonth' };
  if (!d) return { ok: false, error: 'date.error.missingDay' };
  if (![y, m, d].every((p) => /^\d+$/.test(p))) return { ok: false, error: 'date.error.notNumbers' };
  if (y.length !== 4) return { ok: false, error: 'date.error.yearDigits' };
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || day < 1 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return { ok: false, error: 'date.error.notReal' };
  }
  return { ok: true, iso: `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` };
}

export function fieldsOf(iso: string | null | undefined): DateFields {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? { year: m[1], month: String(Number(m[2])), day: String(Number(m[3])) } : { year: '', month: '', day: '' };
}
