// Display preferences (language, text size, 关怀 mode), mirrored into the page and saved by the
// Rust side.
import { commands, type Prefs, type TextSize } from './bindings';
import { locale, setLang } from './i18n.svelte';

export const prefs = $state<{ textSize: TextSize; care: boolean; langChosen: boolean; loaded: boolean; saveError: boolean }>({
  textSize: 'standard',
  care: false,
  langChosen: false,
  loaded: false,
  saveError: false,
});

function apply() {
  const root = document.documentElement;
  root.lang = locale.lang;
  // 关怀 mode always shows the largest text.
  root.dataset.textSize = prefs.care ? 'largest' : prefs.textSize;
  root.dataset.care = String(prefs.care);
  locale.plain = prefs.care;
}

export async function loadPrefs(): Promise<void> {
  await applyPrefs(await commands.loadPrefs());
}

/** Shows `saved` (from `loadPrefs`, or handed to the page by the shell as it loads). */
export async function applyPrefs(saved: Prefs): Promise<void> {
  await setLang(saved.lang);
  prefs.textSize = saved.text_size;
  prefs.care = saved.care ?? false;
  prefs.langChosen = saved.lang_chosen ?? false;
  prefs.loaded = true;
  apply();
}

export async function updatePrefs(change: Partial<Prefs>): Promise<void> {
  if (change.lang) {
    await setLang(change.lang);
    prefs.langChosen = true;
  }
  if (change.text_size) prefs.textSize = change.text_size;
  if (change.care !== undefined) prefs.care = change.care;
  apply();
  const result = await commands.savePrefs(currentPrefs());
  // The choice still applies for this session; the banner says it was not kept.
  prefs.saveError = result.status === 'error';
}

/** The preferences as the shell takes them (a new window opens in the same language and look). */
export function currentPrefs(): Prefs {
  return { lang: locale.lang, text_size: prefs.textSize, care: prefs.care, lang_chosen: prefs.langChosen };
}
