// Unit tests see every catalog, as if the applicant had switched through all three.
import { loadCatalog } from './lib/i18n.svelte';

await Promise.all([loadCatalog('zh-CN'), loadCatalog('zh-TW'), loadCatalog('en')]);
