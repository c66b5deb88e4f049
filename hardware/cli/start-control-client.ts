import { request } from 'node:http';
import { resolve } from 'node:path';
import { START_CONTROL_SOCKET, StartControlState } from '../../protocol/start-control.ts';

/** The control socket of an `npm start` run on this data folder (the folder `npm start` uses). */
export function startControlSocket(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.CHECKPOINT_DATA_DIR || resolve(process.cwd(), 'data'), START_CONTROL_SOCKET);
}

/**
 * Asks the running `npm start` over its control socket; null when none runs on this data folder
 * (no socket, or one a killed run left behind).
 */
export function askStart(socketPath: string, method: 'GET' | 'POST', path: string): Promise<StartControlState | null> {
  return new Promise((done, fail) => {
    const call = request({ socketPath, method, path, timeout: 60_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) return fail(new Error(`npm start answered ${response.statusCode}: ${body}`));
        const state = StartControlState.safeParse(JSON.parse(body));
        if (state.success) done(state.data);
        else fail(new Error(`npm start answered something unexpected: ${body}`));
      });
    });
    call.on('timeout', () => call.destroy(new Error('npm start did not answer within 60 s')));
    call.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') done(null);
      else fail(error);
    });
    call.end();
  });
}
