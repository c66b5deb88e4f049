import { describe, expect, it } from 'vitest';
import { decodeIdCardText, encodeIdCardText } from './id-card-text.ts';
import { encodeSamFrame, SamFrameParser, type SamFrame } from './sam-frame.ts';

const hex = (text: string) => Buffer.from(text, 'hex');

function parse(chunks: Buffer[]): SamFrame[] {
  const parser = new SamFrameParser();
  const out: SamFrame[] = [];
  parser.on('data', (frame: SamFrame) => out.push(frame));
  for (const chunk of chunks) parser.write(chunk);
  return out;
}

describe('SAM frames', () => {
  it('encodes the commands exactly as public implementations send them (length and XOR checked)', () => {
    expect(
      encodeSamFrame(Uint8Array.from([0x20, 0x01]))
        .toString('hex')
        .toUpperCase(),
    ).toBe('AAAAAA96690003200122');
    expect(
      encodeSamFrame(Uint8Array.from([0x20, 0x02]))
        .toString('hex')
        .toUpperCase(),
    ).toBe('AAAAAA96690003200221');
    expect(
      encodeSamFrame(Uint8Array.from([0x30, 0x01]))
        .toString('hex')
        .toUpperCase(),
    ).toBe('AAAAAA96690003300132');
  });

  it('reads published answers split at any byte, after garbage, and refuses one whose check is wrong', () => {
    const found = hex('AAAAAA9669000800009F0000000097');
    const noCard = hex('AAAAAA9669000400008084');
    const stream = Buffer.concat([hex('0102AAAA'), found, noCard]);
    for (let cut = 1; cut < stream.length; cut++) {
      expect(parse([stream.subarray(0, cut), stream.subarray(cut)])).toEqual([
        { ok: true, payload: hex('00009F00000000') },
        { ok: true, payload: hex('000080') },
      ]);
    }
    const corrupt = Buffer.from(noCard);
    corrupt[corrupt.length - 1] = 0x00;
    expect(parse([corrupt, found])).toEqual([
      { ok: false, reason: 'frame check (XOR) mismatch: noise on the line?' },
      { ok: true, payload: hex('00009F00000000') },
    ]);
  });

  it('card text: 256 bytes of UCS-2LE fields, 长期 for a card valid for life; a block without a birth date is refused', () => {
    const card = {
      name: '李娜',
      sex: 'female' as const,
      nationCode: '01',
      birthDate: '1990-02-28',
      address: '湖北省武汉市江汉区',
      idNumber: '420103199002281226',
      issuer: '武汉市公安局江汉分局',
      validFrom: '2020-01-01',
      validTo: null,
    };
    const bytes = encodeIdCardText(card);
    expect(bytes).toHaveLength(256);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from('李娜', 'utf16le'));
    expect(decodeIdCardText(bytes)).toEqual({ ok: true, card });
    const broken = encodeIdCardText({ ...card, birthDate: '1990-02-30' });
    expect(decodeIdCardText(broken)).toEqual({ ok: false, reason: 'card text has no valid birth date' });
  });
});
