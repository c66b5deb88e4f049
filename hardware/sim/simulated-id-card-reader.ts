import { encodeIdCardText, type IdCardText } from '../devices/id-card/id-card-text.ts';
import { encodeSamFrame, SAM_STATUS, SamFrameParser, type SamFrame } from '../devices/id-card/sam-frame.ts';
import type { SimulatedLink } from './serial-link.ts';

const PHOTO_BYTES = 1024;

/** What the dock says about a card; the rest is made up as a real card would have it. */
export interface SimulatedCardRequest {
  name: string;
  idNumber: string;
  validFrom?: string;
  /** Null: valid for life; absent: twenty years after validFrom. */
  validTo?: string | null;
}

/** A card's text for a number: birth date and sex from the number (GB 11643: odd 17th digit, male). */
export function simulatedCard(request: SimulatedCardRequest): IdCardText {
  const { idNumber } = request;
  const validFrom = request.validFrom ?? '2020-01-01';
  const twentyYearsOn = `${Number(validFrom.slice(0, 4)) + 20}${validFrom.slice(4)}`;
  return {
    name: request.name,
    sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
    nationCode: '01',
    birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
    address: '北京市东城区景山前街4号',
    idNumber,
    issuer: '北京市公安局东城分局',
    validFrom,
    validTo: request.validTo === undefined ? twentyYearsOn : request.validTo,
  };
}

/**
 * A second-generation ID-card reader as its serial port sees it: it answers the gate's SAM
 * commands with real frames, from a card laid on it or none. A card can be pulled in the middle of
 * a read, and its text can arrive corrupted.
 */
export class SimulatedIdCardReader {
  private readonly link: SimulatedLink;
  private card: IdCardText | null = null;
  /** The last find answered "card found". */
  private foundLast = false;
  /**
   * A card laid down after one was found (taken away, or another in its place): a hand takes a
   * moment, so the next find sees no card, as a real reader's poll would.
   */
  private swapping = false;
  private pullDuringRead = false;
  private corruptNext = false;
  private finds = 0;
  private readonly findWaiters: { target: number; resolve: () => void }[] = [];

  constructor(link: SimulatedLink) {
    this.link = link;
    const parser = new SamFrameParser();
    parser.on('data', (frame: SamFrame) => this.answer(frame));
    link.onData((bytes) => parser.write(bytes));
  }

  get cardPresent(): boolean {
    return this.card !== null;
  }

  /** Resolves once the gate has asked for a card `count` more times. */
  nextFinds(count: number): Promise<void> {
    return new Promise((resolve) => this.findWaiters.push({ target: this.finds + count, resolve }));
  }

  lay(card: IdCardText): void {
    if (this.foundLast) this.swapping = true;
    this.card = card;
  }

  remove(): void {
    this.card = null;
  }

  /** The card leaves the reader while its text is being read: the read fails, the card is gone. */
  pullDuringNextRead(): void {
    this.pullDuringRead = true;
  }

  /**
   * The next card text arrives with a wrong check byte, as with noise on a long cable: at 1295
   * bytes it is the frame noise is likeliest to hit.
   */
  corruptNextRead(): void {
    this.corruptNext = true;
  }

  private answer(frame: SamFrame): void {
    if (!frame.ok) return void this.send([0x00, 0x00, SAM_STATUS.checksumError]);
    const [command, parameter] = frame.payload;
    if (command === 0x20 && parameter === 0x01) {
      const card = this.swapping ? null : this.card;
      this.swapping = false;
      this.foundLast = card !== null;
      this.send(card ? [0x00, 0x00, SAM_STATUS.cardFound, 0, 0, 0, 0] : [0x00, 0x00, SAM_STATUS.noCard]);
      this.finds += 1;
      for (const waiter of this.findWaiters.filter((w) => w.target <= this.finds)) {
        this.findWaiters.splice(this.findWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      return;
    }
    const card = this.card;
    if (command === 0x20 && parameter === 0x02)
      return void this.send(
        card ? [0x00, 0x00, SAM_STATUS.ok, ...new Array<number>(8).fill(0)] : [0x00, 0x00, SAM_STATUS.selectFailed],
      );
    if (command === 0x30 && parameter === 0x01) {
      if (!card || this.pullDuringRead) {
        this.pullDuringRead = false;
        this.card = null;
        return void this.send([0x00, 0x00, SAM_STATUS.readFailed]);
      }
      const text = encodeIdCardText(card);
      const corrupt = this.corruptNext;
      this.corruptNext = false;
      // The photo is WLT-compressed and needs a proprietary decoder: the gate never reads it.
      return void this.send(
        [0x00, 0x00, SAM_STATUS.ok, 0x01, 0x00, 0x04, 0x00, ...text, ...new Array<number>(PHOTO_BYTES).fill(0)],
        corrupt,
      );
    }
    this.send([0x00, 0x00, 0x21]);
  }

  private send(payload: number[], corrupt = false): void {
    const frame = encodeSamFrame(Uint8Array.from(payload));
    if (corrupt) frame[frame.length - 1] = frame[frame.length - 1]! ^ 0xff;
    this.link.write(frame).catch(() => {
      // An unplugged reader answers nothing; the gate notices the silence.
    });
  }
}
