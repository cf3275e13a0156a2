/**
 * The outcomes export as Apache Parquet: the CSV's columns with their types (docs/export-format.md),
 * written a row group at a time as the batches arrive, so a large clinic streams in bounded memory.
 * hyparquet-writer encodes; each finished row group leaves through `write`.
 */
import { ByteWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import {
  epochDay,
  OUTCOME_COLUMN_TYPES,
  OUTCOME_COLUMNS,
  OUTCOME_REQUIRED_COLUMNS,
  type OutcomeColumn,
  type OutcomeColumnType,
  type OutcomeRow,
} from '../../domain/export/outcomes.ts';

/** Rows per row group: big enough to compress well, small enough to stream. */
const ROW_GROUP = 50_000;

const physical: Record<OutcomeColumnType, Omit<SchemaElement, 'name'>> = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  date: { type: 'INT32', converted_type: 'DATE' },
  int: { type: 'INT32' },
  number: { type: 'DOUBLE' },
  boolean: { type: 'BOOLEAN' },
};

export function outcomeParquetSchema(): SchemaElement[] {
  return [
    { name: 'root', num_children: OUTCOME_COLUMNS.length },
    ...OUTCOME_COLUMNS.map(([name]) => ({
      name,
      ...physical[OUTCOME_COLUMN_TYPES[name]],
      repetition_type: OUTCOME_REQUIRED_COLUMNS.includes(name)
        ? ('REQUIRED' as const)
        : ('OPTIONAL' as const),
    })),
  ];
}

/** A writer whose finished row groups go to `sink` instead of piling up in memory. */
class StreamingWriter extends ByteWriter {
  constructor(private readonly sink: (chunk: Uint8Array) => Promise<void> | void) {
    super(1 << 20);
  }
  flush(): Promise<void> | void {
    const chunk = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.sink(chunk);
  }
  override finish(): Promise<void> | void {
    return this.flush();
  }
}

const parquetValue = (type: OutcomeColumnType, v: OutcomeRow[OutcomeColumn]) => {
  if (v === null) return null;
  if (type === 'date') return epochDay(String(v));
  return v;
};

export interface OutcomeParquet {
  rows(rows: readonly OutcomeRow[]): Promise<void>;
  end(): Promise<void>;
}

export function outcomeParquet(write: (chunk: Uint8Array) => Promise<void> | void): OutcomeParquet {
  const writer = new StreamingWriter(write);
  const parquet = new ParquetWriter({ writer, schema: outcomeParquetSchema(), createdBy: 'SIJ Pathway' });
  let pending: OutcomeRow[] = [];
  const group = async () => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    await parquet.write({
      columnData: OUTCOME_COLUMNS.map(([name]) => ({
        name,
        data: rows.map((r) => parquetValue(OUTCOME_COLUMN_TYPES[name], r[name])),
      })),
      rowGroupSize: rows.length,
    });
  };
  return {
    async rows(rows) {
      pending.push(...rows);
      if (pending.length >= ROW_GROUP) await group();
    },
    async end() {
      await group();
      await parquet.finish();
    },
  };
}
