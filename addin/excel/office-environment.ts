/** What the pane needs to know of its Office surroundings; with the host, the only other code touching `Office`. */

/**
 * The partition key Office gives an add-in for its browser storage (IndexedDB, localStorage):
 * storage is kept apart per add-in and per user where the platform partitions it; undefined where
 * it does not (older Windows web views).
 */
export function officePartitionKey(): string | undefined {
  return Office.context.partitionKey || undefined;
}

/** The workbook's file name, from its URL; undefined for a workbook never saved. */
export function officeDocumentName(): string | undefined {
  const url = Office.context.document?.url;
  if (!url) return undefined;
  const last = url.split(/[\\/]/).pop() ?? '';
  try {
    return decodeURIComponent(last) || undefined;
  } catch {
    return last || undefined;
  }
}
