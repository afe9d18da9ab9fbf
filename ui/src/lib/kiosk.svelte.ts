// Kiosk mode in the page: which hall, and ending an applicant's session. The shell wipes
// files, WebView data, accounts and the clipboard; the page then reloads to a clean start.
import { commands, type KioskInfo } from './bindings';

export const kiosk = $state<{ info: KioskInfo | null }>({ info: null });

/** The hall's details: those the shell handed to the page at load (`given`), else asked for. */
export async function loadKiosk(given?: KioskInfo | null): Promise<void> {
  kiosk.info = given !== undefined ? given : await commands.kioskInfo();
  if (kiosk.info) {
    document.documentElement.dataset.kiosk = 'true';
    // No context menu, no reload, no devtools keys on a shared machine.
    window.addEventListener('contextmenu', (e) => e.preventDefault());
    window.addEventListener('keydown', (e) => {
      const k = e.key.toLowerCase();
      if (k === 'f5' || k === 'f12' || ((e.ctrlKey || e.metaKey) && (k === 'r' || k === 'p' || (e.shiftKey && k === 'i')))) {
        e.preventDefault();
      }
    });
  }
}

export async function endSession(): Promise<void> {
  await commands.kioskEndSession();
  restart();
}

/** A clean start after the shell wiped the session (by the button, the idle timer or a lost window). */
export function restart(): void {
  sessionStorage.clear();
  localStorage.clear();
  window.location.replace('/');
}
