/**
 * Bounded downloads for channel media: a time limit, and a size cap enforced while reading
 * (a 30 MB "photo" is cut off at the limit, never held whole in memory).
 */

/** Why a download gave up: the source was too big, or unreachable/expired/slow. */
export class MediaDownloadError extends Error {
  /** `retryable`: a network error, a time-out, 429 or 5xx — worth one more try; a 4xx (gone, expired) is not. */
  constructor(readonly reason: 'tooLarge' | 'failed', message: string, readonly retryable = false) {
    super(message);
    this.name = 'MediaDownloadError';
  }
}

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs: number;
  init?: RequestInit;
}

/** GETs `url` into memory; throws MediaDownloadError on HTTP errors, timeouts and oversize bodies. */
export async function downloadBytes(url: string, options: DownloadOptions): Promise<{ bytes: Buffer; contentType: string | null }> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, { ...options.init, signal });
  } catch (e) {
    throw new MediaDownloadError('failed', `download failed: ${e instanceof Error ? e.message : String(e)}`, true);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new MediaDownloadError('failed', `download failed: HTTP ${res.status}`, res.status >= 500 || res.status === 429);
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > options.maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new MediaDownloadError('tooLarge', `download refused: ${declared} bytes`);
  }
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += part.length;
      if (size > options.maxBytes) throw new MediaDownloadError('tooLarge', `download refused: over ${options.maxBytes} bytes`);
      parts.push(Buffer.from(part));
    }
  } catch (e) {
    if (e instanceof MediaDownloadError) throw e;
    throw new MediaDownloadError('failed', `download failed: ${e instanceof Error ? e.message : String(e)}`, true);
  }
  return { bytes: Buffer.concat(parts), contentType: res.headers.get('content-type') };
}
