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

/** What each level is called on this server, in both languages (a city may say 区 / 街道 / 社区 / 小区, another 县 / 乡镇 / 村 / 自然村). */
const LevelName = z.object({ 'zh-CN': z.string().trim().min(1).max(20), en: z.string().trim().min(1).max(30) });
export const LevelNames = z.object({
  district: LevelName,
  street: LevelName,
  community: LevelName,
  compound: LevelName,
});
export type LevelNames = z.infer<typeof LevelNames>;

/** The names every install starts with. */
export const DEFAULT_LEVEL_NAMES: LevelNames = {
  district: { 'zh-CN': '区', en: 'District' },
  street: { 'zh-CN': '街道', en: 'Street office' },
  community: { 'zh-CN': '社区', en: 'Community' },
  compound: { 'zh-CN': '小区', en: 'Compound' },
};

/** Answer of `GET /api/v1/org/tree`: the caller's node and everything below it, parents first. */
export const OrgTreeResponse = z.object({ root: z.string(), nodes: z.array(OrgTreeNode), levelNames: LevelNames });
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

/** Body of `PUT /api/v1/org/nodes/:id/name` (admin): a node or compound in scope gets a new name. */
export const OrgNodeRenameRequest = z.object({ name: z.string().trim().min(1).max(80) });
export type OrgNodeRenameRequest = z.infer<typeof OrgNodeRenameRequest>;

/** Where a compound's rules and questions come from: a node above (they are inherited) or null (its own, or the defaults). */
const SourceNode = z.object({ id: z.string(), name: z.string(), level: OrgLevel }).nullable();
export const SettingsSource = z.object({ rulesFrom: SourceNode, questionsFrom: SourceNode });
export type SettingsSource = z.infer<typeof SettingsSource>;

/** Body of `POST /api/v1/admin/follow-tree`: a compound drops its own rules and/or questions and takes the nearest node's. */
export const FollowTreeRequest = z.object({ rules: z.boolean(), questions: z.boolean() });
export type FollowTreeRequest = z.infer<typeof FollowTreeRequest>;
