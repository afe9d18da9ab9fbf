import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import CopyPanel from './screens/CopyPanel.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
// The same bundle serves the copy panel's window (labels `copy-panel-N`, see src-tauri/src/panel.rs).
const label: string = (window as { __TAURI_INTERNALS__?: { metadata?: { currentWindow?: { label?: string } } } })
  .__TAURI_INTERNALS__?.metadata?.currentWindow?.label ?? 'main';
export default mount(label.startsWith('copy-panel') ? CopyPanel : App, { target });
