import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRole } from '../../protocol/review.ts';
import { sendApiError } from '../http/api-errors.ts';
import type { AppDeps } from '../app-deps.ts';
import type { AuditAction } from '../../protocol/accounts.ts';
import { audit } from '../http/audit.ts';
import { communityDate } from '../../protocol/community-date.ts';
import type { RequireUser } from '../accounts/session-routes.ts';
import type { SignedInUser } from '../accounts/sessions.ts';
import { resolveCommunity } from './community-scope.ts';

export interface AdminContext {
  user: SignedInUser;
  communityId: string;
  now: string;
  today: string;
  audit: (action: AuditAction, detail: Record<string, unknown>) => Promise<void>;
}

export type OpenAdmin = (
  request: FastifyRequest,
  reply: FastifyReply,
  roles: readonly UserRole[],
) => Promise<AdminContext | null>;

/** Every console route starts here: the role check, the community it works on, the clock and the audit trail. */
export function adminContextOpener(deps: AppDeps, requireUser: RequireUser): OpenAdmin {
  const clock = deps.now ?? (() => new Date());
  return async (request, reply, roles) => {
    const user = await requireUser(request, reply, roles);
    if (!user) return null;
    const community = await resolveCommunity(deps.db, request, user.scope);
    if (!community.ok) {
      sendApiError(reply, community.status, community.error, community.message);
      return null;
    }
    const at = clock();
    const now = at.toISOString();
    return {
      user,
      communityId: community.value.id,
      now,
      // Watch day N and pass validity count in the compound's own zone, not the server's.
      today: communityDate(at, community.value.timeZone),
      audit: (action, detail) => audit(request, action, { communityId: community.value.id, ...detail }),
    };
  };
}

/** Route parameters as strings; Fastify leaves them untyped. */
export function param(request: FastifyRequest, name: string): string {
  return String((request.params as Record<string, unknown>)[name] ?? '');
}
