// Portal reachability, shared by the status panel and the header's 离线模式 badge.
import { commands, type StatusReport } from './bindings';

export const status = $state<{ report: StatusReport | null; checked: boolean }>({ report: null, checked: false });

export async function refreshStatus(): Promise<void> {
  try {
    const r = await commands.portalStatus();
    if (r.status === 'ok') status.report = r.data;
  } finally {
    status.checked = true;
  }
}
