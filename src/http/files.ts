import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { AppError, badRequest } from './errors.ts';

/** The largest file an upload may carry (imports, survey lists and answers). */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

/**
 * The one file of a multipart upload (field "file"), its stream not yet read: refused with 415 when the
 * request is not multipart and 400 when it holds no file. Bytes beyond `maxBytes` are cut off and the
 * stream marked truncated (the caller answers 413 with its own message).
 */
export async function uploadedPart(req: FastifyRequest, maxBytes: number): Promise<MultipartFile> {
  if (!req.isMultipart()) {
    throw new AppError(
      415,
      'multipart_required',
      'Upload the file as multipart/form-data in a field named "file".',
    );
  }
  const part: MultipartFile | undefined = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!part) throw badRequest('file_missing', 'No file was uploaded: send it in a field named "file".');
  return part;
}

/**
 * Streams the uploaded file (multipart field "file") to a temporary file readable only by this user:
 * never whole in memory. The caller removes the file when done.
 */
export async function receiveUpload(req: FastifyRequest): Promise<{ file: string; fileName: string | null }> {
  const part = await uploadedPart(req, MAX_UPLOAD_BYTES);
  const file = path.join(os.tmpdir(), `starmark-upload-${randomUUID()}`);
  try {
    await pipeline(part.file, fs.createWriteStream(file, { mode: 0o600 }));
    if (part.file.truncated) {
      throw new AppError(
        413,
        'import_file_too_large',
        `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
      );
    }
  } catch (e) {
    await fs.promises.rm(file, { force: true });
    throw e;
  }
  return { file, fileName: part.filename ? path.basename(part.filename) : null };
}

/** RFC 6266 Content-Disposition for a download: an ASCII fallback name plus the UTF-8 name. */
export const attachment = (name: string) =>
  `attachment; filename="${name.replace(/[^\w.-]+/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
