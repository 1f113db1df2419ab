/**
 * A small TCP proxy on 127.0.0.1 for fault tests: forwards to a target, and can make the
 * database "hang" — hold every byte (all connections, or only a connection once its client
 * has sent a given text) until `recover()` releases them in order.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Holds all traffic from now on. */
  hang(): void;
  /** Holds a connection's traffic from the moment its client sends `text` (that chunk included). */
  hangOn(text: string): void;
  /** Breaks every connection and refuses new ones (a database that is down) until `recover()`. */
  cut(): void;
  /** Releases everything held and forwards normally again. */
  recover(): void;
  /** Connections currently held. */
  held(): number;
  close(): Promise<void>;
}

interface Pipe {
  held: boolean;
  queue: { to: net.Socket; data: Buffer }[];
  sockets: net.Socket[];
}

/** Starts a proxy to `targetPort` on 127.0.0.1. */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let all = false;
  let trigger: string | null = null;
  let down = false;
  const pipes = new Set<Pipe>();
  const send = (pipe: Pipe, to: net.Socket, data: Buffer) => {
    if (pipe.held) pipe.queue.push({ to, data });
    else if (!to.destroyed) to.write(data);
  };
  const server = net.createServer((client) => {
    if (down) return void client.destroy();
    const upstream = net.connect(targetPort, targetHost);
    const pipe: Pipe = { held: all, queue: [], sockets: [client, upstream] };
    pipes.add(pipe);
    client.on('data', (data) => {
      if (trigger && data.includes(trigger)) pipe.held = true;
      send(pipe, upstream, data);
    });
    upstream.on('data', (data) => send(pipe, client, data));
    const end = () => {
      pipes.delete(pipe);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hang() {
      all = true;
      for (const p of pipes) p.held = true;
    },
    hangOn(text) {
      trigger = text;
    },
    cut() {
      down = true;
      for (const p of pipes) for (const sock of p.sockets) sock.destroy();
    },
    recover() {
      down = false;
      all = false;
      trigger = null;
      for (const p of pipes) {
        p.held = false;
        for (const { to, data } of p.queue.splice(0)) if (!to.destroyed) to.write(data);
      }
    },
    held: () => [...pipes].filter((p) => p.held).length,
    close: () => new Promise((resolve) => {
      for (const p of pipes) for (const s of p.sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A TCP server that accepts connections and never says a word (a host that hangs). */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
