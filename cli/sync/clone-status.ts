import { vietnamClockText } from '../vietnam-time.ts';
import { isClone } from './clone-paths.ts';

/** One line about a clone for `log` and `verify`: its service and plan, the last sync, pending and refused counts; '' for a ledger that is no clone. */
export async function cloneStatusText(ledger: string): Promise<string> {
  if (!(await isClone(ledger))) return '';
  // Only a clone's status needs its files' readers (and their schema, and the writers beside them).
  const { readPending, readRefused, readSyncState } = await import('./clone-files.ts');
  const [state, pending, refused] = await Promise.all([readSyncState(ledger), readPending(ledger), readRefused(ledger)]);
  const when = state.lastSyncAt ? vietnamClockText(state.lastSyncAt) : 'chưa / never';
  return (
    `Bản sao của kế hoạch / clone of plan ${state.plan} (${state.server}); đồng bộ lần cuối / last synced ${when}; ` +
    `${pending.length} chờ đồng bộ / pending, ${refused.length} bị từ chối / refused\n`
  );
}
