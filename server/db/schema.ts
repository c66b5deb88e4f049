import type { ColumnType, Generated } from 'kysely';
import type { AbandonReason, Decision, Direction, EntryFlag, ReadingSource, SubjectCategory } from '../../protocol/entry.ts';
import type { FeverFollowUpInput, FeverStatus } from '../../protocol/review-queries.ts';
import type { UserRole } from '../../protocol/review.ts';
import type { WatchKind } from '../../protocol/roster.ts';
import type { OrgLevel } from '../../protocol/org.ts';

/**
 * Row shapes as Kysely sees them. Instants are ISO 8601 text and ids are text on every dialect,
 * so the same migrations and queries run on SQLite and PostgreSQL.
 */
export interface CommunitiesTable {
  id: string;
  name: string;
  /** Bumped on every roster change so a gate can tell its cached copy is stale. */
  roster_version: number;
  created_at: string;
  /** IANA zone (added by 0060): the community's days and hours, whatever the server's clock zone. */
  time_zone: Generated<string>;
  /** The tree node this compound hangs under (added by 0090; the default community when not given). */
  org_parent_id: Generated<string>;
}

/** District, street office and community nodes (0090); compounds are `communities` rows beneath them. */
export interface OrgNodesTable {
  id: string;
  parent_id: string | null;
  level: OrgLevel;
  name: string;
  /** `/root-id/…/own-id/`: a subtree is a prefix match. */
  path: string;
  created_at: string;
}

/** A level's name as an administrator set it (0092). */
export interface OrgLevelNamesTable {
  level: 'district' | 'street' | 'community' | 'compound';
  name_zh: string;
  name_en: string;
  updated_at: string;
}

export interface HouseholdsTable {
  id: string;
  community_id: string;
  building: string;
  unit: string;
  room: string;
  /** Added by 0010; null: read from the room number. */
  floor: number | null;
}

export interface PersonsTable {
  id: string;
  community_id: string;
  household_id: string | null;
  name: string;
  category: SubjectCategory;
  phone: string | null;
  id_hash: string | null;
  id_masked: string | null;
}

export interface GatesTable {
  id: string;
  community_id: string;
  name: string;
  note: string | null;
  /** 0 or 1 (added by 0010). */
  is_main: Generated<number>;
  /** `HH:MM-HH:MM` community time (0081); null: always open. */
  opening_hours: string | null;
}

export interface DevicesTable {
  id: string;
  gate_id: string;
  token_hash: string;
  enrolled_at: string;
  revoked_at: string | null;
  label: string | null;
  /** Server clock of the device's last authenticated request. */
  last_seen_at: string | null;
  /** The gate protocol it last spoke (0081); null: never sent a heartbeat. */
  protocol_version: number | null;
  /** The server's last refusal of this device (too old a protocol) and why (0081). */
  refused_at: string | null;
  refused_reason: string | null;
}

export interface GateReportsTable {
  device_id: string;
  received_at: string;
  /** Server clock minus the gate's clock when it sent the report. */
  clock_offset_ms: number;
  /** protocol/fleet.ts GateReport, JSON. */
  report: string;
}

export interface GateBacklogSamplesTable {
  device_id: string;
  at: string;
  unsent: number;
}

export interface EntriesTable {
  /** The record's UUIDv7, minted at the kiosk: the idempotency key of every hop. */
  id: string;
  device_id: string;
  gate_id: string;
  /** Device clock. */
  occurred_at: string;
  /** Server clock. */
  received_at: string;
  direction: Direction;
  category: SubjectCategory;
  person_id: string | null;
  subject_name: string | null;
  id_masked: string | null;
  highest_temp_c: number | null;
  highest_temp_source: ReadingSource | null;
  decision: Decision;
  /** JSON array of EntryFlag. */
  flags: string;
  /** The whole EntryRecord as received, JSON. */
  record: string;
}

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: UserRole;
  created_at: string;
  /** Set when an admin disables the account: sign-in and sessions stop working. */
  disabled_at: string | null;
  /** Guards only: the kiosk PIN as a PBKDF2 record (JSON), see guard-accounts.ts. */
  guard_pin: string | null;
  /** The name the kiosk shows for a guard. */
  display_name: string | null;
  /** The tree node whose subtree the user sees (0090; the top of the default tree when not given). */
  org_node_id: Generated<string>;
  /** Set for a user of one compound only (property staff, guards): narrower than any tree node. */
  compound_id: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  user_id: string | null;
  action: string;
  /** JSON object. */
  detail: string;
}

export interface VehiclesTable {
  id: string;
  community_id: string;
  household_id: string;
  plate: string;
}

export interface WatchEntriesTable {
  id: string;
  community_id: string;
  kind: WatchKind;
  person_id: string | null;
  household_id: string | null;
  /** Community-local calendar dates, `YYYY-MM-DD`. */
  start_date: string;
  end_date: string | null;
  origin: string | null;
  arrival_date: string | null;
  note: string | null;
  created_at: string;
  released_at: string | null;
}

