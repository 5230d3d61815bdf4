// A runnable Python script that reproduces a formula's worked example: the note's matrices as numbers and every
// step of softmax(s Q K^T + M) V printed, with NumPy, or with PyTorch ending in scaled_dot_product_attention.
// The script holds numbers and fixed names only (Q, K, V, M, scale): nothing of the note's text reaches it, so a
// hostile note cannot write Python through a symbol name, a comment or a string.

import type { ScannedDocument } from '../document/document-model';
import { type Expr, identifierOf, symbolsOf, toMathjs } from '../tex/expr';
import type { StepName } from './attention';
import { bindSymbols } from './bind';
import { isSoftmaxForm, type MaskedRowPolicy } from './conventions';
import { type EvaluateOptions, type ExpressionValue, evaluateExpression, evaluateRegion } from './evaluate';
import { classifyRegion } from './formula-inputs';
import { evaluatedSide } from './softmax-form';

export type PythonFlavour = 'numpy' | 'torch';

/** The numbers of one worked example, in the reference layout: K is l_k x d_k whatever the formula wrote. */
export interface WorkedExampleInputs {
  /** 1-based line of the formula. */
  line: number;
  Q: number[][];
  K: number[][];
  /** Null when the formula stops at the weights. */
  V: number[][] | null;
  /** The additive mask, l_q x l_k, or null without one. */
  M: number[][] | null;
  /** The factor applied to Q K^T. */
  scale: number;
  /** The steps the evaluator shows for this formula, in order. */
  steps: StepName[];
  maskedRows: MaskedRowPolicy;
  fullyMaskedRows: number[];
}

/**
 * Why there is no script: the formula could not be evaluated (the evaluator's errors say why), it is not of the
 * form softmax(s Q K^T + M) V, or the formula as written and the reference computation disagree.
 */
export type WorkedExampleRefusal = 'not-evaluated' | 'not-softmax-attention' | 'not-reproducible';

export type WorkedExampleResult =
  | { ok: true; inputs: WorkedExampleInputs }
  | { ok: false; reason: WorkedExampleRefusal; errors: string[] };

const transposed = (m: number[][]): number[][] => (m[0] ?? []).map((_, j) => m.map((row) => row[j]));

/** Q, K, V, M and the scale of a formula's worked example, evaluated as the preview evaluates them. */
export function workedExampleInputs(
  doc: ScannedDocument,
  regionIndex: number,
  options: EvaluateOptions = {},
): WorkedExampleResult {
  const evaluation = evaluateRegion(doc, regionIndex, options);
  if (evaluation.errors.length > 0 || !evaluation.output)
    return { ok: false, reason: 'not-evaluated', errors: evaluation.errors.map((e) => e.message) };
  const c = classifyRegion(doc, regionIndex);
  const target = evaluatedSide(c);
  if (!isSoftmaxForm(c) || !target) return { ok: false, reason: 'not-softmax-attention', errors: [] };
  // The steps checked against the numeric core are the reference computation the script writes out.
  if (!evaluation.check?.agrees) return { ok: false, reason: 'not-reproducible', errors: [] };

  const scope: Record<string, ExpressionValue> = {};
  for (const [symbol, b] of bindSymbols(doc, regionIndex, symbolsOf(target), c.roles).bindings)
    scope[identifierOf(symbol)] = b.value;
  const evaluate = (e: Expr | undefined): ExpressionValue | null => {
    if (!e) return null;
    const r = evaluateExpression(toMathjs(e), scope, { maskedRows: options.maskedRows });
    return r.ok ? r.value : null;
  };
  const q = asRows(evaluate(c.operands.query));
  const k = asRows(evaluate(c.operands.key));
  const by = c.scale && c.scale.written !== 'none' ? evaluate(c.scale.by) : 1;
  if (!q || !k || typeof by !== 'number') return { ok: false, reason: 'not-reproducible', errors: [] };
  const K = c.keyTransposed === false ? transposed(k) : k;
  const V = asRows(evaluate(c.operands.value));
  const m = evaluate(c.operands.mask);
  // A number added to the logits is that number in every cell.
  const M = typeof m === 'number' ? q.map(() => K.map(() => m)) : m;
  const steps = evaluation.steps.map((s) => s.name);
  if ((steps.includes('masked') && !M) || (c.operands.value && !V))
    return { ok: false, reason: 'not-reproducible', errors: [] };
  const beforeSoftmax = evaluation.steps[steps.indexOf('weights') - 1];
  return {
    ok: true,
    inputs: {
      line: evaluation.line,
      Q: q,
      K,
      V,
      M,
      scale: c.scale?.written === 'divide' ? 1 / by : by,
      steps,
      maskedRows: options.maskedRows ?? 'zeros',
      fullyMaskedRows: (beforeSoftmax?.value ?? []).flatMap((row, i) =>
        row.every((x) => x === Number.NEGATIVE_INFINITY) ? [i] : [],
      ),
    },
  };
}

