// The page's entry, kept tiny: it starts fetching the first screen's catalog (its language handed
// over by the shell as the page loads) at once, beside the app's own modules, instead of after
// them: the catalog is the one file the first render cannot do without. `boot.ts` is the app.
import type { Lang } from './lib/bindings';
import { pagePhase } from './lib/phases';

pagePhase('entry');
const lang = (window as { __AA_START__?: { prefs?: { lang?: Lang } } }).__AA_START__?.prefs?.lang;
// The same module specifiers as the loaders in i18n.svelte.ts: one chunk, fetched once.
if (lang === 'zh-TW') void import('./lib/i18n/zh-TW.json').catch(() => {});
else if (lang === 'en') void import('./lib/i18n/en.json').catch(() => {});
else void import('./lib/i18n/zh-CN.json').catch(() => {});
await import('./boot');
