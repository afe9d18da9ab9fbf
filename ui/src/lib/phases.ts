// Start-up phases inside the page, for scripts/perf.py (sent with `ui_ready`; the shell prints
// them only when asked to). Times are ms since the page's navigation started.
import type { PagePhase } from './bindings';

const phases: PagePhase[] = [];

export function pagePhase(name: string): void {
  phases.push({ name, ms: performance.now() });
}

export function pagePhases(): PagePhase[] {
  const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  const fromNav: PagePhase[] = nav
    ? [
        { name: 'html-received', ms: nav.responseEnd },
        { name: 'dom-interactive', ms: nav.domInteractive },
      ]
    : [];
  return [...fromNav, ...phases];
}
