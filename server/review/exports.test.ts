import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { excelCsv, neutraliseCell, type CsvRow } from './exports.ts';

async function* rowsOf(rows: CsvRow[]): AsyncGenerator<CsvRow> {
  for (const row of rows) yield row;
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('neutraliseCell', () => {
  it('prefixes text a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+86 138', '-2', '@SUM(A1)', '\t=1', '\r=1']) expect(neutraliseCell(text)).toBe(`'${text}`);
  });
  it('leaves other text, numbers and empties alone', () => {
    expect(neutraliseCell('张三')).toBe('张三');
    expect(neutraliseCell('a=b')).toBe('a=b');
    expect(neutraliseCell(-3.5)).toBe(-3.5);
    expect(neutraliseCell(null)).toBe('');
  });
});

describe('excelCsv', () => {
  it('writes a BOM, CRLF rows and quotes what needs quoting', async () => {
    const bytes = await collect(
      excelCsv(
        ['姓名', '备注'],
        rowsOf([
          ['李娜', 'a, "b"\nc'],
          ['=HYPERLINK("x")', null],
          ['王五', 37.5],
        ]),
      ),
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toBe('姓名,备注\r\n李娜,"a, ""b""\nc"\r\n"\'=HYPERLINK(""x"")",\r\n王五,37.5\r\n');
  });

  it('fails the stream when the rows fail, so a broken export never looks complete', async () => {
    async function* failing(): AsyncGenerator<CsvRow> {
      yield ['a'];
      throw new Error('database gone');
    }
    await expect(collect(excelCsv(['h'], failing()))).rejects.toThrow('database gone');
  });
});

describe('excelCsv when the reader goes away', () => {
  it('stops pulling rows', async () => {
    let pulled = 0;
    let finished = false;
    async function* endless(): AsyncGenerator<CsvRow> {
      try {
        for (;;) {
          pulled += 1;
          yield [pulled];
        }
      } finally {
        finished = true;
      }
    }
    const stream = excelCsv(['n'], endless());
    await once(stream, 'readable');
    // What Fastify does to the body stream when the client hangs up.
    stream.destroy();
    await expect.poll(() => finished, { timeout: 10_000 }).toBe(true);
    const after = pulled;
    await new Promise((resolve) => setImmediate(resolve));
    expect(pulled).toBe(after);
  });
});
