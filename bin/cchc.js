#!/usr/bin/env node
// The command line as built by `npm ci` / `npm install` ("prepare": scripts/build-cli.ts), which starts
// at once; while that build is missing or older than a source, the TypeScript sources through tsx.
import { buildFor, freshBuild } from './built-cli.js';

const root = new URL('../', import.meta.url);
const whole = new URL('../build/cli/', import.meta.url);
// The command's own build when it has one; the whole command line's when that one is missing.
const built = freshBuild(buildFor(whole, process.argv), root) ?? freshBuild(whole, root);
if (built) {
  await import(built.href);
} else {
  // Said, since every start through tsx costs a second or more; one line, so a script's stderr stays readable.
  process.stderr.write('cchc: bản dựng build/cli/ cũ hơn mã nguồn hoặc chưa có, chạy từ mã nguồn (chậm); dựng lại: npm run build:cli / the build in build/cli/ is older than the sources or missing, running them (slow); rebuild: npm run build:cli\n');
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../cli/main.ts', import.meta.url).href);
}
