import { GATE_PROTOCOL, PROTOCOL_HEADER } from '../../protocol/protocol-version.ts';

/** The gate's only road to the community server: adds the device credential, which the browser never holds. */

export interface UplinkOptions {
  serverUrl: string;
  deviceToken: string;
  fetch: typeof fetch;
  timeoutMs?: number;
  /** Hears every call's outcome: a certificate the gate refuses is reported by whichever call meets it first. */
  onAnswer?: (answer: UplinkAnswer) => void;
}

export type UplinkAnswer =
  | { ok: true; status: number; contentType: string | null; etag: string | null; retryAfter: string | null; body: string }
  /** `certificateRefused`: the server's TLS certificate was not trusted, so nothing was sent. */
  | { ok: false; message: string; certificateRefused: boolean };

export interface UplinkRequest {
  method: 'GET' | 'POST';
  path: string;
  /** A JSON body, already serialised (the forwarder builds a batch from the records' stored JSON). */
  json?: string;
  /** Lets the kiosk's roster refresh cost a 304 when nothing changed. */
  ifNoneMatch?: string;
}

export const UPLINK_TIMEOUT_MS = 10_000;

export async function callServer(options: UplinkOptions, request: UplinkRequest): Promise<UplinkAnswer> {
  const answer = await call(options, request);
  options.onAnswer?.(answer);
  return answer;
}

async function call(options: UplinkOptions, request: UplinkRequest): Promise<UplinkAnswer> {
  const url = new URL(request.path, options.serverUrl);
  const timeoutMs = options.timeoutMs ?? UPLINK_TIMEOUT_MS;
  try {
    const response = await options.fetch(url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${options.deviceToken}`,
        accept: 'application/json',
        // Every call names the protocol this gate speaks: the server refuses a gate too old for it.
        [PROTOCOL_HEADER]: String(GATE_PROTOCOL),
        ...(request.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(request.ifNoneMatch === undefined ? {} : { 'if-none-match': request.ifNoneMatch }),
      },
      body: request.json,
      // A redirect is an answer, never followed: the token and the entries go to serverUrl only,
      // and never down to plain HTTP.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      ok: true,
      status: response.status,
      contentType: response.headers.get('content-type'),
      etag: response.headers.get('etag'),
      retryAfter: response.headers.get('retry-after'),
      body: await response.text(),
    };
  } catch (error) {
    const code = certificateProblem(error);
    if (code)
      return {
        ok: false,
        certificateRefused: true,
        message: `community server ${url.origin} refused: its TLS certificate is not trusted (${code}); nothing was sent: check serverCa in gate.json`,
      };
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describe(error);
    return { ok: false, certificateRefused: false, message: `community server ${url.origin} unreachable: ${reason}` };
  }
}

/** OpenSSL's and Node's codes for a certificate that does not verify: unknown CA, wrong name, expired… */
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

/** The code of a failed TLS certificate check (fetch hides it in `cause`), or null for any other failure. */
function certificateProblem(error: unknown): string | null {
  const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' && CERTIFICATE_CODE.test(code) ? code : null;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch() hides the socket error (ECONNREFUSED, ENOTFOUND…) in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
