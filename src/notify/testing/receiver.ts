import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that stands in for Slack, Teams, PagerDuty or a webhook endpoint in tests.
 * It records every request and answers with what the test scripts (`'hang'` never answers).
 */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  remoteAddress: string;
}

export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';
export type Responder = (req: ReceivedRequest) => Reply;

export interface Receiver {
  /** http://<host>:<port> — append a path. */
  origin: string;
  port: number;
  requests: ReceivedRequest[];
  /** Replaces how the receiver answers from now on. */
  respond(responder: Responder): void;
  close(): Promise<void>;
}

export async function startReceiver(
  options: { host?: string; port?: number; respond?: Responder } = {},
): Promise<Receiver> {
  let responder: Responder = options.respond ?? (() => ({ status: 200, body: 'ok' }));
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remoteAddress: req.socket.remoteAddress ?? '',
      };
      requests.push(received);
      const reply = responder(received);
      if (reply === 'hang') return;
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests,
    respond: (next) => {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
