import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { describeStoreConformance } from './conformance.ts';

describeStoreConformance('memory', async () => {
  // Memory does not outlive its object: reopening it is looking at the same object again.
  const store = new MemoryStore();
  return { open: async () => store, concurrentHandles: false };
});
