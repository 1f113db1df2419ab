/**
 * A fake OpenAI-compatible chat-completion server on 127.0.0.1 (POST /v1/chat/completions):
 * real HTTP and the response shape. Each call takes the next scripted behaviour (or the default):
 * an answer, a slow answer, text that is not JSON, JSON outside the schema, or a status code.
 * Records every request body, to check what left the county.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeLlmBehaviour =
  | { kind: 'answer'; content: string; delayMs?: number }
  | { kind: 'status'; status: number };

export interface FakeLlm {
  /** Base URL to configure as LLM_BASE_URL (…/v1). */
  url: string;
  requests: { authorization: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[];
  /** Scripted behaviours, taken in order; then `fallback`. */
  script: FakeLlmBehaviour[];
  fallback: FakeLlmBehaviour;
  close(): Promise<void>;
}

export const answer = (category: string, urgency: string, delayMs = 0): FakeLlmBehaviour => ({ kind: 'answer', content: JSON.stringify({ category, urgency }), delayMs });

export async function startFakeLlm(): Promise<FakeLlm> {
  const timers = new Set<NodeJS.Timeout>();
  const fake: FakeLlm = {
    url: '',
    requests: [],
    script: [],
    fallback: answer('other', 'none'),
    close: () => new Promise((resolve) => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      fake.requests.push({ authorization: req.headers.authorization, body: JSON.parse(raw) });
      const b = fake.script.shift() ?? fake.fallback;
      if (b.kind === 'status') {
        res.writeHead(b.status, { 'content-type': 'application/json' }).end('{"error":{"message":"overloaded"}}');
        return;
      }
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: b.content }, finish_reason: 'stop' }] }));
      };
      if (b.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, b.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
