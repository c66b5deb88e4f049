import { logEntry } from '../../kiosk/gate-copy.ts';
import { Journal } from '../../kiosk/journal.ts';

/**
 * Bundled by `journalBundle()` and evaluated in a kiosk page, so a bench or drill writes through the
 * kiosk's own journal, and logs an entry as the kiosk does (journal plus gate copy).
 */
Object.assign(globalThis, { CheckpointJournal: Journal, CheckpointLogEntry: logEntry });
