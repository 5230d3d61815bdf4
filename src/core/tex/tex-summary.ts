// TeX as a one-line label (outline entries, command-line listings): whitespace collapsed, cut to a length.
// Reads only as far as the label needs, so a megabyte-long formula costs no more than a short one.
export function oneLineTex(tex: string, max: number): string {
  let flat = '';
  let pendingSpace = false;
  for (let i = 0; i < tex.length && flat.length <= max; i++) {
    const ch = tex[i];
    if (WHITESPACE.test(ch)) pendingSpace = flat.length > 0;
    else {
      if (pendingSpace) flat += ' ';
      pendingSpace = false;
      flat += ch;
    }
  }
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

const WHITESPACE = /\s/;
