// Provisions and starts a real VS Code for the tests: code-server, which is VS Code's own server build (the web
// workbench plus the Node extension host). It is installed on first use into .vscode-test/, the way
// @vscode/test-electron caches desktop VS Code, because these machines cannot download desktop VS Code.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(__dirname, '../..');
export const codeServerVersion = '4.100.3';
const cacheDir = join(root, '.vscode-test', `code-server-${codeServerVersion}`);
const binary = join(cacheDir, 'node_modules', '.bin', 'code-server');
const readyMarker = join(cacheDir, '.ready');

export class EnvironmentError extends Error {}

/** Debian packages the host needs, checked before anything is started, so a missing one is named, not waited on. */
function checkPrerequisites(): void {
  const missing: string[] = [];
  if (!existsSync(chromiumPath())) missing.push('chromium (the browser that drives the workbench)');
  if (!existsSync('/usr/bin/rg')) missing.push('ripgrep (VS Code search; code-server cannot download its own)');
  if (!existsSync(readyMarker) && !existsSync('/usr/include/krb5.h'))
    missing.push('libkrb5-dev (needed to build code-server on first install)');
  if (missing.length > 0) {
    throw new EnvironmentError(
      `Cannot run VS Code for the tests; missing:\n  - ${missing.join('\n  - ')}\n` +
        'Install them with: sudo apt-get update && sudo apt-get install -y chromium ripgrep libkrb5-dev\n' +
        '(or set CHROMIUM_PATH to another Chromium build).',
    );
  }
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * code-server's ripgrep package downloads rg from the internet on install; it first looks in a cache folder,
 * where a tarball of the system's rg satisfies it.
 */
function seedRipgrepCache(): void {
  const dir = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const tarball = join(dir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(tarball)) return;
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'rg-'));
  cpSync('/usr/bin/rg', join(staging, 'rg'));
  const tar = spawnSync('tar', ['-czf', tarball, '-C', staging, 'rg']);
  rmSync(staging, { recursive: true, force: true });
  if (tar.status !== 0) throw new EnvironmentError(`could not seed the ripgrep cache: ${tar.stderr}`);
}

