// A time of day typed as "9:00", "09:00", "9：00" (full-width colon) or "9点30": the daily hours
// of a 认定 window. Returns "HH:MM:00" (what the Rust side reads) or null.
const toAscii = (s: string) => s.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

export function parseTime(text: string): string | null {
  const m = /^(\d{1,2})\s*(?:[:：点點时時.]\s*(\d{1,2})?\s*分?)?$/.exec(toAscii(text));
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}:00`;
}
