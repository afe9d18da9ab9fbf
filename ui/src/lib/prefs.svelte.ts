// Display preferences (language, text size), mirrored into the page and saved by the Rust side.
import { commands, type Prefs, type TextSize } from './bindings';
import { locale } from './i18n.svelte';

export const prefs = $state<{ textSize: TextSize; saveError: boolean }>({ textSize: 'standard', saveError: false });

function apply() {
  document.documentElement.lang = locale.lang;
  document.documentElement.dataset.textSize = prefs.textSize;
}

export async function loadPrefs(): Promise<void> {
  const saved: Prefs = await commands.loadPrefs();
  locale.lang = saved.lang;
  prefs.textSize = saved.text_size;
  apply();
}

export async function updatePrefs(change: Partial<Prefs>): Promise<void> {
  if (change.lang) locale.lang = change.lang;
  if (change.text_size) prefs.textSize = change.text_size;
  apply();
  const result = await commands.savePrefs({ lang: locale.lang, text_size: prefs.textSize });
  // The choice still applies for this session; the banner says it was not kept.
  prefs.saveError = result.status === 'error';
}
