import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// `npm ci` warns (EBADENGINE) when an installed package does not support the Node it runs on; the
// README and package.json promise a lowest Node: every package must support it, and this one.
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const manifest = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string; engines?: unknown }> };
const lowest = semver.minVersion(manifest.engines.node)!.version;

describe('Node versions', () => {
  it("README states package.json's lowest Node", () => {
    const stated = /Node (\d+\.\d+) or later/.exec(read('README.md'));
    expect(stated?.[1]).toBe(lowest.split('.').slice(0, 2).join('.'));
  });

  for (const [name, node] of [
    ['the lowest Node package.json allows', lowest],
    ['the Node running the tests', process.version],
  ] as const) {
    it(`every locked package supports ${name} (${node})`, () => {
      const refusing = Object.entries(lock.packages)
        .filter(([path, entry]) => path !== '' && typeof (entry.engines as { node?: unknown } | undefined)?.node === 'string')
        .filter(([, entry]) => !semver.satisfies(node, (entry.engines as { node: string }).node))
        .map(([path, entry]) => `${path}@${entry.version}: node ${(entry.engines as { node: string }).node}`);
      expect(refusing).toEqual([]);
    });
  }
});