const asRows = (v: ExpressionValue | null): number[][] | null =>
  v === null ? null : typeof v === 'number' ? [[v]] : v;

/**
 * Whether the PyTorch script can end in scaled_dot_product_attention: it needs V, and gives 0 for a fully masked
 * row (PyTorch 2.5 and later), so it reproduces the example only under the 'zeros' policy when a row is.
 */
export function sdpaApplies(inputs: WorkedExampleInputs): boolean {
  return inputs.V !== null && (inputs.fullyMaskedRows.length === 0 || inputs.maskedRows === 'zeros');
}

/** A number as a Python literal; the script imports math, so the infinities and NaN have names. */
function literal(v: number): string {
  if (Number.isNaN(v)) return 'math.nan';
  if (v === Number.POSITIVE_INFINITY) return 'math.inf';
  if (v === Number.NEGATIVE_INFINITY) return '-math.inf';
  return String(v);
}

const matrixLiteral = (rows: readonly (readonly number[])[]): string =>
  `[\n${rows.map((row) => `    [${row.map(literal).join(', ')}],\n`).join('')}]`;

/** The labels the script prints before each step; fixed text, the same for every note. */
const STEP_LABELS: Readonly<Record<StepName, string>> = {
  logits: 'QK^T',
  scaled: 'scaled = scale * QK^T',
  masked: 'masked = scaled + M',
  weights: 'weights = softmax(BEFORE)',
  output: 'output = weights V',
};
const WEIGHTS_ONLY = { label: 'output = weights', code: 'output = weights' };

const STEP_CODE: Readonly<Record<StepName, string>> = {
  logits: 'logits = Q @ K.T',
  scaled: 'scaled = scale * logits',
  masked: 'masked = scaled + M',
  weights: 'weights = softmax(BEFORE)',
  output: 'output = weights @ V',
};

const POLICY_FILL: Readonly<Record<MaskedRowPolicy, string>> = {
  zeros: '0.0',
  nan: 'math.nan',
  uniform: '1.0 / x.shape[1]',
};

const POLICY_TEXT: Readonly<Record<MaskedRowPolicy, string>> = {
  zeros: 'zeros',
  nan: 'NaN',
  uniform: 'uniform weights',
};

/** The pieces that differ between NumPy and PyTorch; everything else is the same text. */
interface Flavour {
  imports: string;
  requires: string;
  setup: (precision: number) => string;
  array: string;
  softmax: (fill: string) => string;
}

const FLAVOURS: Readonly<Record<PythonFlavour, Flavour>> = {
  numpy: {
    imports: 'import math\n\nimport numpy as np',
    requires: 'NumPy',
    setup: (p) => `np.set_printoptions(precision=${p}, suppress=True, linewidth=120, threshold=sys.maxsize)`,
    array: 'np.array',
    softmax: (fill) => `def softmax(x):
    peak = x.max(axis=1, keepdims=True)
    full = np.isneginf(peak[:, 0])
    with np.errstate(invalid="ignore", divide="ignore"):
        e = np.exp(x - np.where(np.isneginf(peak), 0.0, peak))
        w = e / e.sum(axis=1, keepdims=True)
    w[full] = ${fill}
    return w`,
  },
  torch: {
    imports: 'import math\n\nimport torch\nimport torch.nn.functional as F',
    requires: 'PyTorch 2.5 or later',
    setup: (p) => `torch.set_printoptions(precision=${p}, sci_mode=False, linewidth=120, profile="full")`,
    array: 'torch.tensor',
    softmax: (fill) => `def softmax(x):
    full = torch.isneginf(x).all(dim=1)
    w = torch.softmax(x, dim=1)
    w[full] = ${fill}
    return w`,
  },
};

