import type { StartupControl } from './host.ts';

/**
 * The shared runtime's start-up setting (SharedRuntime 1.1: Excel on the web, Microsoft 365 from
 * Version 2002, Excel 2021 and later; not Office 2019). Null where Excel has no shared runtime.
 */
export function officeStartup(): StartupControl | null {
  if (!Office.context.requirements.isSetSupported('SharedRuntime', '1.1')) return null;
  return { loadWithDocument: () => Office.addin.setStartupBehavior(Office.StartupBehavior.load) };
}
