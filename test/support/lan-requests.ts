import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

/**
 * Run inside the LAN namespace (`ip netns exec … node --import tsx lan-requests.ts`): reads a JSON
 * list of requests on stdin, sends each as written (its Host and Origin included: fetch would not
 * let a test set Host) and prints what came back as JSON. test/support/lan-client.ts starts it.
 */
export interface LanRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** A PEM file: the CA an https:// URL's certificate must chain to. */
  ca?: string;
}

export interface LanAnswer {
  status: number;
  body: string;
  /** The first cookie the answer sets, as `name=value`: what a browser would send back. */
  setCookie: string | null;
  /** For a WebSocket: whether the upgrade was taken (a refusal answers with a status instead). */
  opened?: boolean;
  /** What reached the client over an opened WebSocket in its first second. */
  messages?: string[];
  error?: string;
}

function send(request: LanRequest): Promise<LanAnswer> {
  const target = new URL(request.url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done) => {
    const req = send(
      target,
      {
        method: request.method,
        headers: request.headers,
        ca: request.ca ? readFileSync(request.ca) : undefined,
        // Node would take the TLS name from the Host header; the certificate is checked against the
        // address the client dialled (a browser tricked by rebinding would not even get this far).
        servername: '',
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        const cookie = res.headers['set-cookie']?.[0]?.split(';')[0] ?? null;
        res.on('end', () => done({ status: res.statusCode ?? 0, body, setCookie: cookie }));
      },
    );
    req.on('error', (error) => done({ status: 0, body: '', setCookie: null, error: error.message }));
    req.end(request.body);
  });
}

function openSocket(request: LanRequest): Promise<LanAnswer> {
  return new Promise((done) => {
    const messages: string[] = [];
    const socket = new WebSocket(request.url, { headers: request.headers });
    socket.on('message', (data) => messages.push(String(data)));
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body, setCookie: null, opened: false }));
    });
    socket.on('open', () =>
      setTimeout(() => {
        socket.close();
        done({ status: 101, body: '', setCookie: null, opened: true, messages });
      }, 1_000),
    );
    socket.on('error', (error) => done({ status: 0, body: '', setCookie: null, opened: false, error: error.message }));
  });
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const answers: LanAnswer[] = [];
  for (const request of JSON.parse(input) as LanRequest[])
    answers.push(await (request.method === 'WEBSOCKET' ? openSocket(request) : send(request)));
  process.stdout.write(JSON.stringify(answers));
}

if (process.argv[1] === import.meta.filename) await main();
