/**
 * The province service's address as a person gave it (`--server`, the pane's sync card): an http or
 * https URL, without the trailing slash; otherwise why it is none, in both languages, for the caller
 * to say where it was given. Shared by the command line and the pane (no Node here).
 */
export function serviceAddress(typed: string): { url: string } | { vi: string; en: string } {
  const text = typed.trim();
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return { vi: `"${text}" không phải địa chỉ của dịch vụ (ví dụ https://cchc.tinh.gov.vn).`, en: `"${text}" is not a service address (for example https://cchc.province.gov.vn).` };
  }
  return { url: url.toString().replace(/\/+$/, '') };
}
