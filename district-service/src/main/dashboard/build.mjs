// Bundles the dashboard with esbuild into OUT_DIR (first argument; default ../../../target/classes/META-INF/resources/dashboard):
// content-hashed, minified ES modules under assets/, index.html pointing at them, and a size report.
import { build } from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(here, '../../../target/classes/META-INF/resources/dashboard'));

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });

const result = await build({
  entryPoints: { app: path.join(here, 'src/main.ts') },
  bundle: true,
  splitting: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: false,
  legalComments: 'none', // the licences are collected into THIRD-PARTY-NOTICES.txt below
  outdir: path.join(outDir, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.entries(result.metafile.outputs);

// The licences of the packages bundled into the page, beside it (their notices must travel with their code).
const bundled = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) bundled.add(match[1]);
}
const notices = [];
for (const name of [...bundled].sort()) {
  const dir = path.join(here, 'node_modules', name);
  const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
  const licenceFile = (await readdir(dir)).find((f) => /^licen[cs]e/i.test(f));
  const text = licenceFile ? await readFile(path.join(dir, licenceFile), 'utf8') : `License: ${pkg.license}`;
  notices.push(`${name} ${pkg.version} (${pkg.license})\n\n${text.trim()}\n`);
}
await writeFile(path.join(outDir, 'THIRD-PARTY-NOTICES.txt'),
  `The LCT dashboard bundles these packages:\n\n${notices.join('\n' + '-'.repeat(80) + '\n\n')}`);
const entry = outputs.find(([, meta]) => meta.entryPoint && meta.entryPoint.endsWith('src/main.ts'));
if (!entry) throw new Error('esbuild produced no entry bundle');
const relative = (file) => path.relative(outDir, path.resolve(file)).split(path.sep).join('/');
const script = relative(entry[0]);
const stylesheet = entry[1].cssBundle ? relative(entry[1].cssBundle) : null;

const template = await readFile(path.join(here, 'index.html'), 'utf8');
const html = template
  .replace('<!-- stylesheet -->', stylesheet ? `<link rel="stylesheet" href="${stylesheet}">` : '')
  .replace('<!-- script -->', `<script type="module" src="${script}"></script>`);
await writeFile(path.join(outDir, 'index.html'), html);

// What a cold load costs: the files index.html pulls in at once (entry, its static imports, CSS) and the lazy chunks.
const eager = new Set([path.resolve(entry[0])]);
for (const imported of entry[1].imports) if (imported.kind === 'import-statement') eager.add(path.resolve(imported.path));
if (entry[1].cssBundle) eager.add(path.resolve(entry[1].cssBundle));
const files = [{ file: 'index.html', bytes: Buffer.byteLength(html), gzip: gzipSync(html).length, eager: true }];
for (const [file] of outputs) {
  if (file.endsWith('.LEGAL.txt')) continue;
  const content = await readFile(file);
  files.push({ file: relative(file), bytes: content.length, gzip: gzipSync(content, { level: 9 }).length, eager: eager.has(path.resolve(file)) });
}
const sum = (list, key) => list.reduce((total, f) => total + f[key], 0);
const report = {
  eager_bytes: sum(files.filter((f) => f.eager), 'bytes'),
  eager_gzip_bytes: sum(files.filter((f) => f.eager), 'gzip'),
  total_bytes: sum(files, 'bytes'),
  total_gzip_bytes: sum(files, 'gzip'),
  files,
};
const reportFile = path.join(here, '../../../target/dashboard-size.json');
await mkdir(path.dirname(reportFile), { recursive: true });
await writeFile(reportFile, JSON.stringify(report, null, 2));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`dashboard: ${files.length} files in ${outDir}`);
for (const f of files) console.log(`  ${f.eager ? 'eager' : 'lazy '} ${f.file.padEnd(40)} ${kib(f.bytes).padStart(10)}  gzip ${kib(f.gzip).padStart(9)}`);
console.log(`  cold load (eager): ${kib(report.eager_bytes)}, gzip ${kib(report.eager_gzip_bytes)}; everything: ${kib(report.total_bytes)}, gzip ${kib(report.total_gzip_bytes)}`);
