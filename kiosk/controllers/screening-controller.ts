import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { v7 as uuidv7 } from 'uuid';
import { playAlarm } from '../alarm.ts';
import { ScreeningFlow, type ScreeningFlowPorts } from '../screening-flow.ts';

const TICK_MS = 1_000;

/**
 * Puts the screening state machine on the element: every change redraws, and a clock ticks once a
 * second so the re-measure countdown counts down.
 */
export class ScreeningController implements ReactiveController {
  readonly flow: ScreeningFlow;
  /** The clock the screen shows (countdowns); it ticks while the element is connected. */
  now = Date.now();
  readonly #host: ReactiveControllerHost;
  #ticker: ReturnType<typeof setInterval> | null = null;

  constructor(host: ReactiveControllerHost, ports: Omit<ScreeningFlowPorts, 'now' | 'newId' | 'alarm' | 'onChange'>) {
    this.#host = host;
    host.addController(this);
    this.flow = new ScreeningFlow({
      ...ports,
      now: () => Date.now(),
      newId: () => uuidv7(),
      alarm: playAlarm,
      onChange: () => host.requestUpdate(),
    });
  }

  hostConnected(): void {
    this.#ticker = setInterval(() => {
      this.now = Date.now();
      this.#host.requestUpdate();
    }, TICK_MS);
  }

  hostDisconnected(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
  }
}
