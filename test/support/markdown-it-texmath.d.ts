// markdown-it-texmath ships no types; this is the part the tests use.
declare module 'markdown-it-texmath' {
  import type { PluginWithOptions } from 'markdown-it';

  const texmath: PluginWithOptions<{ engine?: unknown; delimiters?: string | string[] }>;
  export default texmath;
}
