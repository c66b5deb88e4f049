import { z } from 'zod';

/** The levels of the organisation tree above a compound; compounds and gates hang beneath. */
export const OrgLevel = z.enum(['district', 'street', 'community']);
export type OrgLevel = z.infer<typeof OrgLevel>;

/** Where a user sits in the tree: a node (and everything below it) or one compound. */
export const ScopeView = z.object({
  kind: z.enum(['node', 'compound']),
  id: z.string(),
  /** The node's level, or `compound`. */
  level: z.enum(['district', 'street', 'community', 'compound']),
  name: z.string(),
});
export type ScopeView = z.infer<typeof ScopeView>;

/** One node of the tree as the console draws it; compounds carry their time zone. */
export const OrgTreeNode = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  level: z.enum(['district', 'street', 'community', 'compound']),
  name: z.string(),
  timeZone: z.string().nullable(),
});
export type OrgTreeNode = z.infer<typeof OrgTreeNode>;

/** Answer of `GET /api/v1/org/tree`: the caller's node and everything below it, parents first. */
export const OrgTreeResponse = z.object({ root: z.string(), nodes: z.array(OrgTreeNode) });
export type OrgTreeResponse = z.infer<typeof OrgTreeResponse>;

/** Body of `POST /api/v1/org/nodes` (admin): a new street, community or compound under a node in scope. */
export const OrgNodeCreateRequest = z.object({
  parentId: z.string().min(1).max(64),
  level: z.enum(['street', 'community', 'compound']),
  name: z.string().trim().min(1).max(80),
});
export type OrgNodeCreateRequest = z.infer<typeof OrgNodeCreateRequest>;

/** Body of `PUT /api/v1/org/nodes/:id/time-zone` (admin): the zone of a compound, or of every compound below a node. */
export const TimeZoneRequest = z.object({
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone (e.g. Asia/Shanghai, Asia/Urumqi)'),
});
export type TimeZoneRequest = z.infer<typeof TimeZoneRequest>;

/** The level a child of each level has. */
export const CHILD_LEVEL = { district: 'street', street: 'community', community: 'compound' } as const;
