// The UI's message catalogs and the current language. Every visible string comes from here;
// components never hard-code text. `i18n.test.ts` fails when a key is missing in any language.
// Only the active language's catalog is loaded at start; the others are fetched on a switch
// (each is its own chunk in the build), so the first screen parses one catalog, not three.
import type { Lang, Text } from './bindings';

export type MessageKey = keyof typeof import('./i18n/zh-CN.json');
type Catalog = Record<string, string>;

const loaders: Record<Lang, () => Promise<{ default: Catalog }>> = {
  'zh-CN': () => import('./i18n/zh-CN.json'),
  'zh-TW': () => import('./i18n/zh-TW.json'),
  en: () => import('./i18n/en.json'),
};

/** The catalogs loaded so far. */
export const catalogs: Partial<Record<Lang, Catalog>> = {};

export const languages: { lang: Lang; label: string }[] = [
  { lang: 'zh-CN', label: '简体中文' },
  { lang: 'zh-TW', label: '繁體中文' },
  { lang: 'en', label: 'English' },
];

/** `plain`: 关怀 mode, where a message with a simpler variant (`plain.<key>`) shows that. */
export const locale = $state<{ lang: Lang; plain: boolean }>({ lang: 'zh-CN', plain: false });

export async function loadCatalog(lang: Lang): Promise<void> {
  if (!catalogs[lang]) catalogs[lang] = (await loaders[lang]()).default;
}

/** Switches the language once its catalog is there, so no key ever shows through. */
export async function setLang(lang: Lang): Promise<void> {
  await loadCatalog(lang);
  locale.lang = lang;
}

/** Looks up `key` in the current language and fills `{name}` placeholders. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const catalog = catalogs[locale.lang] ?? catalogs['zh-CN'] ?? {};
  const text = (locale.plain ? catalog[`plain.${key}`] : undefined) ?? catalog[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Picks the current language out of a trilingual text that came from the Rust core. */
export function tx(text: Text): string {
  return text[locale.lang];
}
