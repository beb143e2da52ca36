import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ConfigError, SinkError, makeDirs } from '@pipe/sdk';
import type { ParquetConfig } from '../config.ts';
import type { Storage } from './storage.ts';

// pipe pins Node 20 (see DESIGN.md §6); the SDK's notice about future Node 22 releases would print on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * A dataset under `s3://bucket/prefix` on any S3-compatible store. Files are staged
 * locally, then uploaded with one PUT each (an object appears whole or not at all); the
 * manifest is PUT last, so readers never see a file list naming a partial upload.
 * S3 has no rename and no portable lock: one writer per dataset at a time.
 */
export class S3Storage implements Storage {
  private staging: string | undefined;

  private constructor(
    readonly root: string,
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  static fromUrl(url: string, settings: ParquetConfig['s3']): S3Storage {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(url);
    if (!m) throw new ConfigError(`parquet sink: dir "${url}" is not an s3://bucket/prefix URL`, { hint: 'Write it as s3://my-bucket/some/prefix.' });
    const bucket = m[1]!;
    const prefix = m[2]!.replace(/\/+$/, '');
    const env = process.env;
    const endpoint = settings.endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
    const client = new S3Client({
      region: settings.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle: settings.force_path_style,
      // Default checksums stream uploads as aws-chunked with a trailer, which several
      // S3-compatible stores (older MinIO, s3rver, some R2 paths) store verbatim: corrupt files.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return new S3Storage(`s3://${bucket}${prefix ? `/${prefix}` : ''}`, client, bucket, prefix);
  }

  private key(relPath: string): string {
    return this.prefix ? `${this.prefix}/${relPath}` : relPath;
  }

  private async stagingDir(): Promise<string> {
    this.staging ??= await fs.mkdtemp(path.join(os.tmpdir(), 'pipe-parquet-s3-'));
    return this.staging;
  }

  async stagingPath(relPath: string): Promise<string> {
    const dir = await this.stagingDir();
    const name = `${relPath.replaceAll('/', '__')}.${Math.random().toString(36).slice(2, 10)}.tmp`;
    return path.join(dir, name);
  }

  async publish(staged: string, relPath: string): Promise<number> {
    const { size } = await fs.stat(staged);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key(relPath), Body: createReadStream(staged), ContentLength: size }));
    } catch (e) {
      throw this.failure('upload', relPath, e);
    } finally {
      await fs.rm(staged, { force: true });
    }
    return size;
  }

  async discard(staged: string): Promise<void> {
    await fs.rm(staged, { force: true });
  }

  async readText(relPath: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(relPath) }));
      return await out.Body!.transformToString('utf8');
    } catch (e) {
      if ((e as { name?: string }).name === 'NoSuchKey' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw this.failure('read', relPath, e);
    }
  }

  async writeTextAtomic(relPath: string, text: string): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key(relPath), Body: text, ContentType: 'application/json' }));
    } catch (e) {
      throw this.failure('write', relPath, e);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    let token: string | undefined;
    do {
      const page = await this.client
        .send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.key(prefix), ContinuationToken: token }))
        .catch((e) => {
          throw this.failure('list', prefix, e);
        });
      for (const o of page.Contents ?? []) if (o.Key) out.push(o.Key.slice(strip));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort();
  }

  async remove(relPaths: string[]): Promise<void> {
    for (let i = 0; i < relPaths.length; i += 1000) {
      const objects = relPaths.slice(i, i + 1000).map((p) => ({ Key: this.key(p) }));
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: objects, Quiet: true } })).catch((e) => {
        throw this.failure('delete', relPaths[i]!, e);
      });
    }
  }

  readerPath(relPath: string): string {
    return `s3://${this.bucket}/${this.key(relPath)}`;
  }

  async localCopy(relPath: string) {
    // Keep the relative path: DuckDB reads Hive partition values from the folder names.
    const file = path.join(await this.stagingDir(), 'copies', ...relPath.split('/'));
    makeDirs(path.dirname(file));
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(relPath) }));
      await fs.writeFile(file, await out.Body!.transformToByteArray());
    } catch (e) {
      throw this.failure('download', relPath, e);
    }
    return { path: file, release: () => fs.rm(file, { force: true }) };
  }

  async lock(): Promise<void> {}

  async unlock(): Promise<void> {
    if (this.staging) await fs.rm(this.staging, { recursive: true, force: true });
    this.staging = undefined;
    this.client.destroy();
  }

  private failure(action: string, relPath: string, cause: unknown): SinkError {
    const status = (cause as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    return new SinkError(`parquet sink: could not ${action} ${this.readerPath(relPath)}${status ? ` (HTTP ${status})` : ''}: ${what}`, {
      hint: 'Check the bucket, the endpoint (s3.endpoint or AWS_ENDPOINT_URL), and the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE).',
      cause,
    });
  }
}
