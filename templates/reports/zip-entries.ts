import { Zip, type ZipInputFile } from 'fflate';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/**
 * A zip of `entries` in the order given, each compressed by the entry `compressor` makes, every
 * entry's time the date and time `wallClock` shows in UTC. Nothing else varies: no "now", no file
 * modes, no extra fields, so the bytes depend only on the entries, the time and the compressor.
 */
export function zipEntries(
  entries: readonly ZipEntry[],
  wallClock: Date,
  compressor: (name: string) => ZipInputFile & { push(chunk: Uint8Array, final: boolean): void },
): Uint8Array {
  // fflate writes the DOS time from a Date's local fields: give it the local Date with the UTC fields
  // of wallClock, so that the time in the zip does not depend on the machine's time zone.
  const mtime = new Date(
    wallClock.getUTCFullYear(),
    wallClock.getUTCMonth(),
    wallClock.getUTCDate(),
    wallClock.getUTCHours(),
    wallClock.getUTCMinutes(),
    wallClock.getUTCSeconds(),
  );
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure ??= error;
    else chunks.push(chunk);
  });
  for (const { name, data } of entries) {
    const entry = compressor(name);
    entry.mtime = mtime;
    zip.add(entry);
    entry.push(data, true);
  }
  zip.end();
  if (failure) throw failure;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
