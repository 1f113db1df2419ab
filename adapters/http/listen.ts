/**
 * Starts an HTTP server on a port, and says in one line what to change when it cannot: a port
 * in use or one that needs privileges. Keeps the open sockets so a graceful stop can end the
 * idle keep-alive ones at once and the busy ones after their answer.
 */
import type { Server } from 'node:http';
import type { RequestListener } from 'node:http';
import http from 'node:http';

/** What failed, naming the variable to change (`PORT`, `METRICS_PORT`). */
export function explainListenError(e: unknown, port: number, variable: string): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') return `${variable}: port ${port} is already in use (another minhu or another program listens there); stop that program or set ${variable} to a free port`;
  if (code === 'EACCES') return `${variable}: port ${port} needs privileges this user does not have; use a port above 1023 (and a reverse proxy for 80/443) or set ${variable} to another port`;
  return `${variable}: cannot listen on port ${port} (${e instanceof Error ? e.message : String(e)})`;
}

/** Listens on `port` (0: any free port); rejects with an operator's line. */
export function listen(handler: RequestListener, port: number, variable = 'PORT', host?: string): Promise<Server> {
  const server = http.createServer(handler);
  return new Promise((resolve, reject) => {
    const onError = (e: unknown) => reject(new Error(explainListenError(e, port, variable)));
    server.once('error', onError);
    server.listen({ port, host }, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}

/**
 * Stops accepting connections, closes idle keep-alive sockets now, lets requests in flight
 * finish, and resolves when the last one has; after `graceMs` the remaining sockets are cut.
 */
export async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 100); // sockets that finish their request
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(cut);
  }
}
