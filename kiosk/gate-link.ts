import { GateMessage, type HardwareEvent, type ScreenMessage, type SpoolStatus } from '../protocol/index.ts';

export type LinkState = 'connecting' | 'open' | 'closed';

export interface GateLinkOptions {
  url: string;
  onEvent: (event: HardwareEvent) => void;
  /** The gate's spool and its road to the server, as it changes (and once on connecting). */
  onSpoolStatus: (status: SpoolStatus) => void;
  onState: (state: LinkState) => void;
  /** Reports messages from the gate that do not match the protocol: a gate bug worth showing. */
  onInvalid: (reason: string) => void;
  /** The socket closed or could not open (a screen the gate no longer knows is refused either way). */
  onClose?: () => void;
}

/** The kiosk's WebSocket to its own gate service (hardware events, the spool's status), reconnecting for as long as the page lives. */
export class GateLink {
  readonly #options: GateLinkOptions;
  #socket: WebSocket | null = null;
  #retries = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(options: GateLinkOptions) {
    this.#options = options;
  }

  connect(): void {
    this.#closed = false;
    this.#options.onState('connecting');
    const socket = new WebSocket(this.#options.url);
    this.#socket = socket;
    socket.addEventListener('open', () => {
      this.#retries = 0;
      this.#options.onState('open');
    });
    socket.addEventListener('message', (message) => this.#receive(message.data));
    socket.addEventListener('close', () => {
      this.#socket = null;
      this.#options.onState('closed');
      if (!this.#closed) this.#scheduleReconnect();
      this.#options.onClose?.();
    });
  }

  /** Answers false when the gate is not connected, so the caller can tell the guard. */
  send(message: ScreenMessage): boolean {
    if (this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#socket?.close();
  }

  #receive(data: unknown): void {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      this.#options.onInvalid('gate sent a message that is not JSON');
      return;
    }
    const parsed = GateMessage.safeParse(json);
    if (!parsed.success) return this.#options.onInvalid(`gate sent an unknown message: ${parsed.error.issues[0]?.message ?? ''}`);
    const message = parsed.data;
    if (message.type === 'spool-status') this.#options.onSpoolStatus(message);
    else this.#options.onEvent(message);
  }

  #scheduleReconnect(): void {
    const delay = Math.min(10_000, 500 * 2 ** this.#retries);
    this.#retries += 1;
    this.#timer = setTimeout(() => this.connect(), delay);
  }
}
