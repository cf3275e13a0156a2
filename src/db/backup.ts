/**
 * Backups without pg_dump (docs/adr/0004-backup-by-copy.md): one consistent snapshot, every table
 * of the app's schema copied out with `COPY … TO STDOUT` (text format) into a gzipped tar, with a
 * manifest that names the migration level, each table's columns, row count and SHA-256, and the
 * sequences' values. A restore migrates an empty database to the archive's level, copies every
 * table back in one transaction (foreign keys and the app's triggers held off while loading, as
 * pg_dump's own restore does), checks each table reads back with exactly the rows it was saved with
 * (in whatever order the pages now hold them: measuring), sets the sequences, commits, and migrates
 * on to the current level.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline as pipeCallback, Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Database } from './client.ts';
import { migrateDatabase, migrationsFolder } from './migrate.ts';

export const backupFormat = 'sijpath-backup';
export const backupFormatVersion = 1;

export interface TableEntry {
  name: string;
  columns: string[];
  rows: number;
  bytes: number;
  sha256: string;
  /** Its file inside the archive. */
  file: string;
}

export interface Manifest {
  format: typeof backupFormat;
  version: typeof backupFormatVersion;
  createdAt: string;
  /** The server it was taken from (`server_version`). */
  postgres: string;
  /** How many of the committed migrations had been applied, and the last one's name. */
  migrations: { count: number; last: string | null };
  tables: TableEntry[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

/** Something wrong with an archive or a target database; the message says what and what to do. */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

/** done/total counts rows. */
export type OnProgress = (done: number, total: number) => void;

/** The session settings every COPY runs under, so the text of each value does not depend on the server's defaults. */
const sessionSettings = [
  "set time zone 'UTC'",
  "set datestyle = 'ISO, YMD'",
  "set intervalstyle = 'postgres'",
  'set extra_float_digits = 1',
  "set bytea_output = 'hex'",
  "set client_encoding = 'UTF8'",
];

type Connectable = Database | pg.ClientConfig;
async function open(target: Connectable): Promise<pg.Client> {
  const config = '$client' in target ? target.$client.options : target;
  const client = new pg.Client(config);
  await client.connect();
  for (const s of sessionSettings) await client.query(s);
  return client;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

// ---------------------------------------------------------------------------------------------
// Backup

export async function backupDatabase(
  source: Connectable,
  file: string,
  options: { onProgress?: OnProgress; now?: Date } = {},
): Promise<Manifest> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'sijpath-backup-'));
  const client = await open(source);
  try {
    // One snapshot for every table: what a reader sees is the database at one instant, whatever
    // the server writes meanwhile.
    await client.query('begin isolation level repeatable read read only');
    const migrations = await appliedMigrations(client);
    if (migrations.count === 0)
      throw new BackupError('This database has no SIJ Pathway migrations applied: nothing to back up.');
    const postgres =
      (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '';
    const tables = await tableColumns(client);
    const counts = new Map<string, number>();
    for (const t of tables)
      counts.set(
        t.name,
        (await client.query<{ n: number }>(`select count(*)::int as n from ${ident(t.name)}`)).rows[0]?.n ??
          0,
      );
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    let done = 0;
    options.onProgress?.(0, total);
    await mkdir(path.join(work, 'data'));
    const entries: TableEntry[] = [];
    for (const t of tables) {
      const file = `data/${t.name}.copy`;
      const measure = measuring((rows) => options.onProgress?.(done + rows, total));
      await pipeline(
        client.query(copyTo(`copy ${ident(t.name)} (${t.columns.map(ident).join(', ')}) to stdout`)),
        measure.stream,
        createWriteStream(path.join(work, file)),
      );
      const { rows, bytes, sha256 } = measure.result();
      done += rows;
      entries.push({ name: t.name, columns: t.columns, rows, bytes, sha256, file });
    }
    const sequences = await sequenceValues(client);
    await client.query('commit');
    const manifest: Manifest = {
      format: backupFormat,
      version: backupFormatVersion,
      createdAt: (options.now ?? new Date()).toISOString(),
      postgres,
      migrations,
      tables: entries,
      sequences,
    };
    await writeFile(path.join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    // Written beside the target and renamed into place: a half-written archive never has its name.
    const partial = `${file}.partial`;
    await writeTar(
      work,
      ['manifest.json', ...entries.map((e) => e.file)],
      partial,
      options.now ?? new Date(),
    );
    await rename(partial, file);
    return manifest;
  } finally {
    await client.end().catch(() => {});
    await rm(work, { recursive: true, force: true });
  }
}

async function appliedMigrations(client: pg.Client): Promise<{ count: number; last: string | null }> {
  const exists = (
    await client.query<{ t: string | null }>("select to_regclass('drizzle.__drizzle_migrations')::text as t")
  ).rows[0]?.t;
  if (!exists) return { count: 0, last: null };
  const { rows } = await client.query<{ n: number; last: string | null }>(
    'select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations',
  );
  const n = rows[0]?.n ?? 0;
  const journal = await readJournal();
  const last = journal.entries.find((e) => String(e.when) === rows[0]?.last)?.tag ?? null;
  return { count: n, last };
}

/** The app's tables (schema public) and their stored columns, in a fixed order. */
async function tableColumns(client: pg.Client): Promise<{ name: string; columns: string[] }[]> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(
    `select c.relname as name,
            array_agg(a.attname::text order by a.attnum) as columns
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      group by c.relname
      order by c.relname`,
  );
  return rows;
}

async function sequenceValues(client: pg.Client): Promise<Manifest['sequences']> {
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'S' order by c.relname`,
  );
  const out: Manifest['sequences'] = [];
  for (const { name } of rows) {
    const v = (
      await client.query<{ last_value: string; is_called: boolean }>(
        `select last_value::text, is_called from ${ident(name)}`,
      )
    ).rows[0];
    if (v) out.push({ name, lastValue: v.last_value, isCalled: v.is_called });
  }
  return out;
}

/**
 * A pass-through that hashes and counts rows (COPY's text format: one row a line). Besides the
 * SHA-256 of the bytes as they stream (what the manifest records of each file), `rowsDigest` is the
 * sum of each row's SHA-256 modulo 2²⁵⁶: the same for the same rows in any order. A table is
 * compared by it, not by its bytes, because a restore does not keep the order of rows on disk:
 * COPY fills each page as rows fit, so a short row can take a gap a longer one left, and COPY TO
 * then reads the table back in another order. Rows have primary keys, so none repeats.
 */
export function measuring(onRows?: (rows: number) => void) {
  const hash = createHash('sha256');
  let rows = 0;
  let bytes = 0;
  let reported = 0;
  let sum = 0n;
  let partial: Buffer[] = [];
  const addRow = (line: Buffer) => {
    sum = (sum + BigInt(`0x${createHash('sha256').update(line).digest('hex')}`)) & ((1n << 256n) - 1n);
  };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      let start = 0;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
        rows++;
        const end = chunk.subarray(start, i);
        addRow(partial.length ? Buffer.concat([...partial, end]) : end);
        partial = [];
        start = i + 1;
      }
      if (start < chunk.length) partial.push(chunk.subarray(start));
      if (onRows && rows - reported >= 500) {
        reported = rows;
        onRows(rows);
      }
      callback(null, chunk);
    },
  });
  return {
    stream,
    result: () => {
      onRows?.(rows);
      return { rows, bytes, sha256: hash.digest('hex'), rowsDigest: sum.toString(16).padStart(64, '0') };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Check

export interface CheckedArchive {
  manifest: Manifest;
  /** The archive unpacked: data files named as in the manifest. Delete when done. */
  dir: string;
}

/**
 * Unpacks an archive into a temporary folder and checks it against its manifest: every table's
 * file present, its row count and SHA-256 as recorded, nothing else inside. Throws BackupError
 * listing every problem found.
 */
export async function checkArchive(
  file: string,
  options: { onProgress?: OnProgress } = {},
): Promise<CheckedArchive> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sijpath-restore-'));
  try {
    const found = new Map<string, { rows: number; bytes: number; sha256: string }>();
    let manifest: Manifest | undefined;
    let total = 0;
    let done = 0;
    await readTar(file, async (name, body) => {
      if (name === 'manifest.json') {
        const chunks: Buffer[] = [];
        for await (const c of body) chunks.push(c as Buffer);
        manifest = parseManifest(Buffer.concat(chunks).toString('utf8'));
        total = manifest.tables.reduce((a, t) => a + t.rows, 0);
        return;
      }
      if (!/^data\/[a-z0-9_]+\.copy$/.test(name))
        throw new BackupError(`The archive holds an unexpected file, ${name}.`);
      const measure = measuring((rows) => options.onProgress?.(done + rows, total));
      await pipeline(body, measure.stream, createWriteStream(path.join(dir, name.replace('/', '_'))));
      const m = measure.result();
      done += m.rows;
      found.set(name, m);
    });
    if (!manifest) throw new BackupError('The archive has no manifest.json: it is not a SIJ Pathway backup.');
    const problems: string[] = [];
    for (const t of manifest.tables) {
      const f = found.get(t.file);
      if (!f) problems.push(`${t.name}: its data (${t.file}) is missing.`);
      else if (f.sha256 !== t.sha256 || f.rows !== t.rows || f.bytes !== t.bytes)
        problems.push(
          `${t.name}: the data does not match the manifest (${f.rows} rows, SHA-256 ${f.sha256.slice(0, 12)}…; the manifest says ${t.rows} rows, ${t.sha256.slice(0, 12)}…).`,
        );
      found.delete(t.file);
    }
    for (const extra of found.keys()) problems.push(`${extra}: in the archive but not in the manifest.`);
    if (problems.length)
      throw new BackupError(
        `The archive ${file} is damaged or has been changed: do not restore it.`,
        problems,
      );
    return { manifest, dir };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    // A file that cannot be opened (missing, a folder, no permission) is the caller's to word.
    if (error instanceof BackupError || (error as NodeJS.ErrnoException).syscall !== undefined) throw error;
    throw new BackupError(`Cannot read the archive ${file}: ${(error as Error).message}`);
  }
}

function parseManifest(text: string): Manifest {
  const m = JSON.parse(text) as Manifest;
  if (m.format !== backupFormat) throw new BackupError('The archive is not a SIJ Pathway backup.');
  if (m.version !== backupFormatVersion)
    throw new BackupError(
      `The archive is in backup format ${m.version}; this version of SIJ Pathway reads format ${backupFormatVersion}.`,
    );
  return m;
}

// ---------------------------------------------------------------------------------------------
// Restore

export interface RestoreOptions {
  /** Replace what the target database holds (otherwise a database with any row is refused). */
  force?: boolean;
  onProgress?: OnProgress;
}

export async function restoreDatabase(
  target: Database,
  file: string,
  options: RestoreOptions = {},
): Promise<Manifest> {
  const { manifest, dir } = await checkArchive(file);
  try {
    const journal = await readJournal();
    if (manifest.migrations.count > journal.entries.length)
      throw new BackupError(
        `The archive was made by a newer version of SIJ Pathway (migration ${manifest.migrations.last}); install that version (or a later one) to restore it.`,
      );
    const probe = await open(target);
    try {
      const level = await appliedMigrations(probe);
      if (level.count > manifest.migrations.count)
        throw new BackupError(
          `The target database is at a later migration (${level.last}) than the archive (${manifest.migrations.last}): restore into a new, empty database.`,
        );
    } finally {
      await probe.end();
    }
    // The tables as they were when the archive was made, then the rows, then the later migrations.
    await migrateTo(target, manifest.migrations.count);
    const client = await open(target);
    try {
      await load(client, manifest, dir, options);
    } finally {
      await client.end().catch(() => {});
    }
    await migrateDatabase(target);
    return manifest;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function load(client: pg.Client, manifest: Manifest, dir: string, options: RestoreOptions) {
  const tables = await tableColumns(client);
  const here = new Map(tables.map((t) => [t.name, t.columns]));
  const problems: string[] = [];
  for (const t of manifest.tables) {
    const columns = here.get(t.name);
    if (!columns) problems.push(`${t.name}: no such table in the target database.`);
    else if (columns.join(',') !== t.columns.join(','))
      problems.push(
        `${t.name}: the columns differ (${columns.join(', ')} here, ${t.columns.join(', ')} in the archive).`,
      );
  }
  if (problems.length)
    throw new BackupError(
      'The target database does not have the tables the archive was made from.',
      problems,
    );
  const nonEmpty: string[] = [];
  for (const t of tables)
    if ((await client.query(`select 1 from ${ident(t.name)} limit 1`)).rowCount) nonEmpty.push(t.name);
  if (nonEmpty.length && !options.force)
    throw new BackupError(
      `The target database is not empty (${nonEmpty.slice(0, 5).join(', ')}${nonEmpty.length > 5 ? ', …' : ''} hold rows): restore into a new, empty database, or add --force to replace everything in it.`,
    );

  const total = manifest.tables.reduce((a, t) => a + t.rows, 0);
  let done = 0;
  options.onProgress?.(0, total);
  await client.query('begin');
  try {
    // Foreign keys are dropped while loading and added back after (which checks every row), as
    // pg_dump's restore does: the order of the rows then does not matter, nor do cycles.
    const { rows: foreignKeys } = await client.query<{ tbl: string; name: string; def: string }>(
      `select c.conrelid::regclass::text as tbl, c.conname as name, pg_get_constraintdef(c.oid) as def
         from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = 'public'`,
    );
    for (const fk of foreignKeys)
      await client.query(`alter table ${fk.tbl} drop constraint ${ident(fk.name)}`);
    // The app's own triggers stay off while loading: the audit trail's append-only guard (which
    // also refuses TRUNCATE) and its queue (the archive has the queue as it was), the sign-in
    // notifications (no server is listening).
    for (const t of tables) await client.query(`alter table ${ident(t.name)} disable trigger user`);
    if (nonEmpty.length) await client.query(`truncate ${tables.map((t) => ident(t.name)).join(', ')}`);
    const loaded = new Map<string, string>();
    for (const t of manifest.tables) {
      const measure = measuring((rows) => options.onProgress?.(done + rows, total));
      await pipeline(
        createReadStream(path.join(dir, t.file.replace('/', '_'))),
        measure.stream,
        client.query(copyFrom(`copy ${ident(t.name)} (${t.columns.map(ident).join(', ')}) from stdin`)),
      );
      const m = measure.result();
      done += m.rows;
      loaded.set(t.name, m.rowsDigest);
    }
    for (const t of tables) await client.query(`alter table ${ident(t.name)} enable trigger user`);
    for (const fk of foreignKeys)
      await client.query(`alter table ${fk.tbl} add constraint ${ident(fk.name)} ${fk.def}`);
    for (const s of manifest.sequences)
      await client.query('select setval($1::regclass, $2::bigint, $3)', [
        ident(s.name),
        s.lastValue,
        s.isCalled,
      ]);
    // Each table must read back with exactly the rows it was saved with (in any order: measuring)
    // before the restore counts.
    const differ: string[] = [];
    for (const t of manifest.tables) {
      const measure = measuring();
      await pipeline(
        client.query(copyTo(`copy ${ident(t.name)} (${t.columns.map(ident).join(', ')}) to stdout`)),
        measure.stream,
        sink(),
      );
      const m = measure.result();
      if (m.rowsDigest !== loaded.get(t.name) || m.rows !== t.rows)
        differ.push(`${t.name}: ${m.rows} rows read back, ${t.rows} saved, and they are not the same rows.`);
    }
    if (differ.length)
      throw new BackupError('The restored tables do not read back as they were saved.', differ);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

/** Applies the first `count` committed migrations (a restore needs the tables as the archive had them). */
async function migrateTo(target: Database, count: number): Promise<void> {
  const journal = await readJournal();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sijpath-migrations-'));
  try {
    const entries = journal.entries.slice(0, count);
    await mkdir(path.join(dir, 'meta'));
    await writeFile(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
    for (const e of entries)
      await copyFile(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
    await migrateDatabase(target, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}
async function readJournal(): Promise<Journal> {
  return JSON.parse(await readFile(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** Each table's rows, counted and digested in any order (measuring), to compare two databases. */
export async function tableChecksums(
  target: Connectable,
): Promise<Record<string, { rows: number; rowsDigest: string }>> {
  const client = await open(target);
  try {
    await client.query('begin isolation level repeatable read read only');
    const out: Record<string, { rows: number; rowsDigest: string }> = {};
    for (const t of await tableColumns(client)) {
      const measure = measuring();
      await pipeline(
        client.query(copyTo(`copy ${ident(t.name)} (${t.columns.map(ident).join(', ')}) to stdout`)),
        measure.stream,
        sink(),
      );
      const { rows, rowsDigest } = measure.result();
      out[t.name] = { rows, rowsDigest };
    }
    await client.query('commit');
    return out;
  } finally {
    await client.end().catch(() => {});
  }
}

function sink(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The archive: a gzipped POSIX (ustar) tar, so `tar -xzf` opens it too.

async function writeTar(dir: string, names: string[], file: string, mtime: Date): Promise<void> {
  async function* blocks() {
    for (const name of names) {
      const size = (await stat(path.join(dir, name))).size;
      yield tarHeader(name, size, mtime);
      for await (const chunk of createReadStream(path.join(dir, name))) yield chunk as Buffer;
      if (size % 512) yield Buffer.alloc(512 - (size % 512));
    }
    yield Buffer.alloc(1024);
  }
  await pipeline(Readable.from(blocks()), createGzip(), createWriteStream(file));
}

function tarHeader(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(512);
  const octal = (value: number, at: number, width: number) =>
    h.write(`${value.toString(8).padStart(width - 1, '0')}\0`, at, width, 'ascii');
  h.write(name, 0, 100, 'utf8');
  octal(0o644, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(size, 124, 12);
  octal(Math.floor(mtime.getTime() / 1000), 136, 12);
  h.write('        ', 148, 8, 'ascii');
  h.write('0', 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/** Reads a gzipped tar, handing each regular file's body to `onFile` in archive order. */
async function readTar(file: string, onFile: (name: string, body: Readable) => Promise<void>): Promise<void> {
  const gunzipped = pipeCallback(createReadStream(file), createGunzip(), () => {});
  const reader = new ByteReader(gunzipped[Symbol.asyncIterator]());
  for (;;) {
    const header = await reader.exactly(512);
    if (header.every((b) => b === 0)) return;
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
    if (Number.parseInt(field(header, 148, 8), 8) !== sum)
      throw new BackupError('The archive is not a tar file, or is damaged.');
    const prefix = header.toString('ascii', 257, 262) === 'ustar' ? field(header, 345, 155) : '';
    const name = (prefix ? `${prefix}/` : '') + field(header, 0, 100);
    const size = Number.parseInt(field(header, 124, 12), 8);
    const type = String.fromCharCode(header[156] ?? 0);
    if (type === '0' || type === '\0') await onFile(name, Readable.from(reader.chunks(size)));
    else for await (const _ of reader.chunks(size));
    if (size % 512) await reader.exactly(512 - (size % 512));
  }
}

function field(header: Buffer, at: number, width: number): string {
  const raw = header.subarray(at, at + width);
  const end = raw.indexOf(0);
  return raw.toString('utf8', 0, end === -1 ? width : end).trim();
}

class ByteReader {
  private buffer: Buffer = Buffer.alloc(0);
  constructor(private readonly source: AsyncIterator<Buffer>) {}
  private async fill(): Promise<void> {
    const next = await this.source.next();
    if (next.done) throw new BackupError('The archive ends too early: it is incomplete.');
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, next.value]) : next.value;
  }
  async exactly(n: number): Promise<Buffer> {
    while (this.buffer.length < n) await this.fill();
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }
  async *chunks(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (!this.buffer.length) await this.fill();
      const take = Math.min(left, this.buffer.length);
      yield this.buffer.subarray(0, take);
      this.buffer = this.buffer.subarray(take);
      left -= take;
    }
  }
}
