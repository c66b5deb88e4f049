import type { DockCardRequest, DockState } from '../../protocol/dock.ts';
import type { BuzzerPattern } from '../../protocol/hardware-commands.ts';
import type { DeviceKind } from '../../protocol/hardware-events.ts';
import type { SignalPins } from '../devices/board/firmata-signals.ts';
import type { LineEnding } from '../devices/line-protocol/line-splitter.ts';
import type { ThermometerFormatName } from '../devices/thermometer/thermometer-formats.ts';
import { AvrFirmataBoard } from './avr-board/avr-firmata-board.ts';
import { FirmataBoardEmulator } from './firmata-board-emulator.ts';
import { openSimulatedLink, type LinkKind, type SimulatedLink } from './serial-link.ts';
import { SimulatedIdCardReader, simulatedCard } from './simulated-id-card-reader.ts';
import { SimulatedInfraredSubject } from './simulated-infrared-subject.ts';
import type { SimulatedBoard } from './simulated-board.ts';
import { SimulatedScanner } from './simulated-scanner.ts';
import { SimulatedThermalArray } from './simulated-thermal-array.ts';
import { SimulatedThermometerGun } from './simulated-thermometer-gun.ts';

export interface SimulatedKitOptions {
  link: LinkKind;
  scanner: { lineEnding: LineEnding };
  thermometer:
    { kind: 'gun'; format: ThermometerFormatName; lineEnding: LineEnding } | { kind: 'mlx90614' } | { kind: 'thermal-array' };
  board: {
    pins: SignalPins;
    relayActiveLow: boolean;
    /** The JS Firmata emulator (default), or the real StandardFirmata on an emulated ATmega328P. */
    emulation?: BoardEmulation;
  };
  /** A second-generation ID-card reader on a link of its own. */
  idCardReader?: boolean;
}

export type BoardEmulation = 'js' | 'standard-firmata';

/**
 * The far side of every simulated device: a scanner and (when configured) a thermometer gun
 * writing real bytes, and an Arduino running StandardFirmata with an MLX90614, each on a serial
 * link of its own. The dock drives it; the gate's real drivers open the links' device paths.
 */
export class SimulatedKit {
  readonly link: LinkKind;
  readonly scanner: SimulatedScanner;
  readonly thermometer: SimulatedThermometerGun | SimulatedInfraredSubject | SimulatedThermalArray;
  readonly board: SimulatedBoard;
  readonly idCardReader: SimulatedIdCardReader | null;
  readonly links: {
    scanner: SimulatedLink;
    gun: SimulatedLink | null;
    thermalArray: SimulatedLink | null;
    board: SimulatedLink;
    idCardReader: SimulatedLink | null;
  };
  /** Set by the gate kit: the buzzer pattern its signal driver is playing. */
  buzzerPattern: () => BuzzerPattern = () => 'off';
  private readonly options: SimulatedKitOptions;
  private readonly pulses = { count: 0, lastAt: null as Date | null, lastMs: null as number | null };

  private constructor(options: SimulatedKitOptions, links: SimulatedKit['links']) {
    this.options = options;
    this.link = options.link;
    this.links = links;
    this.scanner = new SimulatedScanner(links.scanner, options.scanner.lineEnding);
    this.idCardReader = links.idCardReader ? new SimulatedIdCardReader(links.idCardReader) : null;
    this.board =
      options.board.emulation === 'standard-firmata' ? new AvrFirmataBoard(links.board) : new FirmataBoardEmulator(links.board);
    const { thermometer } = options;
    this.thermometer =
      thermometer.kind === 'gun'
        ? new SimulatedThermometerGun(links.gun!, thermometer.format, thermometer.lineEnding)
        : thermometer.kind === 'thermal-array'
          ? new SimulatedThermalArray(links.thermalArray!)
          : new SimulatedInfraredSubject(this.board);
    this.board.on('pin', (write) => {
      if (write.pin !== options.board.pins.relay) return;
      if (this.relayEnergised(write.value)) {
        this.pulses.count += 1;
        this.pulses.lastAt = write.at;
        this.pulses.lastMs = null;
      } else if (this.pulses.lastAt) {
        this.pulses.lastMs = write.at.getTime() - this.pulses.lastAt.getTime();
      }
    });
  }

