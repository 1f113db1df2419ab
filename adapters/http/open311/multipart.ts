/**
 * `multipart/form-data` POSTs for Open311 (issue 19): clients that upload the photo as a file
 * part (`media`, as the GeoReport v2 "media" extension and several city endpoints take it)
 * instead of a URL. A small bounded parser: the body is read up to the size limit, parts are at
 * most `maxParts`; text fields become strings (repeated ones an array), file parts Buffers.
 * Nothing is written to disk; the blob store sniffs and keeps the bytes.
 */
import type { RequestHandler } from 'express';

/** What a multipart body held. */
export interface MultipartBody {
  fields: Record<string, string | string[]>;
  files: { field: string; bytes: Buffer }[];
}

class BadBody extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Splits a complete body by its boundary; throws BadBody (400) when it is not well formed. */
export function parseMultipart(body: Buffer, boundary: string, maxParts: number): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const out: MultipartBody = { fields: {}, files: [] };
  let at = body.indexOf(delimiter);
  if (at < 0) throw new BadBody(400, 'multipart body without its boundary');
  for (let count = 0; ; count++) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return out; // the closing delimiter
    if (body.subarray(at, at + 2).toString() !== '\r\n') throw new BadBody(400, 'multipart delimiter not followed by CRLF');
    if (count >= maxParts) throw new BadBody(400, `more than ${maxParts} multipart parts`);
    const headEnd = body.indexOf('\r\n\r\n', at + 2);
    if (headEnd < 0) throw new BadBody(400, 'multipart part without headers');
    const head = body.subarray(at + 2, headEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headEnd + 4);
    if (next < 0) throw new BadBody(400, 'multipart part not closed');
    const content = body.subarray(headEnd + 4, next);
    const disposition = /^content-disposition:\s*form-data\s*;(.*)$/im.exec(head)?.[1] ?? '';
    const name = /(?:^|;)\s*name="([^"]{1,100})"/i.exec(disposition)?.[1];
    if (!name) throw new BadBody(400, 'multipart part without a name');
    if (/(?:^|;)\s*filename\*?=/i.test(disposition)) out.files.push({ field: name, bytes: Buffer.from(content) });
    else {
      const value = content.toString('utf8');
      const had = out.fields[name];
      out.fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    }
    at = next + 2;
  }
}

/** Express middleware: a multipart body into `req.body` (fields, plus `_files`), others passed on. */
export function multipartBody(options: { limit: number; maxParts: number }): RequestHandler {
  return (req, res, next) => {
    const type = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data/i.test(type)) return next();
    const boundary = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(type);
    if (!boundary) return next(Object.assign(new Error('multipart/form-data without a boundary'), { status: 400 }));
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > options.limit) return next(Object.assign(new Error('too large'), { status: 413 }));
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      if (err) {
        req.unpipe?.();
        req.resume();
        return next(err);
      }
      try {
        const parsed = parseMultipart(Buffer.concat(chunks), boundary[1] ?? boundary[2], options.maxParts);
        req.body = { ...parsed.fields, _files: parsed.files };
        next();
      } catch (e) {
        next(e instanceof BadBody ? Object.assign(new Error(e.message), { status: e.status }) : e);
      }
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > options.limit) return finish(Object.assign(new Error('too large'), { status: 413 }));
      chunks.push(chunk);
    });
    req.on('end', () => finish());
    req.on('error', () => finish(Object.assign(new Error('the body could not be read'), { status: 400 })));
    void res;
  };
}
