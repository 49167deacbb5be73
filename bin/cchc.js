#!/usr/bin/env node
// The command line as built by `npm ci` / `npm install` ("prepare": scripts/build-cli.ts), which starts
// at once; while that build is missing or older than a source, the TypeScript sources through tsx.
import { freshBuild } from './built-cli.js';

const built = freshBuild(new URL('../build/cli/', import.meta.url), new URL('../', import.meta.url));
if (built) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../cli/main.ts', import.meta.url).href);
}
