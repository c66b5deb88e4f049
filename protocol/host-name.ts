/**
 * DNS rebinding: a page on `rebind.example`, whose name the attacker then points at a service,
 * reaches it from a user's own browser with `Host: rebind.example` and a matching `Origin`, so no
 * same-origin rule holds it back. The community server and the gate service therefore answer only
 * the names they serve; these are the rules both apply to a `Host` header.
 */

/** The host name of a `Host` header or URL host: lower-case, without port, brackets or a trailing dot. */
export function hostName(host: string | undefined): string | null {
  if (!host) return null;
  const trimmed = host.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  if (bracketed) return bracketed[1]!;
  // More than one colon and no brackets: a bare IPv6 address, which has no port.
  const name = trimmed.split(':').length > 2 ? trimmed : trimmed.replace(/:\d+$/, '');
  return name.replace(/\.$/, '') || null;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Names given as an address are addresses; anything else must be listed by name. */
export function isAllowedHost(name: string | null, allowed: ReadonlySet<string>): boolean {
  if (name === null) return false;
  if (allowed.has(name)) return true;
  // Every 127/8 address is this machine.
  return IPV4.test(name) && name.startsWith('127.');
}
