// The preview's content: sections under the document's headings, one block per formula. Blocks are kept by id
// and rebuilt only when what they show changed (their TeX, the macros, their worked example), so an edit costs
// the formulas it touched, not the whole document. What changed is typeset in view first (typeset-queue.ts).
import { element } from './dom';
import type { FormulaInspection, FormulaView, Labels, PreviewSettings, SectionLayout } from './protocol';
import { renderFormula } from './render-formula';
import { TypesetQueue } from './typeset-queue';
import { renderExample } from './worked-example';

interface FormulaBlock {
  view: FormulaView;
  line: number;
  root: HTMLElement;
  math: HTMLElement;
  kind: HTMLElement;
  example: HTMLElement | null;
  /** The marks of its printed values, under the math. */
  printed: HTMLElement;
  error: string | null;
  /** What the math and the example were last built from; a different key means a rebuild. */
  mathKey: string;
  exampleKey: string;
  printedKey: string;
  /** What to build at its turn in the queue: the keys it will then have, or null when that part is current. */
  nextMathKey: string | null;
  nextExampleKey: string | null;
}

interface SectionBlock {
  key: string;
  root: HTMLElement;
  heading: HTMLElement | null;
  line: number;
  ids: string[];
}

export interface RenderOutcome {
  rendered: string[];
  errors: string[];
}

export class DocumentView {
  private readonly blocks = new Map<string, FormulaBlock>();
  private sections: SectionBlock[] = [];
  private macros: Record<string, string> = {};
  private macrosKey = '{}';
  private settingsKey = '';
  private settings: PreviewSettings = { precision: 4 };
  private current: string | null = null;
  /** Above the sections, outside the root the sections are arranged in: which formulas a large note shows. */
  private readonly notice = element('p', 'notice');
  private readonly queue = new TypesetQueue<FormulaBlock>(
    (block) => block.root,
    (block) => this.typeset(block),
    () => this.settle(),
  );
  /** Ids typeset since the last report. */
  private typesetIds: string[] = [];

  constructor(
    private readonly root: HTMLElement,
    private labels: Labels,
    private readonly reveal: (line: number) => void,
    /** Once everything shown is typeset: the ids typeset since the last call, and those that failed. */
    private readonly settled: (outcome: RenderOutcome) => void,
  ) {
    this.notice.hidden = true;
    root.before(this.notice);
  }

  configure(settings: PreviewSettings, labels: Labels): void {
    this.settings = settings;
    this.labels = labels;
    // Examples carry numbers and labels: a new precision or language rebuilds them on the next render.
    this.settingsKey = JSON.stringify([settings, labels]);
  }

  /** Shows a new document, scrolled to `scrollY`: nothing of the previous one is kept. */
  show(
    macros: Record<string, string>,
    layout: SectionLayout[],
    formulas: FormulaView[],
    notice: string | null,
    scrollY: number,
  ): void {
    this.blocks.clear();
    this.queue.clear();
    this.typesetIds = [];
    this.sections = [];
    this.current = null;
    this.root.replaceChildren();
    this.apply(macros, layout, formulas, notice);
    window.scrollTo(0, scrollY);
    this.queue.paint();
  }

  /** Applies the new layout; `formulas` holds only what is new or changed, the rest is kept by id. */
  update(
    macros: Record<string, string>,
    layout: SectionLayout[],
    formulas: FormulaView[],
    notice: string | null,
  ): void {
    this.apply(macros, layout, formulas, notice);
    this.queue.paint();
  }

  private apply(
    macros: Record<string, string>,
    layout: SectionLayout[],
    formulas: FormulaView[],
    notice: string | null,
  ): void {
    this.notice.textContent = notice ?? '';
    this.notice.hidden = notice === null;
    this.macros = macros;
    this.macrosKey = JSON.stringify(macros);
    for (const view of formulas) {
      const block = this.blocks.get(view.id);
      if (block) block.view = view;
      else this.blocks.set(view.id, this.createBlock(view));
    }
    const placed = new Set<string>();
    for (const section of layout) {
      for (const place of section.formulas) {
        const block = this.blocks.get(place.id);
        if (!block) continue;
        placed.add(place.id);
        block.line = place.line;
        this.refresh(block);
      }
    }
    for (const [id, block] of this.blocks)
      if (!placed.has(id)) {
        this.queue.delete(block);
        this.blocks.delete(id);
      }
    if (this.current !== null && !placed.has(this.current)) this.current = null;
    this.arrange(layout);
  }

  private settle(): void {
    const errors = this.sections.flatMap((s) => s.ids.filter((id) => (this.blocks.get(id)?.error ?? null) !== null));
    const rendered = this.typesetIds;
    this.typesetIds = [];
    this.settled({ rendered, errors });
  }

  highlight(id: string | null, reveal: boolean): string | null {
    if (this.current !== null) this.blocks.get(this.current)?.root.classList.remove('current');
    const block = id === null ? undefined : this.blocks.get(id);
    this.current = block ? id : null;
    if (block) {
      this.queue.take(block);
      block.root.classList.add('current');
      if (reveal) block.root.scrollIntoView({ block: 'nearest' });
    }
    return this.current;
  }

  inspect(): FormulaInspection[] {
    this.queue.flush();
    return this.sections.flatMap((section) =>
      section.ids.flatMap((id) => {
        const block = this.blocks.get(id);
        if (!block) return [];
        return [
          {
            id,
            highlighted: id === this.current,
            error: block.error,
            example: block.example ? (block.example.textContent ?? '') : null,
            printed: [...block.printed.children].map((li) => `${li.className}: ${li.textContent}`),
          },
        ];
      }),
    );
  }

