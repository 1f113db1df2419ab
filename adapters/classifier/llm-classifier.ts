/**
 * The optional large-model second opinion (issue 15): an OpenAI-compatible chat-completion endpoint
 * (Qwen, DeepSeek, GLM on a government cloud) asked for a category code and an urgency level as
 * strict JSON. Phone, ID and bank numbers and names are masked before the call; each call has a
 * time budget (AbortController); after `breakerFailures` failures in a row the breaker opens for
 * `breakerMs` and no call is made. Every failure returns null: the caller keeps the local reading.
 */
import { z } from 'zod';
import { CATEGORY_CODES, CATEGORY_NAMES } from '../../core/categories';
import { maskForModel } from '../../core/classifier/llm-mask';
import type { SecondOpinion } from '../../core/classifier/second-opinion';

export interface LlmClassifierOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Time budget per call. (default: 1500 ms) */
  timeoutMs?: number;
  /** Consecutive failures that open the breaker. (default: 3) */
  breakerFailures?: number;
  /** How long the breaker stays open. (default: 60 s) */
  breakerMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
  /** Told about each failure (for the log); never about the text. */
  onFailure?: (reason: string) => void;
}

export interface LlmClassifier {
  /** The model's reading of `text`, or null (failure, timeout, bad answer, breaker open). */
  ask(text: string, names?: readonly string[]): Promise<SecondOpinion | null>;
  breaker(): 'closed' | 'open';
}

const ANSWER = z.object({
  category: z.enum(CATEGORY_CODES),
  urgency: z.enum(['urgent', 'possible', 'none']),
}).strict();

const COMPLETION = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1) });

const SYSTEM = [
  '你是县级网格化服务平台的分类助手。阅读居民反映的一条诉求，只输出一个 JSON 对象，不要输出其他文字：',
  '{"category": 类别代码, "urgency": "urgent" | "possible" | "none"}',
  `类别代码：${CATEGORY_CODES.map((c) => `${c}=${CATEGORY_NAMES[c].zh}`).join('，')}。`,
  '只是询问办事流程、条件、标准的归 policy；反映具体问题的归对应领域。',
  'urgency：urgent=正在发生的生命安全危险，需要立即拨打110/119/120；possible=可能危及安全、需要网格员马上去看（隐患、老人孩子失联或无人照看）；none=其他，包括已经过去、已经解决、假设或否定的情况。',
].join('\n');

/** Creates the second-opinion client. */
export function createLlmClassifier(options: LlmClassifierOptions): LlmClassifier {
  const timeoutMs = options.timeoutMs ?? 1500;
  const limit = options.breakerFailures ?? 3;
  const openMs = options.breakerMs ?? 60_000;
  const now = options.now ?? (() => Date.now());
  const doFetch = options.fetch ?? fetch;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  let failures = 0;
  let openUntil = 0;

  const fail = (reason: string): null => {
    failures += 1;
    if (failures >= limit) {
      openUntil = now() + openMs;
      failures = 0;
    }
    options.onFailure?.(reason);
    return null;
  };

  return {
    breaker: () => (now() < openUntil ? 'open' : 'closed'),
    async ask(text, names = []) {
      if (now() < openUntil) return null;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const response = await doFetch(url, {
          method: 'POST',
          signal: controller.signal,
          headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
          body: JSON.stringify({
            model: options.model,
            temperature: 0,
            max_tokens: 60,
            response_format: { type: 'json_object' },
            messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: maskForModel(text, names) }],
          }),
        });
        if (!response.ok) return fail(`http ${response.status}`);
        const body = COMPLETION.safeParse(await response.json());
        if (!body.success) return fail('not a chat completion');
        const content = body.data.choices[0].message.content.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
        let json: unknown;
        try {
          json = JSON.parse(content);
        } catch {
          return fail('answer is not JSON');
        }
        const answer = ANSWER.safeParse(json);
        if (!answer.success) return fail('answer does not fit the schema');
        failures = 0;
        return answer.data;
      } catch (error) {
        return fail(controller.signal.aborted ? `timeout after ${timeoutMs} ms` : error instanceof Error ? error.message : 'request failed');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The second opinion from the configuration (LLM_BASE_URL, LLM_MODEL, LLM_API_KEY, LLM_TIMEOUT_MS), or undefined when not configured. */
export function secondOpinionOf(config: { LLM_BASE_URL?: string; LLM_MODEL?: string; LLM_API_KEY?: string; LLM_TIMEOUT_MS: number }, log: { info(m: string): void; warn(m: string): void }): ((text: string, names: readonly string[]) => Promise<SecondOpinion | null>) | undefined {
  if (!config.LLM_BASE_URL || !config.LLM_MODEL) {
    log.info('second opinion: off — set LLM_BASE_URL and LLM_MODEL to ask a large model when unsure (README "Understanding")');
    return undefined;
  }
  const client = createLlmClassifier({
    baseUrl: config.LLM_BASE_URL, model: config.LLM_MODEL, apiKey: config.LLM_API_KEY, timeoutMs: config.LLM_TIMEOUT_MS,
    onFailure: (reason) => log.warn(`second opinion: ${reason}; the local reading stands`),
  });
  log.info(`second opinion: ${config.LLM_MODEL} at ${new URL(config.LLM_BASE_URL).host}, budget ${config.LLM_TIMEOUT_MS} ms`);
  return (text, names) => client.ask(text, names);
}
