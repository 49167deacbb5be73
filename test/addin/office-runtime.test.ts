import { afterEach, describe, expect, it } from 'vitest';
import { officeStartup } from '../../addin/excel/office-runtime.ts';

/** Just enough of the Office global for the start-up setting. */
function fakeOffice(sharedRuntime: boolean) {
  const asked: string[] = [];
  (globalThis as Record<string, unknown>).Office = {
    context: { requirements: { isSetSupported: (set: string, version: string) => set === 'SharedRuntime' && version === '1.1' && sharedRuntime } },
    addin: { setStartupBehavior: async (behavior: string) => void asked.push(behavior) },
    StartupBehavior: { none: 'None', load: 'Load' },
  };
  return asked;
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>).Office;
});

describe('officeStartup', () => {
  it('sets the add-in to load with the document where Excel has the shared runtime (SharedRuntime 1.1)', async () => {
    const asked = fakeOffice(true);
    await officeStartup()!.loadWithDocument();
    expect(asked).toEqual(['Load']);
  });

  it('is null in an Excel without it (Office 2019)', () => {
    fakeOffice(false);
    expect(officeStartup()).toBeNull();
  });
});
