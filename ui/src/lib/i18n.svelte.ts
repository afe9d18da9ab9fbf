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

const pluralRules: Record<Lang, Intl.PluralRules> = {
  'zh-CN': new Intl.PluralRules('zh-CN'),
  'zh-TW': new Intl.PluralRules('zh-TW'),
  en: new Intl.PluralRules('en'),
};

/**
 * Looks up `key` in the current language and fills `{name}` placeholders. `{name:one|other}`
 * picks a word by the number's plural form in that language ("1 day", "2 days"); Chinese
 * messages need none.
 */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const lang = locale.lang;
  const text = catalogs[lang][key] ?? catalogs['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)(?::([^{}|]*)\|([^{}]*))?\}/g, (m, name: string, one?: string, other?: string) => {
    if (!(name in vars)) return m;
    if (one === undefined || other === undefined) return String(vars[name]);
    return pluralRules[lang].select(Number(vars[name])) === 'one' ? one : other;
  });
}

/** Picks the current language out of a trilingual text that came from the Rust core. */
export function tx(text: Text): string {
  return text[locale.lang];
}
