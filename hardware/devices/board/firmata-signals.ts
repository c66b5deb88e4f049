import five from 'johnny-five';
import type { BuzzerPattern, HardwareCommand } from '../../../protocol/hardware-commands.ts';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';
import { BUZZER_PATTERNS } from './buzzer-patterns.ts';
import type { FirmataBoardLink, JohnnyFiveBoard } from './firmata-board-link.ts';
import type { GateLogger } from '../../service/gate-logger.ts';
import type { Signals } from './signals.ts';

export interface SignalPins {
  green: number;
  red: number;
  /** An active buzzer: sounds while the pin is high. */
  buzzer: number;
  relay: number;
}

export interface FirmataSignalsOptions {
  board: FirmataBoardLink;
  pins: SignalPins;
  /** Many relay modules switch on a low input. */
  relayActiveLow: boolean;
  /** Relay pulse when a gate command names none. */
  defaultPulseMs: number;
  logger: GateLogger;
}

interface Outputs {
  green: InstanceType<typeof five.Led>;
  red: InstanceType<typeof five.Led>;
  buzzer: InstanceType<typeof five.Pin>;
  relay: InstanceType<typeof five.Relay>;
}

/**
 * Green and red lights, an active buzzer and the gate relay on a Firmata board, driven through
 * johnny-five. A command that arrives while the board is away is logged and not carried out
 * later: a gate opening minutes after the guard's decision would let in whoever stands there.
 */
export class FirmataSignals implements Signals {
  private readonly options: FirmataSignalsOptions;
  private outputs: Outputs | null = null;
  private lights = { green: false, red: false };
  private pattern: BuzzerPattern = 'off';
  private buzzerTimer: NodeJS.Timeout | null = null;
  private relayTimer: NodeJS.Timeout | null = null;
  private readonly onReady = (board: JohnnyFiveBoard) => this.attach(board);
  private readonly onLost = () => this.detach();

  constructor(options: FirmataSignalsOptions) {
    this.options = options;
    options.board.on('ready', this.onReady).on('lost', this.onLost);
    if (options.board.board) this.attach(options.board.board);
  }

  get status(): DeviceStatus {
    return this.options.board.status;
  }

  /** The buzzer pattern playing now ('off' once it has finished). */
  get buzzerPattern(): BuzzerPattern {
    return this.pattern;
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    this.options.board.on('status', listener);
    return () => this.options.board.off('status', listener);
  }

  apply(command: HardwareCommand): void {
    const outputs = this.outputs;
    if (!outputs) {
      this.options.logger.warn(`signal board not connected; command not carried out: ${JSON.stringify(command)}`);
      return;
    }
    switch (command.type) {
      case 'lights':
        this.lights = { green: command.green, red: command.red };
        this.showLights(outputs);
        return;
      case 'buzzer':
        this.play(outputs, command.pattern);
        return;
      case 'gate': {
        const pulseMs = command.pulseMs ?? this.options.defaultPulseMs;
        outputs.relay.close();
        // A second pulse restarts the hold instead of being cut short by the first.
        if (this.relayTimer) clearTimeout(this.relayTimer);
        this.relayTimer = setTimeout(() => {
          this.relayTimer = null;
          this.outputs?.relay.open();
        }, pulseMs);
        return;
      }
    }
  }

  async close(): Promise<void> {
    this.options.board.off('ready', this.onReady).off('lost', this.onLost);
    const outputs = this.outputs;
    if (outputs) {
      this.lights = { green: false, red: false };
      this.showLights(outputs);
      this.play(outputs, 'off');
      outputs.relay.open();
    }
    this.detach();
  }

  private attach(board: JohnnyFiveBoard): void {
    const { pins, relayActiveLow } = this.options;
    for (const pin of [pins.buzzer, pins.relay]) board.io.pinMode(pin, board.io.MODES.OUTPUT);
    const outputs: Outputs = {
      green: new five.Led({ pin: pins.green, board }),
      red: new five.Led({ pin: pins.red, board }),
      buzzer: new five.Pin({ pin: pins.buzzer, type: 'digital', board }),
      // johnny-five's "NC" type inverts the pin: energised on low.
      relay: new five.Relay({ pin: pins.relay, type: relayActiveLow ? 'NC' : 'NO', board }),
    };
    outputs.relay.open();
    outputs.buzzer.low();
    // A replugged board comes back dark; the lights the guard last set still hold.
    this.showLights(outputs);
    this.outputs = outputs;
  }

  private detach(): void {
    if (this.buzzerTimer) clearTimeout(this.buzzerTimer);
    if (this.relayTimer) clearTimeout(this.relayTimer);
    this.buzzerTimer = null;
    this.relayTimer = null;
    this.pattern = 'off';
    this.outputs = null;
  }

  private showLights(outputs: Outputs): void {
    if (this.lights.green) outputs.green.on();
    else outputs.green.off();
    if (this.lights.red) outputs.red.on();
    else outputs.red.off();
  }

  /** A new pattern cuts the one playing short. */
  private play(outputs: Outputs, pattern: BuzzerPattern): void {
    if (this.buzzerTimer) clearTimeout(this.buzzerTimer);
    this.buzzerTimer = null;
    outputs.buzzer.low();
    this.pattern = pattern;
    const steps = BUZZER_PATTERNS[pattern];
    const step = (index: number) => {
      if (this.outputs !== outputs) return;
      if (index >= steps.length) {
        outputs.buzzer.low();
        this.pattern = 'off';
        this.buzzerTimer = null;
        return;
      }
      if (index % 2 === 0) outputs.buzzer.high();
      else outputs.buzzer.low();
      this.buzzerTimer = setTimeout(() => step(index + 1), steps[index]);
    };
    step(0);
  }
}
