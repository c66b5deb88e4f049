import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DeviceStatus, HardwareCommand, HardwareEvent, SpoolStatus } from '../../protocol/index.ts';
import { GateLink, type LinkState } from '../gate-link.ts';

export interface GateLinkHandlers {
  /** Scans, readings and refused input, stamped with when the kiosk received them. */
  onEvent: (event: Exclude<HardwareEvent, DeviceStatus>, receivedAt: number) => void;
  /** A message from the gate that does not match the protocol: a gate bug worth showing. */
  onInvalid: (reason: string) => void;
  /** The gate's spool and its road to the server, as it changes (and once on connecting). */
  onSpoolStatus: (status: SpoolStatus) => void;
  /** The link is open (again). */
  onOpen: () => void;
  /** The link closed or could not open: the kiosk asks the gate whether this screen is still paired. */
  onClose: () => void;
}

/** The element's side of the event stream from its own gate: link state, device states, commands. */
export class GateLinkController implements ReactiveController {
  link: LinkState = 'connecting';
  devices = new Map<string, DeviceStatus>();
  readonly #host: ReactiveControllerHost;
  readonly #handlers: GateLinkHandlers;
  #gate: GateLink | null = null;
  /** What this screen holds itself, as last reported: told to the gate again whenever the link opens. */
  #holding: number | null = null;

  constructor(host: ReactiveControllerHost, handlers: GateLinkHandlers) {
    this.#host = host;
    this.#handlers = handlers;
    host.addController(this);
  }

  /** Opens the link once the kiosk has what it needs to act on events (journal, roster). */
  connect(): void {
    const url = new URL('events', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.#gate = new GateLink({
      url: url.href,
      onEvent: (event) => this.#receive(event),
      onSpoolStatus: (status) => this.#handlers.onSpoolStatus(status),
      onState: (state) => {
        this.link = state;
        this.#host.requestUpdate();
        if (state === 'open') {
          if (this.#holding !== null) this.#gate?.send({ type: 'screen-holding', entries: this.#holding });
          this.#handlers.onOpen();
        }
      },
      onInvalid: (reason) => this.#handlers.onInvalid(reason),
      onClose: () => this.#handlers.onClose(),
    });
    this.#gate.connect();
  }

  send(commands: readonly HardwareCommand[]): void {
    for (const command of commands) this.#gate?.send(command);
  }

  /** Tells the gate how many entries this screen holds itself (for the Fleet page), when it changes. */
  reportHolding(entries: number): void {
    if (entries === this.#holding) return;
    this.#holding = entries;
    this.#gate?.send({ type: 'screen-holding', entries });
  }

  /** Closes the link for good (the page is gone, or the gate no longer knows this screen). */
  disconnect(): void {
    this.#gate?.close();
    this.#gate = null;
    this.link = 'closed';
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.disconnect();
  }

  #receive(event: HardwareEvent): void {
    if (event.type === 'device-status') {
      this.devices = new Map(this.devices).set(event.deviceId, event);
      this.#host.requestUpdate();
      return;
    }
    this.#handlers.onEvent(event, Date.now());
  }
}
