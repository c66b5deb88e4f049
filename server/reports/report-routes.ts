import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  BoardQuery,
  ReportDeadline,
  SignReportRequest,
  SubmitReportRequest,
  type BoardResponse,
} from '../../protocol/daily-reports.ts';
import { LocalDate } from '../../protocol/roster.ts';
import type { AppDeps } from '../app-deps.ts';
import { sendApiError } from '../http/api-errors.ts';
import { audit } from '../http/audit.ts';
import { roles, signedInUser } from '../http/route-access.ts';
import { parseInput, sendResult } from '../roster-admin/admin-result.ts';
import { param } from '../roster-admin/admin-context.ts';
import { COMMUNITY_ROLES } from '../roster-admin/community-scope.ts';
import { communityInScope, dailyReport, signReport, submitReport } from './daily-report.ts';
import { nodeWithin, reportBoard } from './report-board.ts';
import { saveDeadline } from './report-deadlines.ts';
import { reportSheetHeader, reportSheetRows, reportSheetXlsx } from './report-sheet.ts';
import { csvFileName, excelCsv } from '../review/exports.ts';
import { levelNames } from '../org/org-tree.ts';

const SheetQuery = z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });

const STAFF = roles(...COMMUNITY_ROLES);

/**
 * The daily report: a community's staff read the draft, sign it with a note and submit it; the
 * street and the district watch who has. Every route names its node in the path and finds it
 * only inside the caller's own subtree; every read and every signature is audited.
 */
export function registerReportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const now = deps.now ?? (() => new Date());

  /** The community and day a report route names: scope first, so a caller outside learns nothing from the day's check. */
  async function reportOf(request: FastifyRequest, reply: FastifyReply) {
    const nodeId = param(request, 'nodeId');
    const community = await communityInScope(deps.db, signedInUser(request).scope, nodeId);
    if (!community) {
      sendApiError(reply, 404, 'unknown-node', `no community ${nodeId} in your scope`);
      return null;
    }
    const day = LocalDate.safeParse(param(request, 'day'));
    if (!day.success) {
      sendApiError(reply, 400, 'invalid-day', 'the day is YYYY-MM-DD');
      return null;
    }
    return { community, day: day.data };
  }

  app.get('/api/v1/reports/daily/:nodeId/:day', { config: { access: STAFF } }, async (request, reply) => {
    const report = await reportOf(request, reply);
    if (!report) return reply;
    const result = await dailyReport(deps.db, report.community, report.day, now());
    if (result.ok)
      await audit(request, 'report.view', {
        nodeId: report.community.id,
        day: report.day,
        versions: result.value.versions.length,
      });
    return sendResult(reply, result);
  });

  app.post('/api/v1/reports/daily/:nodeId/:day/sign', { config: { access: STAFF } }, async (request, reply) => {
    const report = await reportOf(request, reply);
    if (!report) return reply;
    const input = parseInput(SignReportRequest, request.body);
    if (!input.ok) return sendResult(reply, input);
    const userId = signedInUser(request).id;
    const result = await signReport(deps.db, report.community, { day: report.day, note: input.value.note, userId }, now());
    if (result.ok) await audit(request, 'report.sign', { nodeId: report.community.id, day: report.day, ...result.value });
    return sendResult(reply, result, 201);
  });

  app.post('/api/v1/reports/daily/:nodeId/:day/submit', { config: { access: STAFF } }, async (request, reply) => {
    const report = await reportOf(request, reply);
    if (!report) return reply;
    const input = parseInput(SubmitReportRequest, request.body);
    if (!input.ok) return sendResult(reply, input);
    const userId = signedInUser(request).id;
    const result = await submitReport(
      deps.db,
      report.community,
      { day: report.day, version: input.value.version, userId },
      now(),
    );
    if (result.ok) await audit(request, 'report.submit', { nodeId: report.community.id, day: report.day, ...result.value });
    return sendResult(reply, result);
  });

  app.get('/api/v1/reports/board/:nodeId', { config: { access: STAFF } }, async (request, reply) => {
    const nodeId = param(request, 'nodeId');
    const node = await nodeWithin(deps.db, signedInUser(request).scope, nodeId);
    if (!node) return sendApiError(reply, 404, 'unknown-node', `no district, street or community ${nodeId} in your scope`);
    const query = BoardQuery.safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const body: BoardResponse = await reportBoard(deps.db, node, query.data.day, now());
    await audit(request, 'report.board', { nodeId, day: query.data.day });
    return body;
  });

  // The sheet a street sends up: each community's submitted figures, as CSV (Excel-ready) or XLSX.
  for (const format of ['csv', 'xlsx'] as const)
    app.get(`/api/v1/reports/board/:nodeId/export.${format}`, { config: { access: STAFF } }, async (request, reply) => {
      const nodeId = param(request, 'nodeId');
      const node = await nodeWithin(deps.db, signedInUser(request).scope, nodeId);
      if (!node) return sendApiError(reply, 404, 'unknown-node', `no district, street or community ${nodeId} in your scope`);
      const query = BoardQuery.and(SheetQuery).safeParse(request.query);
      if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
      const at = now();
      const { day, lang } = query.data;
      const header = reportSheetHeader(lang, await levelNames(deps.db));
      const rows = await reportSheetRows(deps.db, node, day, lang, at);
      await audit(request, 'report.export', { nodeId, day, format });
      const name = csvFileName(`daily-report-${day}`, at);
      void reply.header(
        'content-disposition',
        `attachment; filename="${format === 'csv' ? name : name.replace(/\.csv$/, '.xlsx')}"`,
      );
      void reply.header('cache-control', 'no-store');
      if (format === 'xlsx')
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .send(await reportSheetXlsx(header, rows, lang));
      async function* each() {
        yield* rows;
      }
      return reply.header('content-type', 'text/csv; charset=utf-8').send(excelCsv(header, each()));
    });

  // Deadlines are set by those the reports go to: a street or district, never the community itself.
  app.put('/api/v1/reports/deadline/:nodeId', { config: { access: STAFF } }, async (request, reply) => {
    const user = signedInUser(request);
    const nodeId = param(request, 'nodeId');
    const node = await nodeWithin(deps.db, user.scope, nodeId);
    if (!node) return sendApiError(reply, 404, 'unknown-node', `no district, street or community ${nodeId} in your scope`);
    const own = user.scope.kind === 'node' ? await nodeWithin(deps.db, user.scope, user.scope.nodeId) : undefined;
    if (!own || own.level === 'community')
      return sendApiError(reply, 403, 'deadline-from-above', "a report's deadline is set by the street or district it goes to");
    const input = parseInput(ReportDeadline, request.body);
    if (!input.ok) return sendResult(reply, input);
    await saveDeadline(deps.db, node.id, input.value, { userId: user.id, at: now().toISOString() });
    await audit(request, 'report.deadline', { nodeId, daysAfter: input.value.daysAfter, time: input.value.time });
    return { nodeId: node.id, ...input.value };
  });
}
