// Types of bin/built-cli.js (plain JavaScript: bin/ runs before anything is compiled).
export const BUILD_SOURCES_FILE: string;
export const OWN_BUILD_COMMANDS: readonly string[];
export function buildFor(buildDir: URL, argv: readonly string[]): URL;
export function freshBuild(buildDir: URL, root: URL): URL | null;
