// Types of bin/built-cli.js (plain JavaScript: bin/ runs before anything is compiled).
export const BUILD_SOURCES_FILE: string;
export function freshBuild(buildDir: URL, root: URL): URL | null;
