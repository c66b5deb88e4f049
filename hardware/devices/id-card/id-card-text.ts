/**
 * The 256-byte text block a SAM reader returns for a second-generation ID card: UCS-2LE,
 * space-padded fields in a fixed order (see docs/devices.md for the sources).
 */

const FIELDS = [
  ['name', 15],
  ['sex', 1],
  ['nation', 2],
  ['birthDate', 8],
  ['address', 35],
  ['idNumber', 18],
  ['issuer', 15],
  ['validFrom', 8],
  ['validTo', 8],
  ['reserved', 18],
] as const;

type FieldName = (typeof FIELDS)[number][0];
export const ID_CARD_TEXT_BYTES = 256;
/** A card valid for life says so instead of an end date. */
const NO_EXPIRY = '长期';

export interface IdCardText {
  name: string;
  sex: 'male' | 'female' | 'unknown';
  /** GB 3304 nation code, 01–56. */
  nationCode: string;
  birthDate: string;
  address: string;
  /** The clear ID number: it never leaves the gate (see classifyIdNumber). */
  idNumber: string;
  issuer: string;
  validFrom: string;
  /** Null: valid for life. */
  validTo: string | null;
}

export type IdCardTextResult = { ok: true; card: IdCardText } | { ok: false; reason: string };

function isoDate(text: string): string | null {
  if (!/^\d{8}$/.test(text)) return null;
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

export function decodeIdCardText(bytes: Uint8Array): IdCardTextResult {
  if (bytes.length !== ID_CARD_TEXT_BYTES)
    return { ok: false, reason: `card text is ${bytes.length} bytes, not ${ID_CARD_TEXT_BYTES}` };
  const text = Buffer.from(bytes).toString('utf16le');
  const raw = {} as Record<FieldName, string>;
  let at = 0;
  for (const [name, chars] of FIELDS) {
    raw[name] = text.slice(at, at + chars).trimEnd();
    at += chars;
  }
  const birthDate = isoDate(raw.birthDate);
  const validFrom = isoDate(raw.validFrom);
  const validTo = raw.validTo === NO_EXPIRY ? null : isoDate(raw.validTo);
  if (!raw.name) return { ok: false, reason: 'card text has no name' };
  if (!birthDate) return { ok: false, reason: 'card text has no valid birth date' };
  if (!validFrom || (validTo === null && raw.validTo !== NO_EXPIRY))
    return { ok: false, reason: 'card text has no valid validity dates' };
  if (!/^\d{2}$/.test(raw.nation)) return { ok: false, reason: 'card text has no nation code' };
  return {
    ok: true,
    card: {
      name: raw.name,
      sex: raw.sex === '1' ? 'male' : raw.sex === '2' ? 'female' : 'unknown',
      nationCode: raw.nation,
      birthDate,
      address: raw.address,
      idNumber: raw.idNumber,
      issuer: raw.issuer,
      validFrom,
      validTo,
    },
  };
}

/** The card's text block as a reader returns it; the simulated reader writes real cards with it. */
export function encodeIdCardText(card: IdCardText): Buffer {
  const values: Record<FieldName, string> = {
    name: card.name,
    sex: card.sex === 'male' ? '1' : card.sex === 'female' ? '2' : '0',
    nation: card.nationCode,
    birthDate: card.birthDate.replaceAll('-', ''),
    address: card.address,
    idNumber: card.idNumber,
    issuer: card.issuer,
    validFrom: card.validFrom.replaceAll('-', ''),
    validTo: card.validTo === null ? NO_EXPIRY : card.validTo.replaceAll('-', ''),
    reserved: '',
  };
  const text = FIELDS.map(([name, chars]) => values[name].slice(0, chars).padEnd(chars, ' ')).join('');
  return Buffer.from(text, 'utf16le');
}
