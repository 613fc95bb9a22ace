/**
 * The raw interface is checked against the addon: every export of each flavour's built addon is
 * declared in `interface Native` (src/native.ts) and every member declared there is exported, with
 * functions declared as functions. The declared names are read from the source with the TypeScript
 * compiler API, so there is no second list to keep. The addon is loaded without MPI_Init: one plain
 * `node` process per flavour, no launcher.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FLAVOURS, ROOT, envFor } from './harness';

/** The members of `interface Native`: name → whether it is declared as a function. */
function declaredMembers(): Map<string, boolean> {
  const file = path.join(ROOT, 'src', 'native.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Native');
  if (!decl) throw new Error('src/native.ts declares no interface Native');
  if (decl.heritageClauses) throw new Error('interface Native extends another interface: this test reads only its own members');
  const members = new Map<string, boolean>();
  for (const m of decl.members) {
    if (!m.name || !(ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) throw new Error(`interface Native: unsupported member ${m.getText(source)}`);
    const isFunction = ts.isMethodSignature(m) || (ts.isPropertySignature(m) && m.type !== undefined && ts.isFunctionTypeNode(m.type));
    members.set(m.name.text, isFunction);
  }
  return members;
}

/** The exports of a flavour's addon: name → whether it is a function (a fresh process: the flavours' libmpi do not share one). */
function exportedMembers(flavour: string): Map<string, boolean> {
  const env = envFor(flavour);
  const script = 'const a = require(process.env.MPI4JS_ADDON); console.log(JSON.stringify(Object.keys(a).map((k) => [k, typeof a[k] === "function"])))';
  const out = execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8', timeout: 60_000 });
  return new Map(JSON.parse(out) as [string, boolean][]);
}

describe('src/native.ts declares exactly what the addon exports', () => {
  it('reads interface Native', () => {
    expect(declaredMembers().size).toBeGreaterThan(100);
  });

  it.skipIf(FLAVOURS.length === 0).each(FLAVOURS)('%s addon', (flavour) => {
    const declared = declaredMembers();
    const exported = exportedMembers(flavour);
    const undeclared = [...exported.keys()].filter((k) => !declared.has(k)).sort();
    const missing = [...declared.keys()].filter((k) => !exported.has(k)).sort();
    const wrongKind = [...declared.keys()].filter((k) => exported.has(k) && exported.get(k) !== declared.get(k))
      .map((k) => `${k} (declared ${declared.get(k) ? 'a function' : 'a value'}, exported ${exported.get(k) ? 'a function' : 'a value'})`).sort();
    const problems = [
      undeclared.length ? `exported by the addon but not declared in interface Native: ${undeclared.join(', ')}` : '',
      missing.length ? `declared in interface Native but not exported by the addon: ${missing.join(', ')}` : '',
      wrongKind.length ? `of the wrong kind: ${wrongKind.join(', ')}` : '',
    ].filter(Boolean);
    // One line, so the summary of `npm test` (a failure's first line) names the members.
    if (problems.length) expect.fail(`${path.join('build-flavours', flavour, 'mpi4js.node')} vs src/native.ts: ${problems.join('; ')}`);
  }, 120_000);
});
