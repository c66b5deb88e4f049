import { z } from 'zod';
import { LevelNames, OrgTreeNode, OrgTreeResponse, type OrgNodeCreateRequest } from '../../../protocol/org.ts';
import { RollupResponse, type RollupQuery } from '../../../protocol/rollups.ts';
import type { Language } from '../i18n/language.ts';
import { scopedPath } from '../shared/org-context.ts';
import { call } from './console-api.ts';

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The console's side of `/api/v1/org/…` and `/api/v1/rollups` (protocol/org.ts, protocol/rollups.ts). */
export const orgApi = {
  tree: () => call(OrgTreeResponse, '/api/v1/org/tree'),
  addNode: (input: OrgNodeCreateRequest) => call(OrgTreeNode, '/api/v1/org/nodes', json('POST', input)),
  rename: (id: string, name: string) =>
    call(
      z.object({ id: z.string(), name: z.string() }),
      `/api/v1/org/nodes/${encodeURIComponent(id)}/name`,
      json('PUT', { name }),
    ),
  setTimeZone: (id: string, timeZone: string) =>
    call(z.object({ compounds: z.number() }), `/api/v1/org/nodes/${encodeURIComponent(id)}/time-zone`, json('PUT', { timeZone })),
  setLevelNames: (names: LevelNames) => call(LevelNames, '/api/v1/org/level-names', json('PUT', names)),
  rollups: (query: RollupQuery) => call(RollupResponse, `/api/v1/rollups?${new URLSearchParams(query)}`),
};

/** The roll-up sheet's download address, narrowed like every call. */
export function rollupExportPath(format: 'csv' | 'xlsx', query: RollupQuery, lang: Language): string {
  return scopedPath(`/api/v1/rollups/export.${format}?${new URLSearchParams({ ...query, lang })}`);
}
