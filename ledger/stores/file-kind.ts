/** What `fs.stat` tells of a path, as far as kind goes (kept structural: the ledger does not import Node). */
export interface FileKindInfo {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}

/**
 * What a path is when it is not a regular file, in both languages, or null for a regular file. Only
 * regular files are read: a pipe would hang the reader, a device such as /dev/zero never ends.
 */
export function notRegularFile(path: string, info: FileKindInfo): { vi: string; en: string } | null {
  if (info.isFile()) return null;
  const [vi, en] = info.isDirectory()
    ? ['một thư mục', 'a directory']
    : info.isFIFO()
      ? ['một đường ống (FIFO)', 'a named pipe (FIFO)']
      : info.isCharacterDevice() || info.isBlockDevice()
        ? ['một thiết bị', 'a device']
        : info.isSocket()
          ? ['một socket', 'a socket']
          : ['không phải tệp thông thường', 'not a regular file'];
  return {
    vi: `${path} là ${vi}, không phải một tệp thông thường: chỉ đọc và ghi tệp thông thường.`,
    en: `${path} is ${en}, not a regular file: only regular files are read or written.`,
  };
}
