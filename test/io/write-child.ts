/**
 * Child process for the Ctrl-C test in write.test.ts (not a test itself): writes COUNT files of
 * SIZE_MB megabytes each into OUT_DIR with writeAtomically, slowly enough that a signal can land mid-write.
 * Usage: node --import tsx test/io/write-child.ts OUT_DIR COUNT SIZE_MB
 */
import { writeAtomically } from '../../src/io/write.js';

const [outDir, count, sizeMb] = process.argv.slice(2);
if (!outDir || !count || !sizeMb) {
  process.stderr.write('usage: write-child.ts OUT_DIR COUNT SIZE_MB\n');
  process.exit(64);
}
const content = 'x'.repeat(Number(sizeMb) * 1024 * 1024);
const files = Array.from({ length: Number(count) }, (_, i) => [`out-${i}.csv`, content] as const);

try {
  await writeAtomically(outDir, files, { force: false, inputs: [] });
  process.stdout.write('done\n');
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(3);
}
