import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

const root = join(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function codeBlocks(language: string): string[] {
  return [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

describe('README examples', () => {
  const blocks = codeBlocks('ts');

  test('there are TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  test.each(blocks.map((b, i) => [i + 1, b]))('TypeScript example %i type-checks and runs against the library', (_, block) => {
    const dir = mkdtempSync(join(root, 'test', '.readme-'));
    const file = join(dir, 'example.ts');
    const source = (block as string).replace(/from 'cdk-qldb-aurora-migration'/g, `from '${join(root, 'src')}'`);
    writeFileSync(file, source);
    let program: ts.Program;
    try {
      program = ts.createProgram([file], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        skipLibCheck: true,
        types: ['node'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    // Run it too: an example that type-checks but throws (an invalid mapping) is still wrong.
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    expect(() => new Function('require', 'exports', js)(require, {})).not.toThrow();
  });
});
