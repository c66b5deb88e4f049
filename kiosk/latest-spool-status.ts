import type { SpoolStatus } from '../protocol/index.ts';

/**
 * The status that stands once `next` arrives. The gate's event stream and its answer to a hand-over
 * reach the page in either order, so an older status (an answer read after the forwarder had already
 * sent the entry) must not undo a newer one. A status from another run of the forwarder (the gate
 * restarted) always stands: the old process says nothing more.
 */
export function latestSpoolStatus(current: SpoolStatus | null, next: SpoolStatus): SpoolStatus {
  if (current === null || current.run !== next.run) return next;
  return next.seq > current.seq ? next : current;
}
