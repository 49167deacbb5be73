import { verifyEd25519 } from '#ed25519';
import { describe, expect, it } from 'vitest';
import { signerOfSeed } from '../../cli/key-file.ts';

describe('verifyEd25519 remembering the signatures that verified', () => {
  const signer = signerOfSeed(new Uint8Array(32).fill(7));

  it('answers a signature met again as before, and still refuses it over another message', async () => {
    const signature = await signer.sign('kế hoạch 2021');
    expect(verifyEd25519(signer.publicKey, 'kế hoạch 2021', signature)).toBe(true);
    expect(verifyEd25519(signer.publicKey, 'kế hoạch 2021', signature)).toBe(true);
    expect(verifyEd25519(signer.publicKey, 'kế hoạch 2022', signature)).toBe(false);
    expect(verifyEd25519(signerOfSeed(new Uint8Array(32).fill(8)).publicKey, 'kế hoạch 2021', signature)).toBe(false);
    expect(verifyEd25519(signer.publicKey, 'kế hoạch 2021', signature)).toBe(true);
  });

  it('refuses a forged signature every time, even for a message it verified before', async () => {
    const signature = await signer.sign('báo cáo quý I');
    const forged = `${signature.slice(0, -2)}${signature.endsWith('00') ? '01' : '00'}`;
    expect(verifyEd25519(signer.publicKey, 'báo cáo quý I', signature)).toBe(true);
    expect(verifyEd25519(signer.publicKey, 'báo cáo quý I', forged)).toBe(false);
    expect(verifyEd25519(signer.publicKey, 'báo cáo quý I', forged)).toBe(false);
  });
});
