// Where each language's catalog comes from: one place for the page's entry (which starts the
// first screen's fetch at once) and for `i18n.svelte.ts` (which uses it). It stays in the entry's
// small chunk (see `vite.config.ts`), so the entry does not pull in the app to name a catalog.
import type { Lang } from '../bindings';

export type Catalog = Record<string, string>;

export const loaders: Record<Lang, () => Promise<{ default: Catalog }>> = {
  'zh-CN': () => import('./zh-CN.json'),
  'zh-TW': () => import('./zh-TW.json'),
  en: () => import('./en.json'),
};
