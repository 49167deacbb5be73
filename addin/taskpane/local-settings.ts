import type { KeyValueStore } from '../app/identity.ts';

/** Settings in the browser's localStorage, under a prefix (Office's partition key, where there is one). */
export function localSettings(prefix = ''): KeyValueStore {
  return {
    get: (key) => {
      try {
        return window.localStorage.getItem(prefix + key);
      } catch {
        return null; // storage disabled: the pane asks again next time
      }
    },
    set: (key, value) => {
      try {
        window.localStorage.setItem(prefix + key, value);
      } catch {
        // storage disabled or full: the setting lasts this session only
      }
    },
  };
}
