import { CliError, EXIT_USAGE } from './exit.ts';

/**
 * One `--allow-origin` of `cchc serve`: an exact web origin (scheme, host, port) whose pages may call
 * the API, the add-in's pane being the one meant. `*` and anything with a path are refused: the list
 * says exactly which sites' scripts may read the service's answers.
 */
export function allowedOrigin(value: string, previous: string[] = []): string[] {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== value.replace(/\/$/, '')) {
    throw new CliError(
      `--allow-origin "${value}" không phải một nguồn web chính xác (ví dụ https://addin.sonoivu.gov.vn, không có đường dẫn, không dùng "*").`,
      `--allow-origin "${value}" is not an exact web origin (such as https://addin.sonoivu.gov.vn: no path, no "*").`,
      EXIT_USAGE,
    );
  }
  return [...previous, url.origin];
}
