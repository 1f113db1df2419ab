import { createWecomApi, WecomApiError } from '../../../adapters/wecom/wecom-api';
import { APP, CORP_ID, startFakeWecom, type FakeWecom } from '../../support/fakes/fake-wecom';

describe('WeCom API client', () => {
  let fake: FakeWecom;
  beforeAll(async () => {
    fake = await startFakeWecom();
  });
  afterAll(() => fake.close());

  it('should fetch one token for 100 concurrent sends', async () => {
    const api = createWecomApi({ base: fake.url, corpId: CORP_ID, secret: APP.secret });
    const before = fake.tokenCalls;
    await Promise.all(Array.from({ length: 100 }, (_, i) => api.post('/cgi-bin/message/send', { touser: `u${i}`, msgtype: 'markdown', markdown: { content: 'x' } })));
    expect(fake.tokenCalls - before).toBe(1);
    expect(api.tokenFetches()).toBe(1);
  });

  it('should refresh the token before it expires', async () => {
    let now = 0;
    const api = createWecomApi({ base: fake.url, corpId: CORP_ID, secret: APP.secret, now: () => now });
    await api.post('/cgi-bin/message/send', { touser: 'a' });
    now += 7200_000 - 299_000; // within the 5-minute margin
    await api.post('/cgi-bin/message/send', { touser: 'a' });
    expect(api.tokenFetches()).toBe(2);
  });

  it('should classify a frequency limit as retry and a bad secret as give-up', async () => {
    const api = createWecomApi({ base: fake.url, corpId: CORP_ID, secret: APP.secret });
    fake.limitNext(1);
    await expect(api.post('/cgi-bin/message/send', { touser: 'a' })).rejects.toMatchObject({ errcode: 45009, retry: true });
    const wrong = createWecomApi({ base: fake.url, corpId: CORP_ID, secret: 'wrong' });
    const err = await wrong.post('/cgi-bin/message/send', { touser: 'a' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomApiError);
    expect(err).toMatchObject({ errcode: 40001, retry: false });
  });
});
