import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { EntryExportQuery, FiguresQuery } from '../../protocol/review-queries.ts';
import { sendApiError } from '../http/api-errors.ts';
import type { AppDeps } from '../app-deps.ts';
import { audit } from '../http/audit.ts';
import { ENTRY_CSV_HEADER, entryCsvRows } from './exports-entries.ts';
import { csvFileName, excelCsv, type CsvRow } from './exports.ts';
import { listFigures } from './figures.ts';
import { FIGURES, PERSONAL_DATA } from './review-access.ts';
import { requestScope } from '../org/scope.ts';

const Language = z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });

const FIGURES_CSV_HEADER = {
  'zh-CN': ['日期', '小时', '出入口', '通行', '访客', '车辆', '发热', '拒绝'],
  en: ['Date', 'Hour', 'Gate', 'Entries', 'Visitors', 'Vehicles', 'Fevers', 'Denied'],
} as const;

function sendCsv(reply: FastifyReply, kind: string, at: Date, body: Readable): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${csvFileName(kind, at)}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

/** CSV downloads for Excel: the filtered entry log (audited: it is personal data) and the figures. */
export function registerExportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const now = deps.now ?? (() => new Date());

  app.get('/api/v1/review/exports/entries.csv', { config: { access: PERSONAL_DATA } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const query = EntryExportQuery.and(Language).safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const { lang, ...filter } = query.data;
    const at = now();
    // Recorded before the first byte: an export cut off half-way was still a look at the data.
    await audit(request, 'entries.export', filter);
    return sendCsv(reply, 'entries', at, excelCsv(ENTRY_CSV_HEADER[lang], entryCsvRows(deps.db, filter, lang, scope)));
  });

  app.get('/api/v1/review/exports/figures.csv', { config: { access: FIGURES } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const query = FiguresQuery.and(Language).safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const rows = await listFigures(deps.db, query.data, scope);
    async function* csvRows(): AsyncGenerator<CsvRow> {
      for (const row of rows)
        yield [row.day, row.hour, row.gateName, row.entries, row.visitors, row.vehicles, row.fevers, row.denied];
    }
    return sendCsv(reply, 'figures', now(), excelCsv(FIGURES_CSV_HEADER[query.data.lang], csvRows()));
  });
}