/** Installs code-server into the cache folder once; later calls return at once. */
export function provisionCodeServer(): string {
  checkPrerequisites();
  if (existsSync(readyMarker) && existsSync(binary)) return binary;
  seedRipgrepCache();
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'package.json'), '{"private":true}\n');
  console.log(`Installing code-server ${codeServerVersion} into ${cacheDir} (first run only, about a minute)...`);
  const npm = spawnSync(
    'npm',
    ['install', '--unsafe-perm', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${codeServerVersion}`],
    {
      cwd: cacheDir,
      stdio: 'inherit',
      env: { ...process.env, npm_config_yes: 'true' },
      timeout: 15 * 60_000,
    },
  );
  if (npm.status !== 0 || !existsSync(binary)) {
    throw new EnvironmentError(
      `installing code-server failed (npm exit ${npm.status ?? npm.signal}); see the npm output above. ` +
        'It needs the npm registry, python3, make, g++ and libkrb5-dev.',
    );
  }
  writeFileSync(readyMarker, `${new Date().toISOString()}\n`);
  return binary;
}

/**
 * VS Code switches its display language only when a language pack for it is registered, and the Marketplace packs
 * cannot be downloaded here. An empty pack (test/fixtures/language-pack) is enough: the workbench's own texts stay
 * English, while extensions, ours included, run with `vscode.env.language` set and load their translations.
 */
function registerLanguagePack(userDir: string, locale: string): void {
  const pack = {
    hash: `attention-lens-test-${locale}`,
    label: locale,
    extensions: [{ extensionIdentifier: { id: `attention-lens-test.language-pack-${locale}` }, version: '1.0.0' }],
    translations: { vscode: join(root, 'test', 'fixtures', 'language-pack', 'main.i18n.json') },
  };
  writeFileSync(join(userDir, 'languagepacks.json'), JSON.stringify({ [locale]: pack }));
}

/** Links each folder into the extensions folder under the `publisher.name-version` name VS Code gives installs. */
function linkExtensions(extensionsDir: string, folders: string[]): void {
  mkdirSync(extensionsDir, { recursive: true });
  for (const folder of folders) {
    const { publisher, name, version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    symlinkSync(folder, join(extensionsDir, `${publisher}.${name}-${version}`));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningCodeServer {
  /** `127.0.0.1:PORT` */
  authority: string;
  origin: string;
  /** Where it keeps settings, logs and extensions for this run. */
  stateDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Extra command-line arguments, e.g. `--install-extension file.vsix`. */
  extraArgs?: string[];
  quiet?: boolean;
  /** A fixed port; a free one by default. */
  port?: number;
  /** Ask for workspace trust, so a folder opens in restricted mode. Trust is off (everything trusted) by default. */
  restricted?: boolean;
  /**
   * Extension folders to install by linking them into the extensions folder, as a user's installed extension (not
   * a development one: VS Code in development mode here offers no colour themes).
   */
  linkedExtensions?: string[];
  /** VS Code's display language, e.g. `zh-cn` (see registerLanguagePack). */
  locale?: string;
  /** Environment for code-server and so for its Node extension host. */
  env?: Record<string, string>;
}

/** Starts code-server on a free loopback port with a throw-away profile, and waits until it listens. */
export async function startCodeServer(options: StartOptions = {}): Promise<RunningCodeServer> {
  const bin = provisionCodeServer();
  const stateDir = mkdtempSync(join(tmpdir(), 'attention-lens-vscode-'));
  const port = options.port ?? (await freePort());
  const authority = `127.0.0.1:${port}`;
  const userDir = join(stateDir, 'user-data');
  mkdirSync(join(userDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': options.restricted ?? false,
      'security.workspace.trust.startupPrompt': 'never',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      ...options.settings,
    }),
  );
  if (options.locale) registerLanguagePack(userDir, options.locale);
  linkExtensions(join(stateDir, 'extensions'), options.linkedExtensions ?? []);
  writeFileSync(join(stateDir, 'config.yaml'), `bind-addr: ${authority}\nauth: none\ncert: false\n`);
  const args = [
    '--auth=none',
    `--bind-addr=${authority}`,
    `--config=${join(stateDir, 'config.yaml')}`,
    `--user-data-dir=${userDir}`,
    `--extensions-dir=${join(stateDir, 'extensions')}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.restricted ? [] : ['--disable-workspace-trust']),
    ...(options.locale ? [`--locale=${options.locale}`] : []),
    '--ignore-last-opened',
  ];
  if (options.extraArgs?.length) {
    // Installing extensions is a separate, short-lived invocation of the same binary.
    const install = spawnSync(bin, [...args, ...options.extraArgs], {
      env: { ...process.env, XDG_DATA_HOME: stateDir },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (install.status !== 0)
      throw new Error(`code-server ${options.extraArgs.join(' ')} failed:\n${install.stdout}${install.stderr}`);
  }
  const child = spawn(bin, args, {
    detached: true,
    env: { ...process.env, ...options.env, XDG_DATA_HOME: stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForListening(child, options.quiet ?? true);
  return {
    authority,
    origin: `http://${authority}`,
    stateDir,
    stop: () => stopProcessGroup(child, stateDir),
  };
}

function waitForListening(child: ChildProcess, quiet: boolean): Promise<void> {
  return new Promise((resolveReady, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!quiet) process.stderr.write(chunk);
      if (output.includes('HTTP server listening')) {
        clearTimeout(timer);
        resolveReady();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code} before listening:\n${output}`));
    });
  });
}

/** Kills code-server's whole process group (its extension hosts included) and waits, so the port is freed. */
async function stopProcessGroup(child: ChildProcess, stateDir: string): Promise<void> {
  if (child.exitCode === null && child.pid) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  }
  // ATTENTION_LENS_KEEP_VSCODE_STATE=1 keeps the profile and its logs (user-data/logs/) for debugging.
  if (!process.env.ATTENTION_LENS_KEEP_VSCODE_STATE) rmSync(stateDir, { recursive: true, force: true });
}
