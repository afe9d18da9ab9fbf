import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import type { KioskInfo, Prefs } from './lib/bindings';
import { applyPrefs, loadPrefs } from './lib/prefs.svelte';
import { loadCatalog, locale } from './lib/i18n.svelte';
import { loadKiosk } from './lib/kiosk.svelte';
import { pagePhase } from './lib/phases';

pagePhase('script');
const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
// What the first screen needs (the language and its catalog, the kiosk's hall) before the first
// render, so nothing flashes in the wrong language. The shell hands the preferences to the page
// as it loads (no IPC round trip); the catalog and the kiosk's details are fetched in parallel.
const start = (window as { __AA_START__?: { prefs: Prefs; kiosk?: KioskInfo | null } }).__AA_START__;
await Promise.allSettled([start ? applyPrefs(start.prefs) : loadPrefs(), loadKiosk(start?.kiosk)]);
// A window that may not read the preferences (the copy panel) still renders from a loaded catalog:
// text drawn before its catalog arrives would keep showing keys.
await loadCatalog(locale.lang).catch(() => {});
pagePhase('prefs');
// The same bundle serves the copy panel's window (labels `copy-panel-N`, see src-tauri/src/panel.rs).
const label: string = (window as { __TAURI_INTERNALS__?: { metadata?: { currentWindow?: { label?: string } } } })
  .__TAURI_INTERNALS__?.metadata?.currentWindow?.label ?? 'main';
// (The panel's own chunk: the main window's first screen does not parse it.)
const Root = label.startsWith('copy-panel') ? (await import('./screens/CopyPanel.svelte')).default : App;
export default mount(Root, { target });
// A reloaded page gets the preferences of the window's creation: ask for the current ones.
if (start) setTimeout(() => void loadPrefs(), 0);
