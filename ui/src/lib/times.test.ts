import { describe, expect, it } from 'vitest';
import { parseTime } from './times';

describe('parseTime', () => {
  it('reads the ways applicants type a time', () => {
    expect(parseTime('9:00')).toBe('09:00:00');
    expect(parseTime('17：30')).toBe('17:30:00');
    expect(parseTime('８点')).toBe('08:00:00');
    expect(parseTime('9点30分')).toBe('09:30:00');
    expect(parseTime(' 14 ')).toBe('14:00:00');
  });
  it('refuses what is not a time', () => {
    expect(parseTime('25:00')).toBeNull();
    expect(parseTime('9:75')).toBeNull();
    expect(parseTime('morning')).toBeNull();
    expect(parseTime('')).toBeNull();
  });
});
