import { Journal } from '../kiosk/journal.ts';

/** Bundled and loaded into the kiosk page by the bench, so it times the kiosk's own journal writes. */
Object.assign(globalThis, { CheckpointJournal: Journal });
