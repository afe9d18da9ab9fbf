// The UI's message catalogs and the current language. Every visible string comes from here;
// components never hard-code text. `i18n.test.ts` fails when a key is missing in any language.
import zhCN from './i18n/zh-CN.json';
import zhTW from './i18n/zh-TW.json';
import en from './i18n/en.json';
import type { Lang, Text } from './bindings';

export type MessageKey = keyof typeof zhCN;
export const catalogs: Record<Lang, Record<string, string>> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };
export const languages: { lang: Lang; label: string }[] = [
  { lang: 'zh-CN', label: '简体中文' },
  { lang: 'zh-TW', label: '繁體中文' },
  { lang: 'en', label: 'English' },
];

export const locale = $state<{ lang: Lang }>({ lang: 'zh-CN' });

/** Looks up `key` in the current language and fills `{name}` placeholders. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = catalogs[locale.lang][key] ?? catalogs['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Picks the current language out of a trilingual text that came from the Rust core. */
export function tx(text: Text): string {
  return text[locale.lang];
}
