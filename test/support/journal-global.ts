import { logEntry } from '../../kiosk/hand-over.ts';
import { Journal } from '../../kiosk/journal.ts';

/**
 * Bundled by `journalBundle()` and evaluated in a kiosk page, so a bench or drill logs an entry as
 * the kiosk does (handed to the gate, or held in the kiosk's own journal while the gate is away).
 */
Object.assign(globalThis, { CheckpointJournal: Journal, CheckpointLogEntry: logEntry });
