/** Issue 15: the large-model second opinion against a fake endpoint on 127.0.0.1 — slow, wrong JSON, 500s, the breaker, masking. */
import { createLlmClassifier } from '../../adapters/classifier/llm-classifier';
import { answer, startFakeLlm, type FakeLlm } from '../support/fakes/fake-llm';

describe('large-model second opinion', () => {
  let llm: FakeLlm;
  let clock = 0;
  const failures: string[] = [];
  const client = (o: { timeoutMs?: number } = {}) => createLlmClassifier({ baseUrl: llm.url, model: 'qwen-test', apiKey: 'k-test', timeoutMs: o.timeoutMs ?? 300, breakerFailures: 3, breakerMs: 30_000, now: () => clock, onFailure: (r) => failures.push(r) });

  beforeEach(async () => {
    llm = await startFakeLlm();
    clock = 1_000_000;
    failures.length = 0;
  });
  afterEach(() => llm.close());

  it('should return the validated answer and send the model, the key and a masked text', async () => {
    llm.script.push(answer('municipal', 'possible'));
    const got = await client().ask('我叫王建国 3组12号门口路灯坏了 联系我138-1234-5678 身份证410102199001011234 卡号6222021234567890123 王大爷家门口', ['王建国']);
    expect(got).toEqual({ category: 'municipal', urgency: 'possible' });
    const sent = llm.requests[0];
    expect(sent.authorization).toBe('Bearer k-test');
    expect(sent.body.model).toBe('qwen-test');
    const user = sent.body.messages.find((m) => m.role === 'user')!.content;
    expect(user).toContain('3组12号门口路灯坏了');
    expect(user).not.toMatch(/\d{7,}|1234-5678|王建国|王大爷/);
  });

  it('should accept JSON in a code fence, and refuse wrong JSON or answers outside the schema', async () => {
    llm.script.push({ kind: 'answer', content: '```json\n{"category":"water","urgency":"none"}\n```' });
    expect(await client().ask('停水了')).toEqual({ category: 'water', urgency: 'none' });
    llm.script.push({ kind: 'answer', content: '我认为这是供水问题' });
    expect(await client().ask('停水了')).toBeNull();
    llm.script.push({ kind: 'answer', content: '{"category":"plumbing","urgency":"none"}' });
    expect(await client().ask('停水了')).toBeNull();
    llm.script.push({ kind: 'answer', content: '{"category":"water","urgency":"none","note":"x"}' });
    expect(await client().ask('停水了')).toBeNull();
    expect(failures).toEqual(['answer is not JSON', 'answer does not fit the schema', 'answer does not fit the schema']);
  });

  it('should give up at the time budget', async () => {
    llm.script.push(answer('water', 'none', 2_000));
    const t0 = performance.now();
    expect(await client({ timeoutMs: 200 }).ask('停水了')).toBeNull();
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(failures[0]).toMatch(/timeout/);
  });

  it('should open the breaker after 3 failures in a row, call nobody while open, and close after its time', async () => {
    llm.fallback = { kind: 'status', status: 500 };
    const c = client();
    for (let i = 0; i < 3; i++) expect(await c.ask('停水了')).toBeNull();
    expect(c.breaker()).toBe('open');
    expect(await c.ask('停水了')).toBeNull();
    expect(llm.requests).toHaveLength(3);
    clock += 30_001;
    llm.fallback = answer('water', 'none');
    expect(c.breaker()).toBe('closed');
    expect(await c.ask('停水了')).toEqual({ category: 'water', urgency: 'none' });
    expect(llm.requests).toHaveLength(4);
  });

  it('should fail softly when nothing listens', async () => {
    const url = llm.url;
    await llm.close();
    const c = createLlmClassifier({ baseUrl: url, model: 'm', timeoutMs: 300 });
    expect(await c.ask('停水了')).toBeNull();
    llm = await startFakeLlm();
  });
});
