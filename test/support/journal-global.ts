import { Journal } from '../../kiosk/journal.ts';

/** Bundled by `journalBundle()` and evaluated in a kiosk page, so a bench or drill writes through the kiosk's own journal. */
Object.assign(globalThis, { CheckpointJournal: Journal });
