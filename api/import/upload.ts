import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { createHash, randomBytes, type Hash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { AppError, badRequest } from '../errors';

export interface SpooledUpload {
  path: string;
  fileName: string | null;
  bytes: number;
  /** SHA-256 of the file's bytes, hex */
  sha256: string;
  discard(): Promise<void>;
}

const RAW_TYPES = /^(text\/(csv|plain|tab-separated-values)|application\/(octet-stream|vnd\.ms-excel|csv))\b/i;

/** A file name as the client sent it, without control characters or broken UTF-16 (a text column cannot hold a NUL). */
const storableName = (name: string | undefined) =>
  name?.replace(/[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '').slice(0, 255) || null;

const tooLarge = (max: number) => new AppError(413, 'payload_too_large', `The file is larger than the upload limit of ${max} bytes.`);

/** Passes the bytes on, hashing them, and fails past `max` bytes. */
function limit(max: number, hash: Hash) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      hash.update(chunk);
      done(seen > max ? tooLarge(max) : null, chunk);
    },
  });
}

/** Where uploads wait for their import (one folder for every process of the product on this machine). */
export const SPOOL_DIR = path.join(os.tmpdir(), 'crm-imports');

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, only not ours to signal
  }
};

/**
 * Removes the spooled uploads of processes that are gone (a crash or a kill mid-import leaves its file
 * behind; a normal end removes it). Files of live processes, this one included, stay. Run at start-up.
 */
export async function removeOrphanedUploads(dir = SPOOL_DIR): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const orphans = names.filter((name) => {
    const pid = Number(/^(\d+)-/.exec(name)?.[1] ?? Number.NaN);
    if (pid === process.pid) return false;
    // a name whose first number is no process id (older files start with a timestamp) has no owner either
    return !(pid > 0 && pid <= 2 ** 22 && processAlive(pid));
  });
  await Promise.all(orphans.map((name) => rm(path.join(dir, name), { force: true })));
  return orphans;
}

/**
 * Streams an uploaded file (multipart field `file`, or a raw text/csv body) to a temporary file, never holding
 * it in memory, so the request can be answered at once and the import run from disk in the background.
 */
export async function spoolUpload(request: Request, maxBytes: number, fallbackName: string | null): Promise<SpooledUpload> {
  const type = request.headers.get('content-type') ?? '';
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) throw badRequest('The request has no body: send the file as multipart field "file" or as a text/csv body.');
  await mkdir(SPOOL_DIR, { recursive: true });
  // named by the process that reads it, so a later start can tell an orphan from another process's upload
  const file = path.join(SPOOL_DIR, `${process.pid}-${Date.now()}-${randomBytes(6).toString('hex')}.csv`);
  const discard = () => rm(file, { force: true });
  const body = Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>);
  const hash = createHash('sha256');
  try {
    let fileName = fallbackName;
    if (/^multipart\/form-data/i.test(type)) {
      fileName = await spoolMultipart(body, type, file, maxBytes, hash) ?? fallbackName;
    } else if (RAW_TYPES.test(type)) {
      await pipeline(body, limit(maxBytes, hash), createWriteStream(file));
    } else {
      body.destroy();
      throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data (field "file") or with content-type text/csv.');
    }
    const { size } = await stat(file);
    if (size === 0) throw badRequest('The uploaded file is empty.', [{ path: 'file', code: 'imports.empty_file', message: 'The file is empty.' }], { key: 'imports.empty_upload' });
    return { path: file, fileName, bytes: size, sha256: hash.digest('hex'), discard };
  } catch (err) {
    await discard();
    throw err;
  }
}

function spoolMultipart(body: Readable, contentType: string, file: string, maxBytes: number, hash: Hash): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fileSize: maxBytes } });
    } catch (err) {
      reject(badRequest(`The multipart body cannot be read: ${(err as Error).message}.`));
      return;
    }
    let written: Promise<string | null> | null = null;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || written) {
        stream.resume();
        return;
      }
      written = pipeline(stream, limit(maxBytes, hash), createWriteStream(file)).then(() => {
        if ((stream as { truncated?: boolean }).truncated) throw tooLarge(maxBytes);
        return storableName(info.filename);
      });
    });
    parser.on('error', (err) => reject(badRequest(`The multipart body cannot be read: ${(err as Error).message}.`)));
    parser.on('close', () => {
      if (!written) reject(badRequest('The multipart body has no field "file".', [{ path: 'file', message: 'Required.' }]));
      else written.then(resolve, reject);
    });
    body.on('error', reject);
    body.pipe(parser);
  });
}
