import { connect, createServer, type Socket } from 'node:net';

/**
 * `up`: bytes pass both ways. `refuse`: every connection is closed as soon as its request
 * arrives, as a dead route or a restarting router does. `swallow`: the request reaches the far
 * side, but the connection dies as the answer comes back — the batch is stored and its sender
 * never hears so, the case that doubles records if anything does.
 */
export type LinkMode = 'up' | 'refuse' | 'swallow';

/** The first line of a request the link saw, with what it did to it. */
export interface LinkRequest {
  mode: LinkMode;
  line: string;
}

/**
 * A TCP link between two parts that a test can cut and restore, e.g. between the gate service and
 * the community server. Changing the mode drops every open connection, so no kept-alive socket
 * carries traffic across a cut.
 */
export interface CuttableLink {
  url: string;
  setMode: (mode: LinkMode) => void;
  /** Every request seen, in order. */
  requests: () => readonly LinkRequest[];
  close: () => Promise<void>;
}

export async function startCuttableLink(target: { host: string; port: number }): Promise<CuttableLink> {
  let mode: LinkMode = 'up';
  const open = new Set<Socket>();
  const requests: LinkRequest[] = [];
  const note = (chunk: Buffer, as: LinkMode): void => {
    const line = chunk.toString('latin1').split('\r\n', 1)[0]!;
    if (/^[A-Z]+ \S+ HTTP\/1\.[01]$/.test(line)) requests.push({ mode: as, line });
  };
  const track = (socket: Socket): void => {
    open.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => open.delete(socket));
  };

  const server = createServer((client) => {
    const as = mode;
    track(client);
    if (as === 'refuse') {
      client.once('data', (chunk: Buffer) => {
        note(chunk, as);
        client.destroy();
      });
      return;
    }
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.on('data', (chunk: Buffer) => {
      note(chunk, as);
      upstream.write(chunk);
    });
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    if (as === 'up') {
      upstream.pipe(client);
    } else {
      upstream.once('data', () => {
        upstream.destroy();
        client.destroy();
      });
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the link has no port');

  return {
    url: `http://127.0.0.1:${address.port}`,
    setMode: (next) => {
      mode = next;
      for (const socket of open) socket.destroy();
    },
    requests: () => requests,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
