// `npm run bench`: every benchmark file in this folder, one after another, in one process.
import { readdirSync } from 'node:fs';

async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !only || f.startsWith(only))
    .sort();
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
