/** Guards the shape of the code: a pure core and pure renderers that can run in a browser. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const imports = (path: string) =>
  [...readFileSync(path, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1]!,
  );

const NODE_BUILTINS = /^(node:|fs$|path$|os$|crypto$|child_process$|stream$|util$|url$|buffer$)/;

describe('architecture', () => {
  it.each(sources('src/core'))('%s imports no Node module, I/O, CLI or report code', (path) => {
    for (const spec of imports(path)) {
      expect(spec, `${path} imports ${spec}`).not.toMatch(NODE_BUILTINS);
      expect(spec, `${path} imports ${spec}`).not.toMatch(/\/(io|cli|report)\//);
      expect(spec, `${path} imports ${spec}`).not.toBe('csv-parse');
    }
    const text = readFileSync(path, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    expect(text, `${path} uses process or console`).not.toMatch(
      /\bprocess\.|\bconsole\.|\bBuffer\.|new Date\(\)|Date\.now|Math\.random/,
    );
  });

  it.each(sources('src/report'))('%s is a pure renderer (no Node module, no I/O)', (path) => {
    for (const spec of imports(path)) {
      expect(spec).not.toMatch(NODE_BUILTINS);
      expect(spec).not.toMatch(/\/(io|cli)\//);
    }
  });

  it.each(sources('src/web'))(
    '%s (the browser page) uses only the core, the renderers and its own files',
    (path) => {
      for (const spec of imports(path)) {
        expect(spec, `${path} imports ${spec}`).toMatch(/^(\.\.\/(core|report)\/|\.\/)/);
      }
      const text = readFileSync(path, 'utf8');
      expect(text, `${path} uses a Node global`).not.toMatch(/\bprocess\.|\bBuffer\b|\brequire\(/);
      expect(text, `${path} could reach the network`).not.toMatch(
        /\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon/,
      );
    },
  );

  it('sets the exit code in one place only', () => {
    const offenders = sources('src').filter((p) =>
      /process\.exit\(|process\.exitCode\s*=/.test(readFileSync(p, 'utf8')),
    );
    expect(offenders).toEqual(['src/cli/main.ts']);
  });
});
