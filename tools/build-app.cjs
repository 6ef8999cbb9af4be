// Builds one application (`node tools/build-app.cjs services/catalog`) into dist/<project root>/, entry point
// main.js: the project's src/ becomes the output's root, and every library file it reaches keeps its
// repository path below it (dist/services/catalog/libs/platform/src/…), so a library's own relative paths, such
// as the rule packs beside libs/requirements/src, hold as they are.
//
// Only the files reachable from src/main.ts are compiled, one at a time with SWC (no type checking: the
// `typecheck` target, which `build` depends on, does that). Each `@cme/*` alias and relative import is
// rewritten to the compiled file's path in the output, which tsc cannot do without repeating the repository
// layout under outDir.
'use strict';
const { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const { transformFileSync } = require('@swc/core');
const ts = require('typescript');

const swcOptions = require('./swc-options.cjs');

const REPO_ROOT = path.resolve(__dirname, '..');

const projectRoot = process.argv[2];
if (!projectRoot) {
  console.error('usage: node tools/build-app.cjs <project root, e.g. services/catalog>');
  process.exit(2);
}
const sourceRoot = path.join(REPO_ROOT, projectRoot, 'src');
const outDir = path.join(REPO_ROOT, 'dist', projectRoot);

/** The path aliases of tsconfig.base.json (`@cme/platform` → its index.ts), as absolute paths. */
function readAliases() {
  const file = path.join(REPO_ROOT, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return new Map(
    Object.entries(config.compilerOptions.paths).map(([alias, [target]]) => [
      alias,
      path.join(REPO_ROOT, target),
    ]),
  );
}

const aliases = readAliases();

function isFile(file) {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** The source file an import names, or undefined for a package or a Node built-in. */
function resolveImport(specifier, importer) {
  if (aliases.has(specifier)) return aliases.get(specifier);
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(importer), specifier);
  const found = [base, `${base}.ts`, path.join(base, 'index.ts')].find(isFile);
  if (!found) throw new Error(`${path.relative(REPO_ROOT, importer)}: cannot resolve '${specifier}'`);
  return found;
}

/** Where a source file goes: the project's src/ at the output's root, any other file at its repository path. */
function outputOf(source) {
  const inProject = path.relative(sourceRoot, source);
  const relative = inProject.startsWith('..') ? path.relative(REPO_ROOT, source) : inProject;
  return path.join(outDir, relative.replace(/\.ts$/, '.js'));
}

/** The specifier that loads `target`'s output from `importer`'s output. */
function specifierBetween(importer, target) {
  const relative = path
    .relative(path.dirname(outputOf(importer)), outputOf(target))
    .split(path.sep)
    .join('/')
    .replace(/\.js$/, '');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function compile(source) {
  const output = outputOf(source);
  mkdirSync(path.dirname(output), { recursive: true });
  if (source.endsWith('.json')) {
    copyFileSync(source, output);
    return [];
  }
  const { code, map } = transformFileSync(source, {
    ...swcOptions,
    swcrc: false,
    configFile: false,
    sourceMaps: true,
    inlineSourcesContent: false,
    sourceFileName: path.relative(path.dirname(output), source).split(path.sep).join('/'),
  });
  const imported = [];
  // SWC writes every import as require("…") with double quotes. Rewriting a specifier moves the columns after
  // it on that line only, which stack traces (lines) do not notice.
  const rewritten = code.replace(/require\("([^"]+)"\)/g, (call, specifier) => {
    const target = resolveImport(specifier, source);
    if (!target) return call;
    imported.push(target);
    return `require("${specifierBetween(source, target)}")`;
  });
  writeFileSync(output, `${rewritten}\n//# sourceMappingURL=${path.basename(output)}.map\n`);
  writeFileSync(`${output}.map`, map);
  return imported;
}

const started = Date.now();
rmSync(outDir, { recursive: true, force: true });
const pending = [path.join(sourceRoot, 'main.ts')];
const compiled = new Set();
while (pending.length > 0) {
  const source = pending.pop();
  if (compiled.has(source)) continue;
  compiled.add(source);
  pending.push(...compile(source));
}
console.log(
  `${projectRoot}: ${compiled.size} files → ${path.relative(REPO_ROOT, outDir)}/main.js in ${Date.now() - started} ms`,
);
