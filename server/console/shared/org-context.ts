import { DEFAULT_LEVEL_NAMES, type LevelNames, type OrgTreeNode, type OrgTreeResponse } from '../../../protocol/org.ts';
import type { Language } from '../i18n/language.ts';

/**
 * Where in the organisation the console works: the signed-in user's part of the tree (read once
 * at sign-in) and the node or compound chosen in the shell. Every call to the server is narrowed
 * to the chosen one (console-api.ts), so each page shows that part only; the server checks again.
 */
let tree: OrgTreeResponse | null = null;
let working: OrgTreeNode | null = null;

const STORAGE_KEY = 'checkpoint.console.working';

export function setOrgTree(value: OrgTreeResponse | null, storage: Pick<Storage, 'getItem'> | null = null): void {
  tree = value;
  const saved = storage?.getItem(STORAGE_KEY);
  working = value?.nodes.find((n) => n.id === saved) ?? value?.nodes.find((n) => n.id === value.root) ?? null;
}

export function orgTree(): OrgTreeResponse | null {
  return tree;
}

export function workingNode(): OrgTreeNode | null {
  return working;
}

/** Chooses where to work; answers false for an id outside the tree. */
export function chooseWorking(id: string, storage: Pick<Storage, 'setItem'> | null = null): boolean {
  const node = tree?.nodes.find((n) => n.id === id);
  if (!node) return false;
  working = node;
  storage?.setItem(STORAGE_KEY, id);
  return true;
}

export function levelNames(): LevelNames {
  return tree?.levelNames ?? DEFAULT_LEVEL_NAMES;
}

export function levelName(level: OrgTreeNode['level'], language: Language): string {
  return levelNames()[level][language];
}

/** The compounds at or below a node of the tree. */
export function compoundsUnder(id: string): OrgTreeNode[] {
  if (!tree) return [];
  const below = new Set([id]);
  for (const node of tree.nodes) if (node.parentId !== null && below.has(node.parentId)) below.add(node.id);
  return tree.nodes.filter((n) => n.level === 'compound' && below.has(n.id));
}

/** Depth below the user's own node, for indenting. */
export function depthOf(node: OrgTreeNode): number {
  let depth = 0;
  let parent = node.parentId;
  while (parent !== null && depth < 8) {
    depth += 1;
    parent = tree?.nodes.find((n) => n.id === parent)?.parentId ?? null;
  }
  return depth;
}

/**
 * A server path narrowed to the working node: `?communityId=` for a compound (the roster, rules
 * and watch pages need one), `?nodeId=` for a tree node. The session and the tree itself are never narrowed.
 */
export function scopedPath(path: string): string {
  if (!working || working.id === tree?.root) return path;
  if (!path.startsWith('/api/v1/') || path.startsWith('/api/v1/session') || path.startsWith('/api/v1/org/')) return path;
  const param = working.level === 'compound' ? 'communityId' : 'nodeId';
  return `${path}${path.includes('?') ? '&' : '?'}${param}=${encodeURIComponent(working.id)}`;
}
