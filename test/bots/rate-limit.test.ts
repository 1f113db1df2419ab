import { ChannelLimiter, TokenBucket } from '../../bots/outbox/rate-limit';

describe('rate limits', () => {
  it('should hand out tokens at the rate, never more than the capacity at once', () => {
    let now = 0;
    const bucket = new TokenBucket(30, 1, () => now);
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBeGreaterThan(0);
    let sent = 1;
    for (let t = 0; t < 1000; t++) {
      now = t;
      if (bucket.tryTake() === 0) sent++;
    }
    expect(sent).toBeLessThanOrEqual(31);
    expect(sent).toBeGreaterThanOrEqual(29);
  });

  it('should pause the whole channel after a 429', async () => {
    let now = 0;
    const bucket = new TokenBucket(1000, 1, () => now);
    bucket.pause(500);
    expect(bucket.tryTake()).toBe(500);
    now = 500;
    expect(bucket.tryTake()).toBe(0);
  });

  it('should keep a group to its per-minute limit after the burst (real clock)', async () => {
    const limiter = new ChannelLimiter({ perSecond: 1000, perChatPerMinute: 600, chatBurst: 2 });
    const t0 = Date.now();
    await limiter.acquire('-1');
    await limiter.acquire('-1');
    expect(Date.now() - t0).toBeLessThan(50);
    await limiter.acquire('-1'); // the group's next token comes 100 ms later (600/min)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(80);
    const other = Date.now();
    await limiter.acquire('-2'); // another group is not held up
    expect(Date.now() - other).toBeLessThan(50);
  });
});
