// `npm run demo`: a real VS Code (code-server) with the extension loaded from this folder, on the sample notes.
// Open the printed address in a browser; Ctrl-C stops it.
import { join } from 'node:path';
import { EnvironmentError, root, startCodeServer } from './code-server';
import { workbenchUrl } from './workbench';

async function main(): Promise<void> {
  const server = await startCodeServer({
    port: Number(process.env.PORT ?? 8080),
    settings: { 'git.openRepositoryInParentFolders': 'never' },
    linkedExtensions: [root],
  });
  const url = workbenchUrl(server, { folder: join(root, 'media', 'samples') });
  console.log(`\nAttention Lens demo is running. Open this address in a browser:\n\n  ${url}\n\nPress Ctrl-C to stop.`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping VS Code...');
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof EnvironmentError ? err.message : err);
  process.exit(1);
});