export interface PythonScriptOptions {
  /** Decimal places printed. */
  precision?: number;
}

/** The script for a worked example; `torch` falls back to the steps alone where SDPA does not apply. */
export function pythonScript(
  inputs: WorkedExampleInputs,
  flavour: PythonFlavour,
  options: PythonScriptOptions = {},
): string {
  const f = FLAVOURS[flavour];
  const precision = Math.max(0, Math.min(16, Math.trunc(options.precision ?? 4)));
  const dtype = flavour === 'torch' ? ', dtype=torch.float64' : ', dtype=float';
  const dk = inputs.Q[0]?.length ?? 0;
  const scale =
    Math.abs(inputs.scale - 1 / Math.sqrt(dk)) <= Number.EPSILON * inputs.scale
      ? `1 / math.sqrt(${dk})  # 1/sqrt(d_k)`
      : literal(inputs.scale);
  const names: [string, number[][] | null][] = [
    ['Q', inputs.Q],
    ['K', inputs.K],
    ['V', inputs.V],
    ['M', inputs.M],
  ];
  const defined = names.filter((n): n is [string, number[][]] => n[1] !== null);
  const before = inputs.steps.includes('masked') ? 'masked' : inputs.steps.includes('scaled') ? 'scaled' : 'logits';
  const lines = [
    `# The worked example of the attention formula on line ${inputs.line}, reproduced step by step.`,
    `# Written by Attention Lens; needs Python 3 and ${f.requires}.`,
    'import sys',
    f.imports,
    '',
    f.setup(precision),
    '',
    '',
    `# Row-wise softmax; a fully masked row (every logit -inf) gives ${POLICY_TEXT[inputs.maskedRows]}.`,
    f.softmax(POLICY_FILL[inputs.maskedRows]),
    '',
    '',
    'def show(label, x):',
    '    print(f"{label}  ({x.shape[0]} x {x.shape[1]})")',
    '    print(x)',
    '    print()',
    '',
    '',
    ...defined.map(([name, rows]) => `${name} = ${f.array}(${matrixLiteral(rows)}${dtype})`),
    `scale = ${scale}`,
    '',
    ...defined.map(([name]) => `show("${name}", ${name})`),
    'print(f"scale = {scale}")',
    'print()',
    ...inputs.steps.flatMap((step) => {
      const withoutV = step === 'output' && !inputs.V;
      const code = withoutV ? WEIGHTS_ONLY.code : STEP_CODE[step].replace('BEFORE', before);
      const label = withoutV ? WEIGHTS_ONLY.label : STEP_LABELS[step].replace('BEFORE', before);
      return [code, `show("${label}", ${step})`];
    }),
  ];
  if (inputs.fullyMaskedRows.length > 0)
    lines.push(
      `print("Fully masked query rows (0-based): ${inputs.fullyMaskedRows.join(', ')}; their softmax is undefined.")`,
    );
  if (flavour === 'torch' && !sdpaApplies(inputs)) {
    lines.push(
      '',
      inputs.V
        ? `# scaled_dot_product_attention is left out: it gives 0 for a fully masked row, not ${POLICY_TEXT[inputs.maskedRows]}.`
        : '# scaled_dot_product_attention is left out: the formula has no V.',
    );
  } else if (flavour === 'torch') {
    lines.push(
      '',
      '# The same output from PyTorch in one call.',
      `sdpa = F.scaled_dot_product_attention(Q[None], K[None], V[None]${inputs.M ? ', attn_mask=M' : ''}, scale=scale)[0]`,
      'show("scaled_dot_product_attention(Q, K, V)", sdpa)',
      'print("matches the steps:", torch.allclose(sdpa, output, equal_nan=True))',
    );
  }
  return `${lines.join('\n')}\n`;
}
