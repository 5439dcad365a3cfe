import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/tmp';
import { resolveImportFiles } from './import-files';

describe('resolveImportFiles', () => {
  it('takes files, the .json files of a folder (not its subfolders) and globs, each once, in order', async () => {
    const dir = tempDir();
    const exportDir = path.join(dir, 'export');
    mkdirSync(path.join(exportDir, 'general.json_Files'), { recursive: true });
    for (const f of ['b.json', 'a.json', 'notes.txt', 'general.json_Files/x.json'])
      writeFileSync(path.join(exportDir, f), '{}');
    const a = path.join(exportDir, 'a.json');
    const b = path.join(exportDir, 'b.json');
    expect(await resolveImportFiles([exportDir])).toEqual({ files: [a, b], problems: [] });
    expect(await resolveImportFiles([b, `${exportDir}/*.json`, a])).toEqual({ files: [b, a], problems: [] });
    expect((await resolveImportFiles([`${exportDir}/**/*.json`])).files).toEqual([
      a,
      b,
      path.join(exportDir, 'general.json_Files', 'x.json'),
    ]);
  });

  it('names every argument that finds nothing, and leaves a missing file to the export check', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'empty'));
    const missing = path.join(dir, 'missing.json');
    expect(await resolveImportFiles([path.join(dir, 'empty'), `${dir}/*.json`, missing])).toEqual({
      files: [missing],
      problems: [
        `${path.join(dir, 'empty')} is a folder without .json files (export with --format Json)`,
        `${dir}/*.json matches no file`,
      ],
    });
  });
});
