// Standard base64 (RFC 4648 §4), as signed notes and checkpoints use it. atob and btoa exist in
// browsers and in Node; a string that does not encode back to itself (missing padding, stray bits,
// whitespace) is refused, so one value has one spelling.

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The bytes of a canonical base64 string, or null. */
export function fromBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null;
  const binary = atob(text);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return toBase64(bytes) === text ? bytes : null;
}

/** A proof's hashes as a log sends them, in base64; one that is not becomes an empty hash, which fails the proof as a wrong one does. */
export function proofHashes(list: readonly unknown[]): Uint8Array[] {
  return list.map((h) => (typeof h === 'string' && fromBase64(h)) || new Uint8Array(0));
}
