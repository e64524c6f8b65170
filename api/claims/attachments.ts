import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { AppError, badRequest, notFound } from '../errors';
import { isoRequired } from '../format';
import { recordAudit } from '../services/audit';
import { findAttachment, insertAttachment } from './queries';
import { EXTENSION, sniffAttachmentType } from './rules';
import { claimForUpload, visibleClaim } from './service';

const tooLarge = (max: number) => new AppError(413, 'payload_too_large', `The file is larger than the attachment limit of ${max} bytes.`,
  [{ path: 'file', code: 'claims.too_large', message: `At most ${max} bytes.`, params: { maximum: max } }], { key: 'claims.too_large', params: { maximum: max } });

const wrongType = () => new AppError(415, 'unsupported_media_type', 'An attachment must be a JPEG or PNG photo or a PDF.',
  [{ path: 'file', code: 'claims.attachment_type', message: 'Not a JPEG, PNG or PDF file.' }], { key: 'claims.attachment_type' });

const storableName = (name: string | undefined) =>
  name?.replace(/[\u0000-\u001f\u007f"\\/]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '').slice(0, 255) || null;

/** Reads the multipart field "file" into memory, refusing it past `max` bytes. */
function readMultipartFile(request: Request, max: number): Promise<{ bytes: Buffer; fileName: string | null }> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    return Promise.reject(new AppError(415, 'unsupported_media_type', 'Send the attachment as multipart/form-data, field "file".',
      [{ path: 'file', code: 'claims.attachment_type', message: 'Not multipart/form-data.' }], { key: 'claims.attachment_type' }));
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max + 64 * 1024) return Promise.reject(tooLarge(max));
  if (!request.body) return Promise.reject(badRequest('The request has no body.', [{ path: 'file', code: 'required', message: 'Required.' }]));
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': type }, limits: { files: 1, fileSize: max } });
    } catch (err) {
      reject(badRequest(`The multipart body cannot be read: ${(err as Error).message}.`));
      return;
    }
    let result: Promise<{ bytes: Buffer; fileName: string | null }> | null = null;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || result) {
        stream.resume();
        return;
      }
      result = new Promise((done, fail) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('limit', () => fail(tooLarge(max)));
        stream.on('error', fail);
        stream.on('end', () => done({ bytes: Buffer.concat(chunks), fileName: storableName(info.filename) }));
      });
    });
    parser.on('error', (err) => reject(badRequest(`The multipart body cannot be read: ${(err as Error).message}.`)));
    parser.on('close', () => {
      if (!result) reject(badRequest('The multipart body has no field "file".', [{ path: 'file', code: 'required', message: 'Required.' }]));
      else result.then(resolve, reject);
    });
    const body = Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('error', reject);
    body.pipe(parser);
  });
}

/**
 * Adds an attachment to a claim: a JPEG, PNG or PDF by its first bytes (the name and declared type count for
 * nothing), at most `max` bytes, written under `dir` only once it passed; refused files leave nothing behind.
 */
export async function addAttachment(db: DB, actor: Actor, claimId: number, request: Request, dir: string, max: number) {
  await claimForUpload(db, actor, claimId);
  const { bytes, fileName } = await readMultipartFile(request, max);
  if (bytes.length === 0) throw badRequest('The uploaded file is empty.', [{ path: 'file', code: 'required', message: 'Empty file.' }]);
  if (bytes.length > max) throw tooLarge(max);
  const type = sniffAttachmentType(bytes.subarray(0, 16));
  if (!type) throw wrongType();
  await mkdir(dir, { recursive: true });
  const storageName = `claim-${claimId}-${Date.now()}-${randomBytes(8).toString('hex')}.${EXTENSION[type]}`;
  const file = path.join(dir, storageName);
  await writeFile(file, bytes, { flag: 'wx' });
  try {
    return await db.transaction().execute(async (trx) => {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const id = await insertAttachment(trx, {
        claim_id: claimId, file_name: fileName, content_type: type, bytes: bytes.length, sha256, storage_name: storageName, uploaded_by: actor.userId,
      });
      const row = (await findAttachment(trx, claimId, id))!;
      const attachment = { id, fileName: row.file_name, contentType: row.content_type, bytes: Number(row.bytes), uploadedAt: isoRequired(row.uploaded_at) };
      await recordAudit(trx, actor, 'claim.attach', 'claim', claimId, { after: { ...attachment, sha256 } });
      return attachment;
    });
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}

/** An attachment's bytes, for those who may see the claim (404 otherwise). */
export async function readAttachment(db: DB, actor: Actor, claimId: number, attachmentId: number, dir: string) {
  await visibleClaim(db, actor, claimId);
  const row = await findAttachment(db, claimId, attachmentId);
  if (!row) throw notFound('Attachment');
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, path.basename(row.storage_name)));
  } catch {
    throw notFound('Attachment file');
  }
  return { bytes, contentType: row.content_type, fileName: row.file_name ?? `attachment-${attachmentId}.${row.storage_name.split('.').pop()}` };
}
