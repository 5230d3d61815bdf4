// `npm run bench`: every benchmark file in this folder, one after another, in one process.
import { readdirSync } from 'node:fs';

async function main(): Promise<void> {
  const only = process.argv[2];
  const all = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  // A name is one benchmark: `markdown-preview` is not also `markdown-preview-workbench`.
  const files = only ? all.filter((f) => f === `${only}.bench.ts`) : all;
  if (files.length === 0)
    throw new Error(`no benchmark '${only}'; one of: ${all.map((f) => f.replace('.bench.ts', '')).join(', ')}`);
  for (const file of files) {
    console.log(`\n## ${file.replace('.bench.ts', '')}`);
    const mod = (await import(`./${file}`)) as { run(): Promise<void> | void };
    await mod.run();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
