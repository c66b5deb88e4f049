import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { StartControlState } from '../protocol/start-control.ts';

export interface StartControlHandlers {
  state: () => StartControlState;
  serverDown: () => Promise<void>;
  serverUp: () => Promise<void>;
}

/**
 * `npm start`'s control socket: `GET /state`, `POST /server/down`, `POST /server/up`, each
 * answered with the state once done. One change at a time; a Unix socket readable by the owner
 * only, so nothing on the network can stop the server.
 */
export async function serveStartControl(path: string, handlers: StartControlHandlers): Promise<Server> {
  let queue = Promise.resolve();
  const server = createServer((request, reply) => {
    const answer = (status: number, body: unknown): void => {
      reply.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const change =
      request.method === 'POST' && request.url === '/server/down'
        ? handlers.serverDown
        : request.method === 'POST' && request.url === '/server/up'
          ? handlers.serverUp
          : null;
    if (request.method === 'GET' && request.url === '/state') return answer(200, handlers.state());
    if (!change)
      return answer(404, { error: `no ${request.method} ${request.url}: GET /state, POST /server/down, POST /server/up` });
    queue = queue.then(change).then(
      () => answer(200, handlers.state()),
      (error: unknown) => answer(500, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  // A socket left by a run that was killed would refuse the listen.
  rmSync(path, { force: true });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(path, () => done());
  });
  chmodSync(path, 0o600);
  return server;
}
