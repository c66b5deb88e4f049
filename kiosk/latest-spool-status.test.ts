import { describe, expect, it } from 'vitest';
import type { SpoolStatus } from '../protocol/index.ts';
import { latestSpoolStatus } from './latest-spool-status.ts';

const status = (run: string, seq: number, unsent: number): SpoolStatus => ({
  type: 'spool-status',
  at: '2026-12-05T08:00:00.000Z',
  run,
  seq,
  unsent,
  rejected: 0,
  lastSuccessAt: null,
  lastError: null,
  serverUnreachable: false,
  serverCertificateRefused: false,
  nextRetryAt: null,
});

describe('latestSpoolStatus', () => {
  it('keeps the newer status when an older answer to a hand-over arrives after the event stream', () => {
    const sent = status('a', 7, 0);
    const staleAnswer = status('a', 5, 1);
    expect(latestSpoolStatus(sent, staleAnswer)).toBe(sent);
    expect(latestSpoolStatus(staleAnswer, sent)).toBe(sent);
  });

  it('takes the first status, and any status from a restarted gate', () => {
    const first = status('a', 40, 3);
    expect(latestSpoolStatus(null, first)).toBe(first);
    const restarted = status('b', 0, 3);
    expect(latestSpoolStatus(first, restarted)).toBe(restarted);
  });
});
