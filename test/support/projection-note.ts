// A note whose projection Q = X W_Q is printed, right or with one wrong entry: the printed-value check's example in
// the core's, the page's and the editor's tests.

export const bmatrix = (rows: (number | string)[][]) =>
  `\\begin{bmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;

export const X = bmatrix([
  [1, 0],
  [0, 1],
  [1, 1],
]);
export const W = bmatrix([
  [1, 2],
  [0, 1],
]);
/** X W with its last entry printed 4 where it is 3. */
export const WRONG = bmatrix([
  [1, 2],
  [0, 1],
  [1, 4],
]);
export const RIGHT = bmatrix([
  [1, 2],
  [0, 1],
  [1, 3],
]);

/** X and W_Q defined, then `Q = X W_Q = printed`. */
export const projectionNote = (printed: string) =>
  `# Projections\n\n$$X = ${X}, \\quad W_Q = ${W}$$\n\n$$Q = X W_Q = ${printed}$$\n`;
