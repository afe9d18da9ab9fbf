// The page's entry, kept tiny: it starts fetching the first screen's catalog (its language handed
// over by the shell as the page loads) at once, beside the app's own modules, instead of after
// them: the catalog is the one file the first render cannot do without. `boot.ts` is the app.
import type { Lang } from './lib/bindings';
import { loaders } from './lib/i18n/loaders';
import { pagePhase } from './lib/phases';

pagePhase('entry');
const lang = (window as { __AA_START__?: { prefs?: { lang?: Lang } } }).__AA_START__?.prefs?.lang;
// The loaders `i18n.svelte.ts` uses: the same chunk, fetched once.
void (loaders[lang ?? 'zh-CN'] ?? loaders['zh-CN'])().catch(() => {});
await import('./boot');
