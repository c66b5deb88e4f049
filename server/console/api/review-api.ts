import { z } from 'zod';
import {
  ContactsResponse,
  EpidemicFreeResponse,
  FeverEventView,
  FeverListResponse,
  FiguresResponse,
  GateListResponse,
  PersonSearchResponse,
  SweepResponse,
  TimelineResponse,
  type EntryFilterQuery,
  type FeverFollowUpInput,
  type FeverStatus,
} from '../../../protocol/review-queries.ts';
import { EntryListResponse } from '../../../protocol/review.ts';
import { communityWallTimeToInstant } from '../shared/community-time.ts';
import { scopedPath } from '../shared/org-context.ts';
import { call, type ApiResult } from './console-api.ts';

/** The filters a page holds; empty strings are "any". */
export type EntryFilter = Partial<Record<Exclude<keyof EntryFilterQuery, 'limit' | 'before'>, string>>;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  return search.toString();
}

/** `datetime-local` inputs give the community's wall time without an offset; the API wants an instant. */
function localInputToInstant(value: string | undefined): string | undefined {
  return value ? communityWallTimeToInstant(value) : undefined;
}

function filterParams(filter: EntryFilter): Record<string, string | undefined> {
  return { ...filter, from: localInputToInstant(filter.from), to: localInputToInstant(filter.to) };
}

export function fetchFilteredEntries(
  filter: EntryFilter,
  page: { limit: number; before?: string },
): Promise<ApiResult<EntryListResponse>> {
  return call(EntryListResponse, `/api/v1/entries?${query({ ...filterParams(filter), ...page })}`);
}

export function entriesCsvUrl(filter: EntryFilter, lang: string): string {
  return scopedPath(`/api/v1/review/exports/entries.csv?${query({ ...filterParams(filter), lang })}`);
}

export function fetchGates(): Promise<ApiResult<GateListResponse>> {
  return call(GateListResponse, '/api/v1/review/gates');
}

export function searchPersons(q: string): Promise<ApiResult<PersonSearchResponse>> {
  return call(PersonSearchResponse, `/api/v1/review/persons?${query({ q })}`);
}

export function fetchTimeline(personId: string, days: number): Promise<ApiResult<TimelineResponse>> {
  return call(TimelineResponse, `/api/v1/review/persons/${encodeURIComponent(personId)}/timeline?${query({ days })}`);
}

export function fetchContacts(params: {
  entryId?: string;
  personId?: string;
  minutes: number;
  days: number;
}): Promise<ApiResult<ContactsResponse>> {
  return call(ContactsResponse, `/api/v1/review/contacts?${query(params)}`);
}

export function fetchFevers(params: {
  status?: FeverStatus;
  limit: number;
  before?: string;
}): Promise<ApiResult<FeverListResponse>> {
  return call(FeverListResponse, `/api/v1/review/fevers?${query(params)}`);
}

export function postFollowUp(eventId: string, step: FeverFollowUpInput): Promise<ApiResult<FeverEventView>> {
  return call(FeverEventView, `/api/v1/review/fevers/${encodeURIComponent(eventId)}/follow-ups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(step),
  });
}

export function fetchSweep(days: number): Promise<ApiResult<SweepResponse>> {
  return call(SweepResponse, `/api/v1/review/sweep?${query({ days })}`);
}

export function fetchFigures(params: { from: string; to: string; gateId?: string }): Promise<ApiResult<FiguresResponse>> {
  return call(FiguresResponse, `/api/v1/review/figures?${query(params)}`);
}

export function figuresCsvUrl(params: { from: string; to: string; gateId?: string }, lang: string): string {
  return scopedPath(`/api/v1/review/exports/figures.csv?${query({ ...params, lang })}`);
}

export function fetchEpidemicFree(): Promise<ApiResult<EpidemicFreeResponse>> {
  return call(EpidemicFreeResponse, '/api/v1/review/epidemic-free');
}

export function postConfirmedCase(body: {
  communityId: string;
  confirmedOn: string;
  note: string | null;
}): Promise<ApiResult<{ id: string }>> {
  return call(z.object({ id: z.string() }), '/api/v1/review/confirmed-cases', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
