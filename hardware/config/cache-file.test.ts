import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCacheFile } from './cache-file.ts';

describe('writeCacheFile', () => {
  it('makes the folders it needs 0700 and the file 0600, whatever the umask lets through', async () => {
    const base = mkdtempSync(join(tmpdir(), 'checkpoint-cache-file-'));
    const previous = process.umask(0o022);
    try {
      await writeCacheFile(join(base, 'gate', 'cache', 'roster.json'), '{"guards":[]}');
    } finally {
      process.umask(previous);
    }
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect([
      mode(join(base, 'gate')),
      mode(join(base, 'gate', 'cache')),
      mode(join(base, 'gate', 'cache', 'roster.json')),
    ]).toEqual(['700', '700', '600']);
    expect(readFileSync(join(base, 'gate', 'cache', 'roster.json'), 'utf8')).toBe('{"guards":[]}');
  });
});
