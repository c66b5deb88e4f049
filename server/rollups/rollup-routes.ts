import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RollupQuery, type RollupResponse } from '../../protocol/rollups.ts';
import { sendApiError } from '../http/api-errors.ts';
import type { AppDeps } from '../app-deps.ts';
import { audit } from '../http/audit.ts';
import { signedInUser } from '../http/route-access.ts';
import { requestScope } from '../org/scope.ts';
import { csvFileName, excelCsv } from '../review/exports.ts';
import { FIGURES, PERSONAL_DATA } from '../review/review-access.ts';
import { levelNames } from '../org/org-tree.ts';
import { rollupCsvRows, ROLLUP_CSV_HEADER } from './rollup-csv.ts';
import { rollupXlsx } from './rollup-xlsx.ts';
import { rollup } from './rollups.ts';

const Language = z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });

/** Roll-ups for any node in the caller's scope (`?nodeId=`), and the sheet a street office sends up. */
export function registerRollupRoutes(app: FastifyInstance, deps: AppDeps): void {
  const now = deps.now ?? (() => new Date());
  const mayReadNames = (role: string) => PERSONAL_DATA.kind === 'user' && PERSONAL_DATA.roles.some((r) => r === role);

  app.get('/api/v1/rollups', { config: { access: FIGURES } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const query = RollupQuery.safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const body: RollupResponse = await rollup(deps.db, scope, query.data, now());
    // What keeps a compound from free names people under watch: community staff and admins only, audited.
    if (mayReadNames(signedInUser(request).role)) {
      await audit(request, 'rollup.view', { nodeId: body.node.id, from: body.from, to: body.to });
      return body;
    }
    return { ...body, compounds: body.compounds.map((c) => ({ ...c, lacks: c.lacks.map((l) => ({ ...l, subject: '—' })) })) };
  });

  app.get('/api/v1/rollups/export.csv', { config: { access: FIGURES } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const query = RollupQuery.and(Language).safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const at = now();
    const body = await rollup(deps.db, scope, query.data, at);
    await audit(request, 'rollup.export', { nodeId: body.node.id, from: body.from, to: body.to, format: 'csv' });
    const names = await levelNames(deps.db);
    async function* rows() {
      yield* rollupCsvRows(body, query.data!.lang, names);
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${csvFileName('rollup', at)}"`)
      .header('cache-control', 'no-store')
      .send(excelCsv(ROLLUP_CSV_HEADER[query.data.lang], rows()));
  });

  app.get('/api/v1/rollups/export.xlsx', { config: { access: FIGURES } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const query = RollupQuery.and(Language).safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const at = now();
    const body = await rollup(deps.db, scope, query.data, at);
    await audit(request, 'rollup.export', { nodeId: body.node.id, from: body.from, to: body.to, format: 'xlsx' });
    const workbook = await rollupXlsx(body, query.data.lang, await levelNames(deps.db));
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${csvFileName('rollup', at).replace(/\.csv$/, '.xlsx')}"`)
      .header('cache-control', 'no-store')
      .send(workbook);
  });
}
