/** readInput: text files are opened for reading in slices, never held whole; workbooks are unpacked. */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, type InputFile } from '../../src/core/types.js';
import { readInput } from '../../src/io/read.js';
import { xlsx } from '../xlsx.js';

const dir = mkdtempSync(join(tmpdir(), 'nb-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readBack(input: InputFile, slice = 7): string {
  if (!input.open) throw new Error('expected a streamed input');
  const reader = input.open();
  const parts: Buffer[] = [];
  const into = new Uint8Array(slice);
  for (let n = reader.read(into); n > 0; n = reader.read(into)) parts.push(Buffer.from(into.subarray(0, n)));
  reader.close();
  return Buffer.concat(parts).toString('utf8');
}

describe('readInput', () => {
  const text = 'site_ods_code,first_name\r\nVN1A2,Siân\r\n'.repeat(50);
  const path = join(dir, 'staff.csv');
  writeFileSync(path, text);

  it('opens a text file for reading in slices, with its SHA-256, and holds no bytes', async () => {
    const input = await readInput(path, 'staff file');
    expect(input.bytes).toBeUndefined();
    expect(input.name).toBe('staff.csv');
    expect(input.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(readBack(input)).toBe(text);
    expect(readBack(input, 1 << 16)).toBe(text); // as often as the planner needs
  });

  it('refuses to go on with a file that changed after it was opened, with a sentence', async () => {
    const changing = join(dir, 'changing.csv');
    writeFileSync(changing, text);
    const input = await readInput(changing, 'staff file');
    appendFileSync(changing, 'VN1A2,Zoë\r\n');
    expect(() => readBack(input)).toThrow(InputError);
    expect(() => readBack(input)).toThrow(/changing\.csv changed or disappeared while it was being checked/);
  });

  it('holds a pipe in memory, since it can be read only once', async () => {
    const fifo = join(dir, 'piped.csv');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `cat > "${fifo}"`], { stdio: ['pipe', 'ignore', 'ignore'] });
    writer.stdin.end(text);
    const input = await readInput(fifo, 'staff file');
    expect(input.open).toBeUndefined();
    expect(new TextDecoder().decode(input.bytes)).toBe(text);
    expect(input.sha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('refuses a file saved again with the same size between two reads', async () => {
    const saved = join(dir, 'saved.csv');
    writeFileSync(saved, text);
    const input = await readInput(saved, 'staff file');
    expect(readBack(input)).toBe(text);
    writeFileSync(saved, text.replace('Siân', 'Sian').replace('VN1A2', 'VN1A2 '));
    utimesSync(saved, new Date(), new Date(Date.now() + 5000));
    expect(() => readBack(input)).toThrow(/saved\.csv changed or disappeared while it was being checked/);
  });

  it('notices a file cut short or grown while it is being read', async () => {
    for (const change of [
      (f: string) => truncateSync(f, 100),
      (f: string) => appendFileSync(f, 'VN1A2,Zoë\r\n'),
    ]) {
      const path = join(dir, 'during.csv');
      writeFileSync(path, text);
      const input = await readInput(path, 'staff file');
      if (!input.open) throw new Error('expected a streamed input');
      const reader = input.open();
      reader.read(new Uint8Array(50));
      change(path);
      const rest = new Uint8Array(1 << 16);
      expect(() => {
        while (reader.read(rest) > 0);
      }).toThrow(/during\.csv changed or disappeared while it was being checked/);
      reader.close();
    }
  });

  it('reads a workbook into rows', async () => {
    const book = join(dir, 'staff.xlsx');
    writeFileSync(
      book,
      xlsx([
        {
          name: 'Staff',
          rows: [
            ['site_ods_code', 'first_name'],
            ['VN1A2', 'Siân'],
          ],
        },
      ]),
    );
    const input = await readInput(book, 'staff file');
    expect(input.sheet?.rows).toEqual([
      ['site_ods_code', 'first_name'],
      ['VN1A2', 'Siân'],
    ]);
  });

  it('refuses --sheet for a text file', async () => {
    await expect(readInput(path, 'staff file', { sheet: 'Staff' })).rejects.toThrow(
      /--sheet only applies to Excel workbooks, and staff\.csv is a text file/,
    );
  });
});
