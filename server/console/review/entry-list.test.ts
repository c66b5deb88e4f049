import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { EntryView } from '../../../protocol/review.ts';
import { appendOlderPage, mergeNewestPage } from './entry-list.ts';

/** `count` views, oldest first, with increasing UUIDv7 ids. */
function views(count: number): EntryView[] {
  return Array.from({ length: count }, () => ({
    id: uuidv7(),
    occurredAt: '2026-11-25T08:30:00.000+08:00',
    receivedAt: '2026-11-25T00:30:01.000Z',
    gateId: 'g',
    gateName: '东门',
    deviceId: 'gate-east-1',
    direction: 'in',
    category: 'resident',
    personId: null,
    personName: '张建国',
    idMasked: null,
    reading: null,
    readings: [],
    decision: 'admitted',
    abandonReason: null,
    flags: [],
  }));
}
const ids = (list: EntryView[]) => list.map((e) => e.id);

describe('mergeNewestPage', () => {
  it('puts new entries on top and keeps older pages already loaded', () => {
    const all = views(6);
    const shown = [all[3]!, all[2]!, all[1]!, all[0]!];
    const fresh = [all[5]!, all[4]!, all[3]!];
    expect(ids(mergeNewestPage(shown, fresh, 3))).toEqual(ids([...all].reverse()));
  });

  it('replaces the list when a full fresh page does not reach what is shown, so no gap hides', () => {
    const all = views(6);
    const shown = [all[1]!, all[0]!];
    const fresh = [all[5]!, all[4]!, all[3]!];
    expect(ids(mergeNewestPage(shown, fresh, 3))).toEqual(ids(fresh));
  });

  it('takes the fresh page as it is when nothing is shown yet', () => {
    const all = views(2);
    expect(ids(mergeNewestPage([], [all[1]!, all[0]!], 50))).toEqual([all[1]!.id, all[0]!.id]);
  });
});

describe('appendOlderPage', () => {
  it('adds older entries below without repeating one already shown', () => {
    const all = views(4);
    expect(ids(appendOlderPage([all[3]!, all[2]!], [all[2]!, all[1]!, all[0]!]))).toEqual(
      ids([all[3]!, all[2]!, all[1]!, all[0]!]),
    );
  });
});
