import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrPath } from './qr-path.ts';

describe('qrPath', () => {
  it('draws exactly the dark modules of the code', () => {
    const text = 'CP1.eyJwZXJzb25JZCI6IngifQ.c2ln';
    const { size, path } = qrPath(text);
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    expect(size).toBe(modules.size);
    let dark = 0;
    for (let i = 0; i < modules.size * modules.size; i++) dark += modules.data[i] ? 1 : 0;
    expect(path.match(/M/g)).toHaveLength(dark);
    // The finder pattern's top-left corner module is always dark.
    expect(path.startsWith('M0 0h1v1h-1z')).toBe(true);
  });
});
