import { describe, expect, it } from 'vitest';
import { hostName, isAllowedHost } from '../../protocol/host-name.ts';
import { allowedHostNames } from './host-allow-list.ts';

describe('hostName', () => {
  it('reads the name of a Host header without port, brackets, case or a trailing dot', () => {
    expect(hostName('Checkpoint.Example.org:8443')).toBe('checkpoint.example.org');
    expect(hostName('checkpoint.example.org.')).toBe('checkpoint.example.org');
    expect(hostName('[::1]:8080')).toBe('::1');
    expect(hostName('192.168.1.5:8080')).toBe('192.168.1.5');
    expect(hostName('')).toBeNull();
    expect(hostName(undefined)).toBeNull();
  });
});

describe('the allowed names', () => {
  it('are loopback, this machine’s addresses and the configured names, nothing else', () => {
    const allowed = allowedHostNames(['checkpoint.example.org', 'https://gate-side.example:8443', '10.1.2.3']);
    for (const name of ['localhost', '127.0.0.1', '127.0.0.2', '::1', 'checkpoint.example.org', '10.1.2.3']) {
      expect([name, isAllowedHost(name, allowed)]).toEqual([name, true]);
    }
    for (const name of ['rebind.example', 'checkpoint.example.org.evil.example', 'localhost.evil.example', null]) {
      expect([name, isAllowedHost(name, allowed)]).toEqual([name, false]);
    }
  });
});
