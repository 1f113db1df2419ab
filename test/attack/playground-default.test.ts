/**
 * Attack: the playground was on by default (NODE_ENV defaults to development), so an anonymous
 * visitor acting as the admin persona broadcast to real Telegram and WeCom groups and got a
 * console session as staff (issue 11 item 9). Now it runs only with the demo county and no real
 * channel; PLAYGROUND=on beside a real channel is refused at start; the log says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, playgroundMode } from '../../adapters/config';
import { startMinhu } from '../support/minhu-process';

const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const WECOM_BOT = { WECOM_BOT_TOKEN: 'bot-token', WECOM_BOT_ENCODING_AES_KEY: AES };

describe('the playground is never beside real channels', () => {
  const mode = (env: Record<string, string>) => playgroundMode(loadConfig(env));

  it('should be on by default only with no real channel, the demo county and outside production', () => {
    expect(mode({})).toMatchObject({ on: true, reason: expect.stringContaining('no real channel') });
    expect(mode({ TELEGRAM_BOT_TOKEN: '123:abc' })).toMatchObject({ on: false, reason: expect.stringContaining('Telegram') });
    expect(mode(WECOM_BOT)).toMatchObject({ on: false, reason: expect.stringContaining('WeCom AI bot') });
    expect(mode({ WECOM_BOT_MODE: 'websocket', WECOM_BOT_ID: 'b', WECOM_BOT_SECRET: 's' })).toMatchObject({ on: false });
    expect(mode({ WECOM_CORP_ID: 'ww1', WECOM_AGENT_ID: '1', WECOM_SECRET: 's', WECOM_TOKEN: 't', WECOM_ENCODING_AES_KEY: AES })).toMatchObject({ on: false, reason: expect.stringContaining('WeCom app') });
    expect(mode({ ORG_FILE: 'my-county.json' })).toMatchObject({ on: false, reason: expect.stringContaining('ORG_FILE') });
    expect(mode({ NODE_ENV: 'production' })).toMatchObject({ on: false, reason: expect.stringContaining('NODE_ENV=production') });
    expect(mode({ PLAYGROUND: 'off' })).toEqual({ on: false, reason: 'PLAYGROUND=off' });
    expect(mode({ PLAYGROUND: 'on', NODE_ENV: 'production' })).toMatchObject({ on: true });
  });

  it('should refuse PLAYGROUND=on beside a real channel or a real org, naming the variable and the way out', () => {
    for (const env of [{ PLAYGROUND: 'on', TELEGRAM_BOT_TOKEN: '123:abc' }, { PLAYGROUND: 'on', ...WECOM_BOT }, { PLAYGROUND: 'on', ORG_FILE: 'x.json' }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/PLAYGROUND: "on" is refused .*separate instance/);
    }
  });

  describe('the whole process', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-attack-pg-'));
    });
    afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    it('should not serve the playground when WeCom is configured, and say why', async () => {
      const minhu = await startMinhu({ DATA_DIR: dataDir, NODE_ENV: 'development', ...WECOM_BOT });
      try {
        const base = `http://127.0.0.1:${minhu.port}`;
        expect((await fetch(`${base}/playground`)).status).toBe(404);
        const post = await fetch(`${base}/playground/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat: 'county', from: 'zhengguanli', text: '通知 全县 假通知' }) });
        expect(post.status).toBe(404);
        expect(minhu.logs.join('')).toMatch(/playground: off \(a real channel is configured \(the WeCom AI bot\)/);
      } finally {
        await minhu.stop();
      }
    });

    it('should give the right reason for PLAYGROUND=off', async () => {
      const minhu = await startMinhu({ DATA_DIR: dataDir, PLAYGROUND: 'off' });
      await minhu.stop();
      expect(minhu.logs.join('')).toContain('playground: off (PLAYGROUND=off)');
      expect(minhu.logs.join('')).not.toContain('NODE_ENV=production');
    });

    it('should refuse to start with PLAYGROUND=on and a real channel', async () => {
      const started = startMinhu({ DATA_DIR: dataDir, PLAYGROUND: 'on', ...WECOM_BOT });
      await expect(started).rejects.toThrow(/exited with 1[\s\S]*PLAYGROUND: "on" is refused/);
    });
  });
});
