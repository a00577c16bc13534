import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { initialJs } from './dashboard';

const dir = mkdtempSync(path.join(tmpdir(), 'hostmaster-dashboard-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dashboard bench', () => {
  it('counts the entry script and module preloads of index.html, not lazy chunks or CSS', async () => {
    // Prepare
    mkdirSync(path.join(dir, 'assets'));
    const entry = 'console.log("entry");'.repeat(50);
    const shared = 'export const shared = 1;';
    writeFileSync(path.join(dir, 'assets/index-abc.js'), entry);
    writeFileSync(path.join(dir, 'assets/shared-def.js'), shared);
    writeFileSync(path.join(dir, 'assets/lazy-page.js'), 'export default 1;'.repeat(1000));
    writeFileSync(path.join(dir, 'assets/index.css'), 'body{}');
    writeFileSync(
      path.join(dir, 'index.html'),
      `<html><head>
        <script type="module" crossorigin src="./assets/index-abc.js"></script>
        <link rel="modulepreload" crossorigin href="./assets/shared-def.js">
        <link rel="stylesheet" crossorigin href="./assets/index.css">
      </head><body></body></html>`,
    );

    // Act
    const js = await initialJs(dir);

    // Assess
    expect(js.files.map((f) => f.file)).toEqual(['assets/index-abc.js', 'assets/shared-def.js']);
    expect(js.bytes).toBe(entry.length + shared.length);
    expect(js.gzipBytes).toBe(gzipSync(entry).length + gzipSync(shared).length);
  });
});
