export * from './common.ts';
export * from './entry.ts';
export * from './hardware-commands.ts';
export * from './hardware-events.ts';
export * from './pass.ts';
export * from './resident-id.ts';
export * from './roster.ts';
export * from './sync.ts';
