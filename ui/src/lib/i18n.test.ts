import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { catalogs as loaded, t, locale } from './i18n.svelte';

// test-setup.ts has loaded all three.
const catalogs = loaded as Required<typeof loaded>;

const langs = Object.keys(catalogs) as (keyof typeof catalogs)[];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts') && name !== 'bindings.ts' ? [p] : [];
  });
}

describe('message catalogs', () => {
  it('ships exactly three languages', () => {
    expect(langs.sort()).toEqual(['en', 'zh-CN', 'zh-TW']);
  });

  it.each(langs)('%s has every key of zh-CN and no extra ones', (lang) => {
    expect(Object.keys(catalogs[lang]).sort()).toEqual(Object.keys(catalogs['zh-CN']).sort());
  });

  it.each(langs)('%s has no blank message and the same placeholders as zh-CN', (lang) => {
    for (const [key, text] of Object.entries(catalogs[lang])) {
      expect(text.trim(), `${lang} ${key}`).not.toBe('');
      expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(catalogs['zh-CN'][key]));
    }
  });

  it('every key the components use exists', () => {
    const root = join(__dirname, '..');
    const used = new Set<string>();
    const prefixes = new Set<string>();
    for (const file of sourceFiles(root)) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\bt\('([^']+)'/g)) used.add(m[1]);
      // Template keys such as t(`portal.${x}`): their static prefix must lead somewhere.
      for (const m of src.matchAll(/\bt\(`([^`$]*)\$\{/g)) prefixes.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(10);
    for (const key of used) expect(catalogs['zh-CN'], key).toHaveProperty([key]);
    for (const p of prefixes) expect(Object.keys(catalogs['zh-CN']).some((k) => k.startsWith(p)), p).toBe(true);
  });

  it('every plain-words variant (关怀 mode) simplifies a message that exists', () => {
    const keys = Object.keys(catalogs['zh-CN']);
    const plain = keys.filter((k) => k.startsWith('plain.'));
    expect(plain.length).toBeGreaterThan(0);
    for (const k of plain) expect(keys, k).toContain(k.slice('plain.'.length));
  });

  it('fills placeholders and follows the current language', () => {
    locale.lang = 'en';
    expect(t('topics.chosenRole', { role: 'X' })).toBe('Applicant: X');
    locale.lang = 'zh-TW';
    expect(t('common.continue')).toBe('繼續');
    locale.lang = 'zh-CN';
    expect(t('common.continue')).toBe('继续');
  });

  it('says "1 day" and "2 days" in English, and counts in Chinese without plural forms', () => {
    locale.lang = 'en';
    expect(t('guide.wait.workingDays', { n: 1 })).toBe('1 working day');
    expect(t('guide.wait.workingDays', { n: 7 })).toBe('7 working days');
    expect(t('cert.annotation.period', { from: 'a', to: 'b', days: 1 })).toBe('Valid a to b (1 day)');
    expect(t('kiosk.idle.body', { n: 1 })).toMatch(/^In 1 second this/);
    locale.lang = 'zh-CN';
    expect(t('guide.wait.workingDays', { n: 1 })).toBe(catalogs['zh-CN']['guide.wait.workingDays'].replace('{n}', '1'));
  });

  it('no English message puts a bare count before a plural noun', () => {
    // "{n} days" reads "1 days" for one: such messages must choose the word by the count.
    for (const [key, text] of Object.entries(catalogs.en)) {
      const bare = text.match(/\{(\w+)\} (days|hours|seconds|characters|guides|certificates|pages|tries|drafts|working days)\b/);
      expect(bare, `${key}: ${text}`).toBeNull();
    }
  });
});
