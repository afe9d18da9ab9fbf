import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { loadPrefs } from './lib/prefs.svelte';
import { loadKiosk } from './lib/kiosk.svelte';
import { pagePhase } from './lib/phases';

pagePhase('script');
const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
// What the first screen needs (the language and its catalog, the kiosk's hall), asked for in
// parallel before the first render so nothing flashes in the wrong language.
await Promise.allSettled([loadPrefs(), loadKiosk()]);
pagePhase('prefs');
export default mount(App, { target });
