import { resolve } from 'node:path';
import { build } from 'vite';

/**
 * The kiosk's own journal module (kiosk/journal.ts), bundled by vite into a script that a page can
 * evaluate: it sets `globalThis.CheckpointJournal`. The bench times its writes with it; the drills
 * write through it while killing the browser.
 */
export async function journalBundle(): Promise<string> {
  const built = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve(import.meta.dirname, 'journal-global.ts'), formats: ['iife'], name: 'checkpointJournal' },
    },
  });
  const outputs = Array.isArray(built) ? built : [built];
  for (const output of outputs) {
    if ('output' in output) {
      const chunk = output.output.find((o) => o.type === 'chunk');
      if (chunk && chunk.type === 'chunk') return chunk.code;
    }
  }
  throw new Error('vite built no journal bundle');
}
