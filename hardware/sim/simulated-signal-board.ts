import type { DockState } from '../../protocol/dock.ts';
import type { HardwareCommand } from '../../protocol/hardware-commands.ts';
import type { DeviceStatus } from '../../protocol/hardware-events.ts';
import type { Signals } from '../signals.ts';
import type { LinkKind } from './serial-link.ts';

export interface SimulatedSignalBoardOptions {
  deviceId: string;
  link: LinkKind;
  /** Relay pulse when a gate command names none. */
  defaultPulseMs: number;
  now?: () => Date;
}

/** Records what the kiosk commanded; it says plainly that no hardware is attached. */
export class SimulatedSignalBoard implements Signals {
  readonly status: DeviceStatus;
  private readonly options: SimulatedSignalBoardOptions;
  private readonly now: () => Date;
  private current: DockState;
  private relayTimer: NodeJS.Timeout | null = null;

  constructor(options: SimulatedSignalBoardOptions) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
    this.status = {
      type: 'device-status',
      deviceId: options.deviceId,
      device: 'board',
      at: this.now().toISOString(),
      state: 'connected',
      reason: 'simulated signal board: no lights, buzzer or relay attached',
    };
    this.current = {
      board: 'simulated',
      link: options.link,
      lights: { green: false, red: false },
      buzzer: 'off',
      gate: { open: false, pulses: 0, lastPulseAt: null, lastPulseMs: null },
    };
  }

  get state(): DockState {
    return structuredClone(this.current);
  }

  apply(command: HardwareCommand): void {
    switch (command.type) {
      case 'lights':
        this.current.lights = { green: command.green, red: command.red };
        return;
      case 'buzzer':
        this.current.buzzer = command.pattern;
        return;
      case 'gate': {
        const pulseMs = command.pulseMs ?? this.options.defaultPulseMs;
        this.current.gate = { open: true, pulses: this.current.gate.pulses + 1, lastPulseAt: this.now().toISOString(), lastPulseMs: pulseMs };
        if (this.relayTimer) clearTimeout(this.relayTimer);
        this.relayTimer = setTimeout(() => {
          this.current.gate.open = false;
          this.relayTimer = null;
        }, pulseMs);
        return;
      }
    }
  }

  async close(): Promise<void> {
    if (this.relayTimer) clearTimeout(this.relayTimer);
    this.relayTimer = null;
  }
}