export interface VisitorPassesTable {
  id: string;
  community_id: string;
  code: string;
  name: string;
  host_household_id: string;
  valid_from: string;
  valid_until: string;
  vehicle_plate: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface QuestionSetsTable {
  community_id: string;
  version: number;
  /** JSON array of Question. */
  questions: string;
  created_at: string;
  /** The node this version was inherited from (0093); null when the compound's staff published it. */
  inherited_from: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Questions set at a tree node for the compounds below (0093). */
export interface NodeQuestionSetsTable {
  node_id: string;
  version: number;
  questions: string;
  created_at: string;
}

/** Rules set at a tree node for the compounds below (0093). */
export interface NodeScreeningRulesTable {
  node_id: string;
  fever_threshold_c: number;
  baseline_offset_c: number;
  home_observation_days: number;
  goal_fever_c: number | null;
  goal_find_share: number | null;
  updated_at: string;
}

export interface ScreeningRulesTable {
  community_id: string;
  fever_threshold_c: number;
  baseline_offset_c: number;
  home_observation_days: number;
  /** Both null: a fixed margin above the baseline instead of a goal. */
  goal_fever_c: number | null;
  goal_find_share: number | null;
  updated_at: string;
  /** The node these rules were inherited from (0093); null when the compound's staff set them. */
  inherited_from: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EntryFlagsTable {
  flag: EntryFlag;
  entry_id: string;
}

export interface FeverEventsTable {
  /** UUIDv7 minted at ingest. */
  id: string;
  entry_id: string;
  gate_id: string;
  occurred_at: string;
  category: SubjectCategory;
  person_id: string | null;
  subject_name: string | null;
  id_masked: string | null;
  /** The reading that decided (added by 0060: before, the highest). */
  reading_c: number | null;
  reading_source: ReadingSource | null;
  /** JSON array of the entry's readings (added by 0060; null for events whose entry was purged before). */
  readings: string | null;
  /** Why the entry's screening was abandoned (an AbandonReason; added by 0066); null when it ended in a decision. */
  abandon_reason: AbandonReason | null;
  status: FeverStatus;
  closed_at: string | null;
}

export interface FeverFollowUpsTable {
  id: string;
  event_id: string;
  at: string;
  user_id: string | null;
  kind: FeverFollowUpInput['kind'];
  /** JSON FeverFollowUpInput. */
  step: string;
}

/**
 * A gate's figures for a whole local day (migration 0099): the sum of its hourly rows, kept at
 * ingest beside them so a street's or district's roll-up reads a row a gate a day, not 24.
 * `entries_in` is null when any hour of the day has no known split.
 */
export type GateDayFiguresTable = Omit<DailyFiguresTable, 'hour'>;

export interface DailyFiguresTable {
  gate_id: string;
  /** The gate's local date, `YYYY-MM-DD`. */
  day: string;
  hour: number;
  entries: number;
  /** Passages in (added by 0091); null for hours counted before the split was kept. */
  entries_in: number | null;
  visitors: number;
  vehicles: number;
  fevers: number;
  denied: number;
}

export interface ConfirmedCasesTable {
  id: string;
  community_id: string;
  person_id: string | null;
  household_id: string | null;
  /** Community-local date, `YYYY-MM-DD`. */
  confirmed_on: string;
  note: string | null;
  created_at: string;
  created_by: string | null;
}

export interface Database {
  communities: CommunitiesTable;
  households: HouseholdsTable;
  persons: PersonsTable;
  gates: GatesTable;
  devices: DevicesTable;
  entries: EntriesTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  vehicles: VehiclesTable;
  watch_entries: WatchEntriesTable;
  visitor_passes: VisitorPassesTable;
  question_sets: QuestionSetsTable;
  screening_rules: ScreeningRulesTable;
  entry_flags: EntryFlagsTable;
  fever_events: FeverEventsTable;
  fever_follow_ups: FeverFollowUpsTable;
  daily_figures: DailyFiguresTable;
  gate_day_figures: GateDayFiguresTable;
  confirmed_cases: ConfirmedCasesTable;
  sign_in_failures: SignInFailuresTable;
  sign_in_locks: SignInLocksTable;
  settings: SettingsTable;
  org_nodes: OrgNodesTable;
  org_level_names: OrgLevelNamesTable;
  node_screening_rules: NodeScreeningRulesTable;
  node_question_sets: NodeQuestionSetsTable;
  gate_reports: GateReportsTable;
  gate_backlog_samples: GateBacklogSamplesTable;
  daily_reports: DailyReportsTable;
  report_deadlines: ReportDeadlinesTable;
}

/** One signed version of a community's report for a day (0094); its figures and signature never change. */
export interface DailyReportsTable {
  id: string;
  /** The community node (org_nodes, level community) the report is of. */
  community_node_id: string;
  /** The community's calendar date, `YYYY-MM-DD`. */
  day: string;
  /** 1, 2, …: each signing adds one. */
  version: number;
  /** protocol/daily-reports.ts ReportFigures, JSON, as computed when it was signed. */
  figures: string;
  note: string;
  signed_by: string;
  signed_at: string;
  /** Set once, when this version is sent up; null: signed, not submitted. */
  submitted_by: string | null;
  submitted_at: string | null;
  /** The deadline in force when it was submitted. */
  deadline_at: string | null;
}

/** When a day's report is due, set at a node for the communities below (0094). */
export interface ReportDeadlinesTable {
  node_id: string;
  /** Days after the report's day: 1 = the next day. */
  days_after: number;
  /** `HH:MM` on the community's clock. */
  at_time: string;
  updated_at: string;
  updated_by: string | null;
}

export interface SignInFailuresTable {
  id: string;
  username: string;
  /** The client's address (X-Forwarded-For from a trusted reverse proxy). */
  address: string;
  at: string;
}

/** `pair:ADDRESS:USERNAME`, `address:ADDRESS` or `username:USERNAME`, held back until `locked_until`. */
export interface SignInLocksTable {
  lock_key: string;
  locked_until: string;
}

/** Run-time settings an admin may change, by name; values are JSON. */
export interface SettingsTable {
  name: string;
  value: string;
  updated_at: string;
}
