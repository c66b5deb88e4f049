import { communityDate } from '../protocol/community-date.ts';
import { buildApp } from '../server/app.ts';
import { openDataDir } from '../server/setup/data-dir.ts';
import { summarize, type LatencySummary } from './latency-summary.ts';
import type { ReviewDataset } from './review-dataset.ts';

export interface ReviewQueryFigure {
  query: string;
  latency: LatencySummary;
  /** Rows or items the last answer held, so an empty (too easy) answer shows. */
  answered: number;
}

function localDate(ms: number): string {
  return communityDate(new Date(ms));
}

/**
 * The review console's queries over HTTP against the server's own app (buildApp, signed in as the
 * community account), with the server's clock at the end of the generated data. Each query
 * cycles through several realistic variants; the first rounds warm the caches and are not counted.
 */
export async function measureReviewQueries(dataset: ReviewDataset, rounds: number): Promise<ReviewQueryFigure[]> {
  const { db, keys } = await openDataDir(dataset.dataDir, { databaseUrl: dataset.databaseUrl });
  const app = await buildApp({ db, keys, logger: false, consoleDir: dataset.dataDir, now: () => new Date(dataset.endMs) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const signIn = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(dataset.staff),
    });
    const cookie = signIn.headers.get('set-cookie')?.split(';')[0];
    if (!signIn.ok || !cookie) throw new Error(`cannot sign in as ${dataset.staff.username}: ${signIn.status}`);
    const day = 86_400_000;
    const end = dataset.endMs;
    const gate = (i: number) => dataset.gateIds[i % dataset.gateIds.length]!;
    const person = (i: number) => dataset.personIds[i % dataset.personIds.length]!;
    const entry = (i: number) => dataset.entryIds[(i * 7) % dataset.entryIds.length]!;
    const instant = (ms: number) => new Date(ms).toISOString();
    const queries: { name: string; path: (i: number) => string; count: (body: unknown) => number }[] = [
      {
        name: 'entry log: gate, newest 50',
        path: (i) => `/api/v1/entries?limit=50&gateId=${gate(i)}`,
        count: (b) => (b as { entries: unknown[] }).entries.length,
      },
      {
        name: 'entry log: visitors in a 2-hour window',
        path: (i) =>
          `/api/v1/entries?limit=50&category=visitor&from=${instant(end - (i % 27) * day - 10 * 3_600_000)}&to=${instant(end - (i % 27) * day - 8 * 3_600_000)}`,
        count: (b) => (b as { entries: unknown[] }).entries.length,
      },
      {
        name: 'entry log: gate + out + one day',
        path: (i) =>
          `/api/v1/entries?limit=50&gateId=${gate(i)}&direction=out&from=${instant(end - ((i % 27) + 1) * day)}&to=${instant(end - (i % 27) * day)}`,
        count: (b) => (b as { entries: unknown[] }).entries.length,
      },
      {
        name: 'entry log: fevers',
        path: () => `/api/v1/entries?limit=50&flag=fever`,
        count: (b) => (b as { entries: unknown[] }).entries.length,
      },
      {
        name: 'entry log: one person',
        path: (i) => `/api/v1/entries?limit=50&personId=${person(i)}`,
        count: (b) => (b as { entries: unknown[] }).entries.length,
      },
      {
        name: 'person timeline, 14 days',
        path: (i) => `/api/v1/review/persons/${person(i)}/timeline?days=14`,
        count: (b) => (b as { entries: unknown[] }).entries.length,
      },
      {
        name: 'contacts of an entry, ±15 min',
        path: (i) => `/api/v1/review/contacts?entryId=${entry(i)}&minutes=15`,
        count: (b) => (b as { contacts: unknown[] }).contacts.length,
      },
      {
        name: 'contacts of a person, 14 days',
        path: (i) => `/api/v1/review/contacts?personId=${person(i)}&days=14&minutes=15`,
        count: (b) => (b as { contacts: unknown[] }).contacts.length,
      },
      {
        name: 'daily figures, 28 days',
        path: () => `/api/v1/review/figures?from=${localDate(end - 28 * day)}&to=${localDate(end - 1)}`,
        count: (b) => (b as { days: unknown[] }).days.length,
      },
      {
        name: 'daily figures, one gate, 7 days',
        path: (i) => `/api/v1/review/figures?from=${localDate(end - 7 * day)}&to=${localDate(end - 1)}&gateId=${gate(i)}`,
        count: (b) => (b as { days: unknown[] }).days.length,
      },
    ];
    const figures: ReviewQueryFigure[] = [];
    for (const query of queries) {
      const samples: number[] = [];
      let answered = 0;
      for (let i = -3; i < rounds; i++) {
        const started = performance.now();
        const response = await fetch(`${url}${query.path(Math.abs(i))}`, { headers: { cookie } });
        const body: unknown = await response.json();
        const took = performance.now() - started;
        if (!response.ok) throw new Error(`${query.name}: ${response.status} ${JSON.stringify(body)}`);
        if (i >= 0) samples.push(took);
        answered = query.count(body);
      }
      figures.push({ query: query.name, latency: summarize(samples), answered });
    }
    return figures;
  } finally {
    await app.close();
    await db.destroy();
  }
}
