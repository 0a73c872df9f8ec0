// Baseline (A) of the benchmark: csv-parse alone reading the staff file with `columns: true`,
// doing nothing per record. Plain JS so no TypeScript loader is timed.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

let n = 0;
createReadStream(process.argv[2])
  .pipe(parse({ columns: true, bom: true }))
  .on('data', () => {
    n++;
  })
  .on('end', () => {
    process.stderr.write(`${n} records\n`);
  });
