import { spawn } from 'node:child_process';

export interface PtyPair {
  /** The two ends: bytes written to one are read from the other. */
  readonly paths: readonly [string, string];
  /** Kills socat: both ends disappear, as when a USB adapter is pulled. */
  close(): Promise<void>;
}

const SOCAT_MISSING = 'socat is not installed: run `apt-get install socat` (the simulated serial link needs it)';

export interface PtyPairOptions {
  /**
   * A symbolic link socat keeps pointing at the second end (and removes on exit), so a re-opened
   * pair appears at the same path, as a replugged USB adapter does at /dev/ttyUSB0.
   */
  link?: string;
  timeoutMs?: number;
}

/** A pseudo-terminal pair from socat: a real serial device as far as serialport can tell. */
export function openPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const second = options.link ? `pty,raw,echo=0,link=${options.link}` : 'pty,raw,echo=0';
  return new Promise((resolve, reject) => {
    const socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', second], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let settled = false;
    const exited = new Promise<void>((done) => socat.once('exit', () => done()));
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socat.kill();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`socat printed no pty paths within ${timeoutMs} ms: ${stderr.trim()}`)),
      timeoutMs,
    );
    socat.once('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? new Error(SOCAT_MISSING) : error));
    socat.once('exit', (code) => fail(new Error(`socat exited (${code}) before the pty pair was ready: ${stderr.trim()}`)));
    socat.stderr.setEncoding('utf8');
    socat.stderr.on('data', (chunk: string) => {
      if (settled) return;
      stderr += chunk;
      const found = [...stderr.matchAll(/PTY is (\/dev\/\S+)/g)].map((match) => match[1]!);
      if (found.length < 2) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        paths: [found[0]!, found[1]!],
        close: async () => {
          if (socat.exitCode === null && socat.signalCode === null) socat.kill();
          await exited;
        },
      });
    });
  });
}
