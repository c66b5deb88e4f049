import { z } from 'zod';
import {
  BoardResponse,
  DailyReportView,
  ReportDeadline,
  type ReportDeadline as Deadline,
} from '../../../protocol/daily-reports.ts';
import type { Language } from '../i18n/language.ts';
import { call } from './console-api.ts';

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const daily = (nodeId: string, day: string) => `/api/v1/reports/daily/${encodeURIComponent(nodeId)}/${encodeURIComponent(day)}`;

/** The console's side of `/api/v1/reports/…` (protocol/daily-reports.ts). */
export const reportsApi = {
  report: (nodeId: string, day: string) => call(DailyReportView, daily(nodeId, day)),
  sign: (nodeId: string, day: string, note: string) =>
    call(z.object({ version: z.number() }), `${daily(nodeId, day)}/sign`, json('POST', { note })),
  submit: (nodeId: string, day: string, version: number) =>
    call(z.object({ version: z.number(), late: z.boolean() }), `${daily(nodeId, day)}/submit`, json('POST', { version })),
  board: (nodeId: string, day: string) =>
    call(BoardResponse, `/api/v1/reports/board/${encodeURIComponent(nodeId)}?${new URLSearchParams({ day })}`),
  setDeadline: (nodeId: string, deadline: Deadline) =>
    call(
      ReportDeadline.extend({ nodeId: z.string() }),
      `/api/v1/reports/deadline/${encodeURIComponent(nodeId)}`,
      json('PUT', deadline),
    ),
};

/** The download address of the sheet a street sends up: each community's submitted figures for the day. */
export function reportSheetPath(nodeId: string, day: string, format: 'csv' | 'xlsx', lang: Language): string {
  return `/api/v1/reports/board/${encodeURIComponent(nodeId)}/export.${format}?${new URLSearchParams({ day, lang })}`;
}
