import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { v7 as uuidv7 } from 'uuid';
import type { Decision, GuardAccount, Reading, RosterSnapshot, SubjectCategory } from '../../protocol/index.ts';
import { COMMUNITY_TIME_ZONE } from '../../protocol/community-date.ts';
import { communityDayStart } from '../community-time.ts';
import { buildEntry } from '../entry-builder.ts';
import type { Journal, JournalEntry, KioskSettings } from '../journal.ts';
import type { Assessment, PersonScreening } from '../screening.ts';
import type { SyncController } from './sync-controller.ts';

const BANNER_MS = 6_000;

export type Shift = NonNullable<KioskSettings['shift']>;

export type Banner =
  | { kind: 'saving' }
  | {
      kind: 'logged';
      who: string | null;
      category: SubjectCategory;
      reading: Reading | null;
      decision: Decision;
      auto: boolean;
      /** The gate was out of reach: the entry is held on this screen until it can be handed over. */
      held: boolean;
      /** It is held because the gate cannot save (its disk is full). */
      gateDiskFull: boolean;
    }
  | { kind: 'error'; detail: string };

/** Which of the shift's entries a screen lists: today's (log, hand-over) or the week's (recent visitors). */
export type EntriesRange = 'today' | 'week';

/**
 * The guard's shift: who is on duty, the entries logged under their name (built here, with the
 * guard and the shift, and handed to sync), what the banner says about the last one, and the
 * entries the log and hand-over screens list.
 */
export class ShiftController implements ReactiveController {
  shift: Shift | null = null;
  banner: Banner | null = null;
  entries: JournalEntry[] = [];
  readonly #host: ReactiveControllerHost;
  readonly #sync: SyncController;
  readonly #roster: () => RosterSnapshot | undefined;
  #journal: Journal | null = null;
  #range: EntriesRange | null = null;
  #bannerTimer: ReturnType<typeof setTimeout> | null = null;
  #saving = false;

  constructor(host: ReactiveControllerHost, sync: SyncController, roster: () => RosterSnapshot | undefined) {
    this.#host = host;
    this.#sync = sync;
    this.#roster = roster;
    host.addController(this);
  }

  async load(journal: Journal): Promise<void> {
    this.#journal = journal;
    this.shift = (await journal.setting('shift')) ?? null;
    this.#host.requestUpdate();
  }

  /** Writes the shift held in memory back to a journal that came back empty. */
  async persist(): Promise<void> {
    await this.#journal?.saveSetting('shift', this.shift);
  }

  async signIn(guard: GuardAccount): Promise<void> {
    this.shift = { guardId: guard.id, guardName: guard.name, shiftId: uuidv7(), startedAt: new Date().toISOString() };
    this.#host.requestUpdate();
    await this.persist();
  }

  async end(): Promise<void> {
    this.shift = null;
    this.#host.requestUpdate();
    await this.persist();
  }

  /** Builds the record and hands it to the gate (or holds it), then — only then — says "logged". Answers whether it was. */
  async log(
    screening: PersonScreening,
    assessment: Assessment,
    decision: Decision,
    reason: string | null,
    auto: boolean,
  ): Promise<boolean> {
    const roster = this.#roster();
    const shift = this.shift;
    if (!roster || !shift || this.#saving) return false;
    this.#saving = true;
    try {
      const record = buildEntry({
        id: uuidv7(),
        now: new Date(),
        roster,
        guard: { id: shift.guardId, name: shift.guardName, shiftId: shift.shiftId },
        screening,
        assessment,
        decision,
        reason,
      });
      this.banner = { kind: 'saving' };
      this.#host.requestUpdate();
      const logged = await this.#sync.log(record);
      this.showBanner({
        kind: 'logged',
        who: screening.identity.name,
        category: screening.identity.category,
        reading: screening.readings.at(-1) ?? null,
        decision,
        auto,
        held: logged.where === 'screen',
        gateDiskFull: logged.where === 'screen' && logged.gateDiskFull,
      });
      void this.reloadEntries();
      return true;
    } catch (cause) {
      this.showBanner({ kind: 'error', detail: cause instanceof Error ? cause.message : String(cause) });
      return false;
    } finally {
      this.#saving = false;
    }
  }

  showBanner(banner: Banner): void {
    this.banner = banner;
    if (this.#bannerTimer) clearTimeout(this.#bannerTimer);
    this.#bannerTimer = setTimeout(() => {
      if (this.banner === banner) {
        this.banner = null;
        this.#host.requestUpdate();
      }
    }, BANNER_MS);
    this.#host.requestUpdate();
  }

  /** A new person came on screen: what the banner said about the last one goes, unless it is still saving. */
  clearBanner(): void {
    if (this.banner?.kind !== 'saving') this.banner = null;
  }

  /** Lists the entries a screen needs, and keeps the list current as entries are logged; null stops. */
  showEntries(range: EntriesRange | null): void {
    this.#range = range;
    void this.reloadEntries();
  }

  async reloadEntries(): Promise<void> {
    if (!this.#range) return;
    const timeZone = this.#roster()?.timeZone ?? COMMUNITY_TIME_ZONE;
    const since = communityDayStart(new Date(), timeZone, this.#range === 'week' ? 6 : 0);
    this.entries = await this.#sync.entriesSince(since);
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    if (this.#bannerTimer) clearTimeout(this.#bannerTimer);
  }
}
