import type { SerialPortStream } from '@serialport/stream';
import type { InputProblem } from '../../../protocol/hardware-events.ts';
import { PortDevice } from '../connection/port-device.ts';
import type { PortSession, PortSessionControl, ReconnectingPortOptions } from '../connection/reconnecting-port.ts';
import { decodeIdCardText, ID_CARD_TEXT_BYTES, type IdCardText } from './id-card-text.ts';
import { encodeSamFrame, SAM_COMMANDS, SAM_STATUS, SamFrameParser, type SamFrame } from './sam-frame.ts';

export type IdCardReading = { ok: true; card: IdCardText } | { ok: false; reason: string; problem: InputProblem };

export interface IdCardReaderOptions extends Omit<ReconnectingPortOptions, 'kind' | 'session' | 'onStatus'> {
  /** How often to ask whether a card lies on the reader. */
  pollMs: number;
  /** A command unanswered this long: the reader is gone or at another baud rate. */
  answerTimeoutMs: number;
}

export const DEFAULT_ID_CARD_READER = { baudRate: 115200, pollMs: 300, answerTimeoutMs: 1000 } as const;

const TEXT_AT = 7;

/**
 * A second-generation ID-card reader on a serial port (SAM protocol): it asks for a card every
 * `pollMs`, and when one lies there selects and reads it, and reports it once — again only after
 * the card has left the reader. A card pulled mid-read and a read that fails are reported with a
 * reason; a frame with a bad check is read again at the next poll.
 */
export class IdCardReader extends PortDevice<IdCardReading> {
  readonly #options: IdCardReaderOptions;

  constructor(options: IdCardReaderOptions) {
    super({ ...options, kind: 'id-card-reader' });
    this.#options = options;
  }

  protected session(port: SerialPortStream, control: PortSessionControl): PortSession {
    const options = this.#options;
    const parser = new SamFrameParser();
    port.pipe(parser);
    let pending: ((frame: SamFrame | null) => void) | null = null;
    parser.on('data', (frame: SamFrame) => pending?.(frame));
    let live = true;
    let timer: NodeJS.Timeout | null = null;
    const request = (command: readonly number[]): Promise<SamFrame | null> =>
      new Promise((resolve) => {
        const answer = setTimeout(() => settle(null), options.answerTimeoutMs);
        const settle = (frame: SamFrame | null) => {
          clearTimeout(answer);
          pending = null;
          resolve(frame);
        };
        pending = settle;
        port.write(encodeSamFrame(Uint8Array.from(command)));
      });
    let cardRead = false;
    let answered = false;
    const poll = async () => {
      timer = null;
      if (!live) return;
      const found = await request(SAM_COMMANDS.findCard);
      if (!live) return;
      if (found === null)
        return control.lost(
          `the ID-card reader did not answer within ${options.answerTimeoutMs} ms: is it at ${options.baudRate} baud?`,
        );
      if (!answered) {
        answered = true;
        control.connected(null);
      }
      if (found.ok && status(found) === SAM_STATUS.noCard) cardRead = false;
      if (found.ok && status(found) === SAM_STATUS.cardFound && !cardRead) cardRead = await this.#readCard(request);
      if (live) timer = setTimeout(() => void poll(), options.pollMs);
    };
    return {
      opened: () => void poll(),
      ended: () => {
        live = false;
        if (timer) clearTimeout(timer);
        pending?.(null);
        port.unpipe(parser);
      },
    };
  }

  /** True once the card has been dealt with (read, or refused for good); false to try again. */
  async #readCard(request: (command: readonly number[]) => Promise<SamFrame | null>): Promise<boolean> {
    const selected = await request(SAM_COMMANDS.selectCard);
    if (!selected?.ok || status(selected) !== SAM_STATUS.ok) return false;
    const read = await request(SAM_COMMANDS.readText);
    if (!read?.ok) return false;
    if (status(read) !== SAM_STATUS.ok) {
      this.emit('data', {
        ok: false,
        reason: 'the card left the reader before it was read: lay it on the reader again',
        problem: 'card-pulled',
      });
      return true;
    }
    const textLength = (read.payload[3]! << 8) | read.payload[4]!;
    const text = read.payload.subarray(TEXT_AT, TEXT_AT + ID_CARD_TEXT_BYTES);
    if (textLength !== ID_CARD_TEXT_BYTES || text.length !== ID_CARD_TEXT_BYTES) {
      this.emit('data', {
        ok: false,
        reason: `the reader sent ${text.length} bytes of card text, not ${ID_CARD_TEXT_BYTES}`,
        problem: 'card-unreadable',
      });
      return true;
    }
    const decoded = decodeIdCardText(text);
    this.emit('data', decoded.ok ? { ok: true, card: decoded.card } : { ...decoded, problem: 'card-unreadable' });
    return true;
  }
}

function status(frame: { payload: Buffer }): number {
  return frame.payload[2] ?? -1;
}
