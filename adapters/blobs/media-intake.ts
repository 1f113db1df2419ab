/**
 * Media intake: before a message is handed to minhu's inbound entry, the photo or voice it
 * refers to by a channel reference (`tg:<file_id>`, `wxmedia:<MediaId>`, `wxbot:<url>`) is
 * downloaded at once and stored, and the message then carries `blob:<sha256>` — channel links
 * expire (WeCom AI-bot URLs after 5 minutes, MediaIds after 3 days). A download that fails
 * never loses the message: it goes through without the attachment and says why (`mediaIssue`).
 */
import type { InboundMessage } from '../../core/model';
import { blobRef, type BlobRejection, type BlobStore } from '../../bots/ports/blobs';
import type { Logger } from '../logger';
import { downloadBytes, MediaDownloadError } from './download';

/** Fetches the bytes a channel reference (without its scheme) points to. */
export type MediaFetcher = (id: string) => Promise<Uint8Array>;

export interface MediaIntake {
  /** Registers the fetcher of a reference scheme (`tg`, `wxmedia`, `wxbot`). */
  register(scheme: string, fetcher: MediaFetcher): void;
  /** The message with its attachment stored (or dropped, with `mediaIssue` set). */
  resolve(msg: InboundMessage): Promise<InboundMessage>;
  /** The blob store it keeps media in (the senders read photos back from it). */
  blobs: BlobStore;
  /** A bounded download (the intake's size and time limits), for fetchers. */
  download(url: string, init?: RequestInit): Promise<Buffer>;
}

export interface MediaIntakeOptions {
  /** Largest file, in bytes. (default: 10 MB) */
  maxBytes?: number;
  /** Time limit of one download. (default: 15_000) */
  timeoutMs?: number;
  /** More tries after a network error, time-out, 429 or 5xx (never after a 4xx: gone is gone). (default: 1) */
  retries?: number;
  /** Pause before a retry, times the attempt number. (default: 500) */
  retryDelayMs?: number;
  log?: Pick<Logger, 'warn'>;
}

const ISSUE_OF: Record<BlobRejection, NonNullable<InboundMessage['mediaIssue']>> = {
  'BLOB.TOO_LARGE': 'tooLarge',
  'BLOB.BAD_TYPE': 'badType',
  'BLOB.TRUNCATED': 'badType',
};

/** Network errors, time-outs, 429 and 5xx of a download or a channel API are worth another try. */
function isRetryable(e: unknown): boolean {
  if (e instanceof MediaDownloadError) return e.retryable;
  const flagged = e as { retry?: unknown; error_code?: unknown };
  if (typeof flagged?.retry === 'boolean') return flagged.retry; // WecomApiError
  if (typeof flagged?.error_code === 'number') return flagged.error_code === 429 || flagged.error_code >= 500; // GrammyError
  return true;
}

/** Creates the media intake over a blob store. */
export function createMediaIntake(blobs: BlobStore, options: MediaIntakeOptions = {}): MediaIntake {
  const fetchers = new Map<string, MediaFetcher>();
  const { log } = options;
  const limits = { maxBytes: options.maxBytes ?? 10 * 1_048_576, timeoutMs: options.timeoutMs ?? 15_000 };
  const fetchWithRetry = async (fetch: () => Promise<Uint8Array>): Promise<Uint8Array> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch();
      } catch (e) {
        if (attempt > (options.retries ?? 1) || !isRetryable(e)) throw e;
        await new Promise((r) => setTimeout(r, (options.retryDelayMs ?? 500) * attempt));
      }
    }
  };
  return {
    blobs,
    download: async (url, init) => (await downloadBytes(url, { ...limits, init })).bytes,
    register(scheme, fetcher) {
      fetchers.set(scheme, fetcher);
    },
    async resolve(msg) {
      const m = msg.photo ? /^([a-z]+):([\s\S]+)$/.exec(msg.photo) : null;
      const fetcher = m ? fetchers.get(m[1]) : undefined;
      if (!m || !fetcher) return msg; // text, blob:, geo:, or nothing to fetch
      try {
        const stored = await blobs.put(await fetchWithRetry(() => fetcher(m[2])));
        if (stored.ok) return { ...msg, photo: blobRef(stored.blob.sha256) };
        log?.warn('media refused', { channel: msg.channel, messageId: msg.messageId, reason: stored.error });
        return { ...msg, photo: null, mediaIssue: ISSUE_OF[stored.error] };
      } catch (e) {
        log?.warn('media download failed', { channel: msg.channel, messageId: msg.messageId, error: e instanceof Error ? e.message : String(e) });
        return { ...msg, photo: null, mediaIssue: e instanceof MediaDownloadError && e.reason === 'tooLarge' ? 'tooLarge' : 'failed' };
      }
    },
  };
}
