import type { FastifyInstance } from 'fastify';
import { sendApiError } from '../http/api-errors.ts';
import type { AppDeps } from '../app-deps.ts';
import { roles } from '../http/route-access.ts';
import { commitRosterImport, previewRosterImport } from './import-roster.ts';
import { sendResult } from './admin-result.ts';
import { adminContextOpener } from './admin-context.ts';
import { PROPERTY_ROLES } from './community-scope.ts';
import type { RequireUser } from '../accounts/session-routes.ts';

export const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;
const FILE_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];

/**
 * `POST /api/v1/admin/roster-import` with the file as the body: a preview by default,
 * `?commit=1` to write the valid rows. Own scope, so the raw-file body parser stays here.
 */
export function registerImportRoutes(app: FastifyInstance, deps: AppDeps, requireUser: RequireUser): void {
  const open = adminContextOpener(deps, requireUser);
  void app.register(async (scope) => {
    scope.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/api/v1/admin/roster-import',
      { bodyLimit: IMPORT_BODY_LIMIT, config: { access: roles(...PROPERTY_ROLES) } },
      async (request, reply) => {
        const ctx = await open(request, reply, PROPERTY_ROLES);
        if (!ctx) return reply;
        if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
          return sendApiError(reply, 415, 'file-required', `send the CSV or XLSX file as the body (${FILE_TYPES.join(', ')})`);
        }
        const commit = (request.query as Record<string, unknown>).commit === '1';
        const result = commit
          ? await commitRosterImport(deps.db, deps.keys.idHashKey, ctx.communityId, request.body)
          : await previewRosterImport(deps.db, deps.keys.idHashKey, ctx.communityId, request.body);
        if (result.ok)
          await ctx.audit(commit ? 'roster.import.commit' : 'roster.import.preview', {
            valid: result.value.valid,
            invalid: result.value.invalid,
            imported: result.value.imported,
          });
        return sendResult(reply, result);
      },
    );
  });
}
