// The UI's message catalogs and the current language. Every visible string comes from here;
// components never hard-code text. `i18n.test.ts` fails when a key is missing in any language.
// Only the active language's catalog is loaded at start; the others are fetched on a switch
// (each is its own chunk in the build), so the first screen parses one catalog, not three.
import type { Lang, Text } from './bindings';
import { loaders, type Catalog } from './i18n/loaders';

export type MessageKey = keyof typeof import('./i18n/zh-CN.json');

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

// Made at the first plural, not at start-up: each one loads the language's ICU rules, which the
// first screen does not need.
const pluralRules: Partial<Record<Lang, Intl.PluralRules>> = {};
function plural(lang: Lang): Intl.PluralRules {
  return (pluralRules[lang] ??= new Intl.PluralRules(lang));
}

/**
 * Looks up `key` in the current language and fills `{name}` placeholders. `{name:one|other}`
 * picks a word by the number's plural form in that language ("1 day", "2 days"); Chinese
 * messages need none.
 */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const lang = locale.lang;
  const catalog = catalogs[lang] ?? catalogs['zh-CN'] ?? {};
  const text = (locale.plain ? catalog[`plain.${key}`] : undefined) ?? catalog[key] ?? catalogs['zh-CN']?.[key] ?? key;
  return text.replace(/\{(\w+)(?::([^{}|]*)\|([^{}]*))?\}/g, (m, name: string, one?: string, other?: string) => {
    if (!(name in vars)) return m;
    if (one === undefined || other === undefined) return String(vars[name]);
    return plural(lang).select(Number(vars[name])) === 'one' ? one : other;
  });
}

/** Picks the current language out of a trilingual text that came from the Rust core. */
export function tx(text: Text): string {
  return text[locale.lang];
}
