/**
 * Writes the add-in's ribbon and store icons (assets/icon-<size>.png): a blue rounded square,
 * three ledger lines and a check mark. Drawn from shapes at each size (not scaled from one bitmap)
 * so that the 16 px icon stays sharp. Run: node --import tsx scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 64, 80, 128] as const;
const BLUE = [0x0f, 0x6c, 0xbd] as const; // Fluent "brand" blue
const WHITE = [0xff, 0xff, 0xff] as const;

/** Signed distance from point p to segment a-b, minus half the stroke width. */
function strokeDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number, width: number): number {
  const [dx, dy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy)) - width / 2;
}

function roundedSquareDistance(px: number, py: number, radius: number): number {
  // Unit square [0,1]², corners rounded.
  const qx = Math.abs(px - 0.5) - (0.5 - radius);
  const qy = Math.abs(py - 0.5) - (0.5 - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Coverage (0..1) of a pixel by a shape, from its distance in pixels. */
const coverage = (distancePx: number) => Math.max(0, Math.min(1, 0.5 - distancePx));

function drawIcon(size: number): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const stroke = Math.max(1.6 / size, 0.085);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [u, v] = [(x + 0.5) / size, (y + 0.5) / size];
      const background = coverage(roundedSquareDistance(u, v, 0.18) * size);
      const lines = Math.max(
        coverage(strokeDistance(u, v, 0.22, 0.3, 0.5, 0.3, stroke) * size),
        coverage(strokeDistance(u, v, 0.22, 0.5, 0.42, 0.5, stroke) * size),
        coverage(strokeDistance(u, v, 0.22, 0.7, 0.36, 0.7, stroke) * size),
      );
      const check = Math.max(
        coverage(strokeDistance(u, v, 0.5, 0.62, 0.61, 0.74, stroke * 1.15) * size),
        coverage(strokeDistance(u, v, 0.61, 0.74, 0.8, 0.4, stroke * 1.15) * size),
      );
      const white = Math.max(lines, check) * background;
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(BLUE[c]! * (1 - white) + WHITE[c]! * white);
      rgba[i + 3] = Math.round(background * 255);
    }
  }
  return encodePng(size, size, rgba);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ];
  return Buffer.concat(parts);
}

for (const size of SIZES) {
  const file = new URL(`../assets/icon-${size}.png`, import.meta.url);
  writeFileSync(file, drawIcon(size));
  process.stdout.write(`${file.pathname}\n`);
}
