import type { ReactiveControllerHost } from 'lit';
import type { IdCardEvent, RosterSnapshot } from '../../protocol/index.ts';
import { hashIdNumber } from '../id-number-hash.ts';
import type { JournalEntry } from '../journal.ts';
import type { PersonScreening } from '../screening.ts';
import type { ScreeningFlow } from '../screening-flow.ts';
import type { DropOff } from '../views/kiosk-courier-form.ts';
import type { RecentVisitor, VisitorRegistration } from '../views/kiosk-visitor-form.ts';
import type { ShiftController } from './shift-controller.ts';

const RECENT_VISITORS = 10;

/**
 * People from outside: a visitor registered at the gate (the typed ID number hashed by the gate)
 * goes on to be screened; a courier's drop-off is logged at once, without entering. It has no
 * lifecycle of its own, so it only asks the host to redraw.
 */
export class VisitorController {
  busy = false;
  /** Why the gate could not hash the ID number the guard typed. */
  idProblem: string | null = null;
  /** The ID card last laid on the reader for this registration; the gate already hashed its number. */
  card: IdCardEvent['card'] | null = null;
  readonly #host: ReactiveControllerHost;
  readonly #flow: () => ScreeningFlow;
  readonly #roster: () => RosterSnapshot | undefined;
  readonly #shift: ShiftController;

  constructor(
    host: ReactiveControllerHost,
    deps: { flow: () => ScreeningFlow; roster: () => RosterSnapshot | undefined; shift: ShiftController },
  ) {
    this.#host = host;
    this.#flow = deps.flow;
    this.#roster = deps.roster;
    this.#shift = deps.shift;
  }

  /**
   * An ID card laid on the reader: true when it is someone to register (it fills the form), false
   * when the roster knows the number — that person is screened as if their number was scanned.
   */
  cardRead(card: IdCardEvent['card']): boolean {
    if (this.#roster()?.persons.some((p) => p.idHash === card.idHash)) return false;
    this.card = card;
    this.#host.requestUpdate();
    return true;
  }

  forgetCard(): void {
    if (this.card === null) return;
    this.card = null;
    this.#host.requestUpdate();
  }

  /**
   * The ID number goes to the gate service to be hashed with the community's key; it is never
   * stored. Answers whether the visitor went on to be screened (on screen or queued).
   */
  async register(registration: VisitorRegistration): Promise<boolean> {
    let idHash: string | null = this.card?.idHash ?? null;
    let idMasked: string | null = this.card?.idMasked ?? null;
    if (!this.card && registration.idNumber.trim()) {
      this.busy = true;
      this.#host.requestUpdate();
      const hashed = await hashIdNumber(registration.idNumber);
      this.busy = false;
      this.#host.requestUpdate();
      if (!hashed.ok) {
        this.idProblem = hashed.reason;
        return false;
      }
      idHash = hashed.idHash;
      idMasked = hashed.idMasked;
    }
    this.idProblem = null;
    this.card = null;
    const flow = this.#flow();
    const host = this.#roster()?.households.find((h) => h.id === registration.hostHouseholdId);
    const plate = registration.plate.trim();
    if (plate && !flow.vehicle) flow.startVehicle(plate);
    flow.start({
      scan: null,
      identity: {
        category: 'visitor',
        personId: null,
        name: registration.name.trim(),
        room: host ? `${host.building} ${host.unit} ${host.room}` : null,
        idHash,
        idMasked,
        flags: [],
        problem: null,
        problemDetail: null,
      },
      householdId: null,
      visitor: {
        phone: registration.phone.trim() || null,
        purpose: registration.purpose.trim() || null,
        hostHouseholdId: registration.hostHouseholdId || null,
        passCode: null,
      },
      at: Date.now(),
    });
    return true;
  }

  async dropOff(dropOff: DropOff): Promise<void> {
    if (!this.#shift.shift) return;
    const label = [dropOff.name, dropOff.company && `(${dropOff.company})`].filter(Boolean).join(' ') || null;
    const person: PersonScreening = {
      startedAt: Date.now(),
      scan: null,
      identity: {
        category: 'courier',
        personId: null,
        name: label,
        room: null,
        idHash: null,
        idMasked: null,
        flags: [],
        problem: null,
        problemDetail: null,
      },
      householdId: null,
      visitor: {
        phone: dropOff.phone || null,
        purpose: dropOff.company || null,
        hostHouseholdId: dropOff.hostHouseholdId || null,
        passCode: null,
      },
      vehicle: null,
      direction: 'in',
      mask: 'not-checked',
      answers: {},
      readings: [],
      remeasureAfter: null,
    };
    await this.#shift.log(person, this.#flow().assess(person), 'drop-off', null, false);
  }

  /** The last visitors by name, newest first, for a one-tap re-entry. */
  recent(entries: readonly JournalEntry[]): RecentVisitor[] {
    const byName = new Map<string, RecentVisitor>();
    for (const { record } of entries) {
      if (record.subject.category !== 'visitor' || !record.subject.name) continue;
      byName.set(record.subject.name, {
        name: record.subject.name,
        phone: record.visitor?.phone ?? null,
        purpose: record.visitor?.purpose ?? null,
        hostHouseholdId: record.visitor?.hostHouseholdId ?? null,
        plate: record.vehicle?.plate ?? null,
        lastSeen: record.occurredAt,
      });
    }
    return [...byName.values()].reverse().slice(0, RECENT_VISITORS);
  }
}
