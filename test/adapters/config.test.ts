import { ConfigError, loadConfig } from '../../adapters/config';

describe('config', () => {
  it('should give the documented defaults on an empty environment', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3000, DATA_DIR: './data', LOG_LEVEL: 'info', APP_TIMEZONE: 'Asia/Shanghai', TELEGRAM_MODE: 'polling', DIALOG_TTL_MINUTES: 30 });
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    expect(loadConfig({}).LLM_BASE_URL).toBeUndefined();
    expect(loadConfig({}).LLM_TIMEOUT_MS).toBe(1500);
  });

  it('should fail fast naming the bad variable', () => {
    const bad = (env: Record<string, string>, name: string) => {
      try {
        loadConfig(env);
        throw new Error('accepted');
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as Error).message).toContain(name);
      }
    };
    bad({ PORT: 'abc' }, 'PORT');
    bad({ APP_TIMEZONE: 'Mars/Base' }, 'APP_TIMEZONE');
    bad({ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL');
    bad({ TELEGRAM_API_ROOT: 'http://127.0.0.1:9/' }, 'TELEGRAM_API_ROOT');
    bad({ TELEGRAM_MODE: 'webhook' }, 'TELEGRAM_WEBHOOK_SECRET');
    // issue 15: the large-model second opinion
    bad({ LLM_BASE_URL: 'not a url', LLM_MODEL: 'qwen' }, 'LLM_BASE_URL');
    bad({ LLM_BASE_URL: 'http://127.0.0.1:8000/v1' }, 'LLM_MODEL');
    bad({ LLM_TIMEOUT_MS: '60000' }, 'LLM_TIMEOUT_MS');
  });

  it('should treat empty strings as unset (as .env.example leaves them)', () => {
    expect(loadConfig({ DATABASE_URL: '', TELEGRAM_BOT_TOKEN: '' })).toMatchObject({ DATABASE_URL: undefined, TELEGRAM_BOT_TOKEN: undefined });
  });
});
