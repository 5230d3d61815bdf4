// The core's own texts (explanations, diagnostics) exist in English and Simplified Chinese, so the command line can
// print them without VS Code. The host passes VS Code's display language; the CLI passes --lang.

export type Language = 'en' | 'zh-cn';

export const languages: readonly Language[] = ['en', 'zh-cn'];

/** `zh-cn`, `zh-CN`, `zh-hans`, `zh` -> zh-cn; anything else -> en. */
export function languageOf(locale: string | undefined): Language {
  const l = (locale ?? '').toLowerCase();
  return l === 'zh' || l.startsWith('zh-cn') || l.startsWith('zh-hans') || l === 'zh-sg' ? 'zh-cn' : 'en';
}

/** A message table: the same keys in every language, each a function of the message's arguments. */
export type Catalog<M extends Record<string, (...args: never[]) => string>> = Record<Language, M>;
