/**
 * A webhook receiver on 127.0.0.1, as an integrating system (a hotline) would run one: it reads
 * the raw body, verifies Minhu-Signature with its secret, records each event id once (the
 * receiver's side of exactly-once), and can be told to answer 500 to the next deliveries.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../../adapters/webhooks/signature';

export interface Delivery {
  eventId: string;
  type: string;
  body: string;
  signatureValid: boolean;
  status: number;
}

export interface FakeWebhookReceiver {
  url: string;
  /** Every delivery, in order, with the status it was answered with. */
  deliveries: Delivery[];
  /** Events recorded (answered 2xx with a valid signature), once per event id. */
  recorded: Map<string, { type: string; data: Record<string, unknown> }>;
  /** The signing secret to verify with (set once the subscriber is created). */
  secret: string;
  /** Answer 500 to the next `n` deliveries of `type`. */
  failNext(type: string, n: number): void;
  close(): Promise<void>;
}

export async function startFakeWebhookReceiver(): Promise<FakeWebhookReceiver> {
  const failures = new Map<string, number>();
  const receiver: Omit<FakeWebhookReceiver, 'url' | 'close'> & Partial<FakeWebhookReceiver> = {
    deliveries: [], recorded: new Map(), secret: '',
    failNext: (type, n) => void failures.set(type, n),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signatureValid = verifyWebhook(receiver.secret, body, req.headers['minhu-signature'] as string | undefined);
      const event = JSON.parse(body) as { id: string; type: string; data: Record<string, unknown> };
      const left = failures.get(event.type) ?? 0;
      const status = !signatureValid ? 401 : left > 0 ? 500 : 200;
      if (left > 0) failures.set(event.type, left - 1);
      receiver.deliveries.push({ eventId: String(req.headers['minhu-event-id']), type: event.type, body, signatureValid, status });
      if (status === 200 && !receiver.recorded.has(event.id)) receiver.recorded.set(event.id, { type: event.type, data: event.data });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/minhu-events`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  }) as FakeWebhookReceiver;
}
