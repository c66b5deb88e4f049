import { encodeIdCardText, type IdCardText } from '../devices/id-card/id-card-text.ts';
import { encodeSamFrame, SAM_STATUS, SamFrameParser, type SamFrame } from '../devices/id-card/sam-frame.ts';
import type { SimulatedLink } from './serial-link.ts';

const PHOTO_BYTES = 1024;

/**
 * A second-generation ID-card reader as its serial port sees it: it answers the gate's SAM
 * commands with real frames, from a card laid on it or none. A card can be pulled in the middle of
 * a read, and the next answer can be corrupted on the line.
 */
export class SimulatedIdCardReader {
  private readonly link: SimulatedLink;
  private card: IdCardText | null = null;
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
    this.card = card;
  }

  remove(): void {
    this.card = null;
  }

  /** The card leaves the reader while its text is being read: the read fails, the card is gone. */
  pullDuringNextRead(): void {
    this.pullDuringRead = true;
  }

  /** The next answer's check byte arrives wrong, as with noise on a long cable. */
  corruptNextAnswer(): void {
    this.corruptNext = true;
  }

  private answer(frame: SamFrame): void {
    if (!frame.ok) return void this.send([0x00, 0x00, SAM_STATUS.checksumError]);
    const [command, parameter] = frame.payload;
    const card = this.card;
    if (command === 0x20 && parameter === 0x01) {
      this.finds += 1;
      for (const waiter of this.findWaiters.filter((w) => w.target <= this.finds)) {
        this.findWaiters.splice(this.findWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    if (command === 0x20 && parameter === 0x01)
      return void this.send(card ? [0x00, 0x00, SAM_STATUS.cardFound, 0, 0, 0, 0] : [0x00, 0x00, SAM_STATUS.noCard]);
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
      // The photo is WLT-compressed and needs a proprietary decoder: the gate never reads it.
      return void this.send([
        0x00,
        0x00,
        SAM_STATUS.ok,
        0x01,
        0x00,
        0x04,
        0x00,
        ...text,
        ...new Array<number>(PHOTO_BYTES).fill(0),
      ]);
    }
    this.send([0x00, 0x00, 0x21]);
  }

  private send(payload: number[]): void {
    const frame = encodeSamFrame(Uint8Array.from(payload));
    if (this.corruptNext) {
      this.corruptNext = false;
      frame[frame.length - 1] = frame[frame.length - 1]! ^ 0xff;
    }
    this.link.write(frame).catch(() => {
      // An unplugged reader answers nothing; the gate notices the silence.
    });
  }
}
