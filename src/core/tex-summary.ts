// TeX as a one-line label (outline entries, command-line listings): whitespace collapsed, cut to a length.
export function oneLineTex(tex: string, max: number): string {
  const flat = tex.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