  static async open(options: SimulatedKitOptions): Promise<SimulatedKit> {
    const opened: SimulatedLink[] = [];
    const open = async (name: string) => {
      const link = await openSimulatedLink(options.link, name);
      opened.push(link);
      return link;
    };
    try {
      const scanner = await open('scanner');
      const gun = options.thermometer.kind === 'gun' ? await open('thermometer') : null;
      const thermalArray = options.thermometer.kind === 'thermal-array' ? await open('thermal-array') : null;
      const board = await open('board');
      const idCardReader = options.idCardReader ? await open('id-card-reader') : null;
      const kit = new SimulatedKit(options, { scanner, gun, thermalArray, board, idCardReader });
      if (kit.board instanceof AvrFirmataBoard) await kit.board.booted;
      return kit;
    } catch (error) {
      await Promise.all(opened.map((link) => link.close()));
      throw error;
    }
  }

  get state(): DockState {
    const { pins } = this.options.board;
    return {
      board: 'simulated',
      link: this.link,
      lights: { green: this.board.level(pins.green) > 0, red: this.board.level(pins.red) > 0 },
      buzzer: this.buzzerPattern(),
      buzzerSounding: this.board.level(pins.buzzer) > 0,
      thermometer: this.options.thermometer.kind,
      plugged: {
        scanner: this.links.scanner.plugged,
        thermometer: this.thermometerLink?.plugged ?? this.board.sensor.responding,
        board: this.links.board.plugged,
        ...(this.links.idCardReader ? { idCardReader: this.links.idCardReader.plugged } : {}),
      },
      ...(this.idCardReader ? { cardOnReader: this.idCardReader.cardPresent } : {}),
      gate: {
        open: this.relayEnergised(this.board.level(pins.relay)),
        pulses: this.pulses.count,
        lastPulseAt: this.pulses.lastAt?.toISOString() ?? null,
        lastPulseMs: this.pulses.lastMs,
      },
    };
  }

  /** A card laid on the simulated reader, or taken away. */
  card(request: DockCardRequest): void {
    const reader = this.idCardReader;
    if (!reader) throw new Error('the simulated kit has no ID-card reader: configure idCardReader');
    if (request.action === 'take') return reader.remove();
    if (request.fault === 'pulled-mid-read') reader.pullDuringNextRead();
    if (request.fault === 'bad-check') reader.corruptNextRead();
    reader.lay(simulatedCard(request));
  }

  /** The MLX90614 "unplugged" is its wires off SDA/SCL: the board stays, the sensor stops answering. */
  async unplug(device: DeviceKind): Promise<void> {
    if (device === 'thermometer' && !this.thermometerLink) {
      this.board.sensor.responding = false;
      return;
    }
    await this.linkOf(device).unplug();
  }

  async replug(device: DeviceKind): Promise<void> {
    if (device === 'thermometer' && !this.thermometerLink) {
      this.board.sensor.responding = true;
      return;
    }
    // A board's power comes with its USB cable: it starts afresh.
    if (device === 'board') this.board.reset();
    await this.linkOf(device).replug();
  }

  async close(): Promise<void> {
    if (this.thermometer instanceof SimulatedThermalArray) this.thermometer.close();
    await this.board.close();
    await Promise.all(Object.values(this.links).map((link) => link?.close()));
  }

  private linkOf(device: DeviceKind): SimulatedLink {
    if (device === 'scanner') return this.links.scanner;
    if (device === 'board') return this.links.board;
    if (device === 'id-card-reader' && this.links.idCardReader) return this.links.idCardReader;
    if (device === 'thermometer' && this.thermometerLink) return this.thermometerLink;
    throw new Error(`the simulated kit has no ${device}`);
  }

  /** A thermometer on a serial link of its own; null: the MLX90614 on the board's I2C bus. */
  private get thermometerLink(): SimulatedLink | null {
    return this.links.gun ?? this.links.thermalArray;
  }

  private relayEnergised(level: number): boolean {
    return this.options.board.relayActiveLow ? level === 0 : level > 0;
  }
}