  private createBlock(view: FormulaView): FormulaBlock {
    const root = element('div', 'formula');
    root.dataset.id = view.id;
    root.title = this.labels.revealTitle;
    const math = element('div', 'math');
    const kind = element('div', 'kind');
    const printed = element('ul', 'printed');
    root.append(math, printed, kind);
    const block: FormulaBlock = {
      view,
      line: 0,
      root,
      math,
      kind,
      example: null,
      printed,
      error: null,
      mathKey: '',
      exampleKey: '',
      printedKey: '',
      nextMathKey: null,
      nextExampleKey: null,
    };
    root.addEventListener('click', () => this.reveal(block.line));
    return block;
  }

  /**
   * Updates the cheap parts of `block` (its printed values, its kind) and queues its math and worked example when
   * they changed. Until its turn, a new block shows a placeholder of about its height (preview.css).
   */
  private refresh(block: FormulaBlock): void {
    const { view } = block;
    const mathKey = `${view.display}|${this.macrosKey}|${view.tex}`;
    block.nextMathKey = mathKey === block.mathKey ? null : mathKey;
    const printedKey = JSON.stringify(view.printed);
    if (printedKey !== block.printedKey) {
      block.printed.replaceChildren(
        ...view.printed.map((p) => element('li', p.agrees ? 'agrees' : 'differs', `${p.agrees ? '✓' : '✗'} ${p.text}`)),
      );
      block.printed.hidden = view.printed.length === 0;
      block.printedKey = printedKey;
    }
    block.kind.textContent = view.kind ?? '';
    block.kind.hidden = view.kind === null;
    const exampleKey = `${this.settingsKey}|${this.macrosKey}|${JSON.stringify(view.example)}`;
    block.nextExampleKey = exampleKey === block.exampleKey ? null : exampleKey;
    if (block.nextMathKey === null && block.nextExampleKey === null) {
      this.queue.delete(block);
      return;
    }
    if (block.mathKey === '') {
      block.root.classList.toggle('display', view.display);
      block.math.classList.add('pending');
    }
    if (block.exampleKey === '' && view.example?.steps.length) block.root.classList.add('example-pending');
    this.queue.add(block);
  }

  /** Builds the parts of `block` that changed since it was last built. */
  private typeset(block: FormulaBlock): void {
    const { view } = block;
    if (block.nextMathKey !== null) {
      block.root.classList.toggle('display', view.display);
      block.math.classList.remove('pending');
      block.error = renderFormula(block.math, view.tex, view.display, this.macros);
      block.root.classList.toggle('has-error', block.error !== null);
      block.mathKey = block.nextMathKey;
      block.nextMathKey = null;
      this.typesetIds.push(view.id);
    }
    if (block.nextExampleKey !== null) {
      block.example?.remove();
      block.example = view.example
        ? renderExample(view.example, {
            labels: this.labels,
            precision: this.settings.precision,
            macros: this.macros,
            reveal: this.reveal,
          })
        : null;
      if (block.example) block.root.append(block.example);
      block.root.classList.remove('example-pending');
      block.exampleKey = block.nextExampleKey;
      block.nextExampleKey = null;
    }
  }

  /** Puts the blocks in the layout's order, touching only the sections whose heading or formulas changed. */
  private arrange(layout: SectionLayout[]): void {
    if (layout.every((s) => s.formulas.length === 0)) {
      this.sections = [];
      this.root.replaceChildren(element('p', 'empty', this.labels.empty));
      return;
    }
    const previous = new Map(this.sections.map((s) => [s.key, s]));
    const seen = new Map<string, number>();
    const next: SectionBlock[] = [];
    for (const section of layout) {
      const ids = section.formulas.map((f) => f.id).filter((id) => this.blocks.has(id));
      // Two sections may share a heading; the occurrence count tells them apart.
      const name = `${section.level}|${section.heading}`;
      const occurrence = (seen.get(name) ?? 0) + 1;
      seen.set(name, occurrence);
      const key = `${name}|${occurrence}`;
      const block = previous.get(key) ?? this.createSection(section, key);
      previous.delete(key);
      block.line = section.line;
      if (block.ids.join('\n') !== ids.join('\n')) {
        block.root.replaceChildren(
          ...(block.heading ? [block.heading] : []),
          ...ids.map((id) => this.blocks.get(id)!.root),
        );
        block.ids = ids;
      }
      next.push(block);
    }
    for (const stale of previous.values()) stale.root.remove();
    this.root.querySelector(':scope > .empty')?.remove();
    next.forEach((section, i) => {
      if (this.root.children[i] !== section.root) this.root.insertBefore(section.root, this.root.children[i] ?? null);
    });
    this.sections = next;
  }

  private createSection(section: SectionLayout, key: string): SectionBlock {
    const root = element('section', 'section');
    const block: SectionBlock = { key, root, heading: null, line: section.line, ids: [] };
    if (section.heading !== null) {
      const level = Math.min(6, Math.max(1, section.level));
      block.heading = element(`h${level}` as 'h1', 'heading', section.heading || this.labels.untitledSection);
      block.heading.title = this.labels.revealTitle;
      block.heading.addEventListener('click', () => this.reveal(block.line));
      root.append(block.heading);
    }
    return block;
  }
}
