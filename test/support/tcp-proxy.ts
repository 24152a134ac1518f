import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A TCP relay between Vigil and a database server: `cut()` drops every open connection at once,
 * the way a warehouse restart or a network failure does, while the relay keeps listening so the
 * next connection goes through again.
 */
export interface TcpProxy {
  readonly port: number;
  /** Connections relayed so far. */
  readonly opened: number;
  /** Drops every connection open now (both sides, no goodbye). */
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let opened = 0;
  const server: Server = createServer((client) => {
    opened++;
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', () => undefined);
      s.on('close', () => open.delete(s));
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the relay has no port');
  return {
    port: address.port,
    get opened() {
      return opened;
    },
    cut() {
      for (const s of open) s.resetAndDestroy();
      open.clear();
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
