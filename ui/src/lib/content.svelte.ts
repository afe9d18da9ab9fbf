// The guide content in use and any update waiting (issue 20). Refreshed when the shell says a
// newer content pack was checked and installed, and after the applicant puts it into use.
import { listen } from '@tauri-apps/api/event';
import { commands, type ContentInfo } from './bindings';
import { locale } from './i18n.svelte';

export const content = $state<{ info: ContentInfo | null; applied: boolean }>({ info: null, applied: false });

export async function loadContent(): Promise<void> {
  try {
    content.info = await commands.contentInfo(locale.lang);
  } catch {
    // Not inside the app (unit tests): nothing to show.
  }
}

/** Follows the shell's "content-update" event; call once at start. */
export function watchContent(): void {
  try {
    listen('content-update', () => loadContent()).catch(() => {});
  } catch {
    // Not inside the app's window.
  }
}

export async function applyContent(): Promise<boolean> {
  const done = await commands.contentApply();
  if (done) content.applied = true;
  await loadContent();
  return done;
}
