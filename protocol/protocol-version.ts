/**
 * The version of the gate ⇄ server protocol. A gate names the one it speaks in the
 * `x-checkpoint-protocol` header (a gate from before versions were named sends none: it speaks 1).
 * The server answers every version from MIN_GATE_PROTOCOL to GATE_PROTOCOL, so a gate one release
 * behind keeps syncing through an upgrade; an older gate is refused with a reason the fleet page
 * shows. Raise GATE_PROTOCOL when a change needs the gate to understand something new, and
 * MIN_GATE_PROTOCOL only when the oldest version can no longer be answered correctly.
 *
 * 1: ingest, device config, roster (release 0.1.0).
 * 2: heartbeat with the gate's report; the database identity in answers.
 */
export const GATE_PROTOCOL = 2;
export const MIN_GATE_PROTOCOL = 1;
export const PROTOCOL_HEADER = 'x-checkpoint-protocol';
