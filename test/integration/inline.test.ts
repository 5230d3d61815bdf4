// Formulas rendered beside their source: which formulas get an image under each setting, the one at the cursor
// plain text, only the lines on screen rendered in a long note, images in the theme's colour that follow a theme
// change, and hostile TeX that neither fails nor yields an unsafe image.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InlineMode } from '../../src/config';
import type { AttentionLensApi } from '../../src/extension';
import type { InlineImage, InlineProbe } from '../../src/inline';
import { hostileDocuments } from '../support/hostile';
import { extensionId, waitFor } from './helpers';

async function extensionApi(): Promise<AttentionLensApi> {
  const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
  assert.ok(extension);
  return extension.isActive ? extension.exports : extension.activate();
}

async function inlineProbe(): Promise<InlineProbe> {
  const api = await extensionApi();
  assert.ok(api.inline, 'inline formulas are registered');
  return api.inline;
}

const setMode = (mode: InlineMode | undefined) =>
  vscode.workspace.getConfiguration('attentionLens').update('inline', mode, vscode.ConfigurationTarget.Global);

const at = (image: InlineImage) => `${image.range.start.line}:${image.range.start.character}`;

/** The images `editor` shows once its updates are done and `ready` accepts them. */
function settled(
  probe: InlineProbe,
  editor: vscode.TextEditor,
  what: string,
  ready: (images: InlineImage[]) => boolean,
  timeoutMs = 10_000,
): Promise<InlineImage[]> {
  return waitFor(
    what,
    () => {
      if (probe.pending(editor)) return undefined;
      const images = probe.shown(editor);
      return ready(images) ? images : undefined;
    },
    timeoutMs,
  );
}

const svgOf = (image: InlineImage) => {
  const prefix = 'data:image/svg+xml;base64,';
  assert.ok(image.dataUri.startsWith(prefix), image.dataUri.slice(0, 40));
  return new TextDecoder().decode(Uint8Array.from(atob(image.dataUri.slice(prefix.length)), (c) => c.charCodeAt(0)));
};

const note = [
  '# Inline',
  '',
  'Prose with $x_i$ and $l_q = 2$.',
  '',
  '$$',
  '\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V',
  '$$',
  '',
  '$Q = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}$ and $\\alpha + \\beta$.',
  '',
].join('\n');
/** Where each formula of `note` ends: its image goes there. */
const ends = {
  x: '2:16',
  lq: '2:30',
  attention: '6:2',
  matrix: `8:${note.split('\n')[8].indexOf(' and')}`,
  alphaBeta: `8:${note.split('\n')[8].length - 1}`,
};

async function openNote(content: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content }));
}

suite('inline formulas', () => {
  teardown(async () => {
    await setMode(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the setting chooses the formulas: attention formulas and matrices, every formula, or none', async () => {
    const probe = await inlineProbe();
    const editor = await openNote(note);
    const places = (images: InlineImage[]) => images.map(at).join(' ');
    const attention = `${ends.attention} ${ends.matrix}`;
    await settled(probe, editor, 'attention formulas and matrices', (i) => places(i) === attention);
    await setMode('all math');
    const all = `${ends.x} ${ends.lq} ${ends.attention} ${ends.matrix} ${ends.alphaBeta}`;
    const images = await settled(probe, editor, 'every formula', (i) => places(i) === all);
    const lines = note.split('\n');
    assert.deepEqual(
      images.map((i) => i.tex.trim()),
      ['x_i', 'l_q = 2', lines[5], lines[8].slice(1, lines[8].indexOf('$ and')), '\\alpha + \\beta'],
    );
    await setMode('off');
    await settled(probe, editor, 'no image', (i) => i.length === 0);
    await setMode('attention');
    await settled(probe, editor, 'attention formulas again', (i) => places(i) === attention);
  });

  test('a LaTeX align environment is drawn as its aligned lines', async () => {
    const probe = await inlineProbe();
    await setMode('all math');
    const body = ' Q &= X W_Q \\\\ A &= \\mathrm{softmax}(QK^\\top) V ';
    const editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({
        language: 'latex',
        content: `Text.\n\\begin{align*}${body}\\end{align*}\n`,
      }),
    );
    const images = await settled(probe, editor, 'the aligned image', (i) => i.length === 1);
    assert.equal(images[0].tex, `\\begin{aligned}${body}\\end{aligned}`);
    assert.equal(at(images[0]), `1:${`\\begin{align*}${body}\\end{align*}`.length}`);
  });

  test('images are drawn in the theme text colour and fit the line, and follow a theme change', async () => {
    const probe = await inlineProbe();
    const editor = await openNote(note);
    const workbench = vscode.workspace.getConfiguration('workbench');
    const colour = (kind: vscode.ColorThemeKind) => (kind === vscode.ColorThemeKind.Light ? '#3b3b3b' : '#cccccc');
    const fontSize = vscode.workspace.getConfiguration('editor').get<number>('fontSize') ?? 14;
    const inColour = (c: string) => (images: InlineImage[]) =>
      images.length === 2 && images.every((i) => svgOf(i).includes(`fill="${c}"`));
    try {
      for (const theme of ['Default Light Modern', 'Default Dark Modern']) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        const kind = theme.includes('Light') ? vscode.ColorThemeKind.Light : vscode.ColorThemeKind.Dark;
        await waitFor(`the ${theme} theme`, () => (vscode.window.activeColorTheme.kind === kind ? true : undefined));
        const images = await settled(probe, editor, `images in ${colour(kind)}`, inColour(colour(kind)));
        for (const image of images) {
          assert.ok(image.height > 0 && image.height <= Math.round(1.35 * fontSize) - 1, `height ${image.height}`);
          assert.ok(image.width > image.height, `width ${image.width}`);
          assert.match(svgOf(image), new RegExp(`^<svg [^>]*width="${image.width}" height="${image.height}"`));
        }
      }
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('the formula holding the cursor stays plain text while it is edited, and is drawn again once left', async () => {
    const probe = await inlineProbe();
    const editor = await openNote(note);
    const places = (images: InlineImage[]) => images.map(at).join(' ');
    await settled(probe, editor, 'both images', (i) => places(i) === `${ends.attention} ${ends.matrix}`);

    editor.selection = new vscode.Selection(5, 3, 5, 3);
    await settled(probe, editor, 'the attention image hidden', (i) => places(i) === ends.matrix);
    await editor.edit((edit) => edit.insert(editor.document.lineAt(5).range.end, ' + 0'));
    // Typing inside the formula changes its TeX but shows nothing beside it.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(places(await settled(probe, editor, 'after the edit', () => true)), ends.matrix);

    // The cursor after the closing delimiter still counts as inside: the image would sit where one types.
    editor.selection = new vscode.Selection(6, 2, 6, 2);
    await settled(probe, editor, 'still hidden at the end', (i) => places(i) === ends.matrix);

    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const images = await settled(probe, editor, 'the edited formula drawn', (i) => i.length === 2);
    assert.equal(images[0].tex, '\n\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V + 0\n');
    assert.equal(places(images), `${ends.attention} ${ends.matrix}`);

    // An edit above moves the images with their formulas.
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'one more line\n'));
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await settled(probe, editor, 'images one line lower', (i) => places(i) === `7:2 9:${ends.matrix.split(':')[1]}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('in a long note, only the formulas on screen are rendered, and scrolling renders those it shows', async () => {
    const probe = await inlineProbe();
    const formula = '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$';
    const editor = await openNote(Array.from({ length: 3000 }, () => formula).join('\n\n'));
    const within = (images: InlineImage[]) => {
      const [first, last] = [editor.visibleRanges[0].start.line, editor.visibleRanges[0].end.line];
      return images.every((i) => i.range.start.line >= first - 10 && i.range.start.line <= last + 10);
    };
    const top = await settled(probe, editor, 'images at the top', (i) => i.length > 0);
    assert.ok(within(top), `images from line ${at(top[0])} to ${at(top[top.length - 1])}`);
    assert.ok(top.length <= 100);
    editor.revealRange(new vscode.Range(5990, 0, 5990, 0), vscode.TextEditorRevealType.InCenter);
    const bottom = await settled(probe, editor, 'images near the end', (i) => i.some((x) => x.range.start.line > 5900));
    assert.ok(within(bottom), `images from line ${at(bottom[0])} to ${at(bottom[bottom.length - 1])}`);
    assert.ok(bottom.every((i) => i.range.start.line > 5000));
  });

  test('hostile notes: every image is MathJax drawing, with no link, script or handler, and nothing fails', async () => {
    const api = await extensionApi();
    const probe = await inlineProbe();
    await setMode('all math');
    const errorsBefore = api.reportedErrors;
    const safe = (images: InlineImage[], what: string) => {
      for (const image of images) {
        const svg = svgOf(image);
        assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/, what);
        assert.doesNotMatch(svg, /<(script|a|foreignObject|image|iframe|img)\b|javascript:|\son\w+=/i, what);
        assert.ok(image.tex.length <= 2000, `${what}: ${image.tex.length} characters of TeX rendered`);
      }
    };
    // On screen at once: a link to script and a macro bomb are drawn as the text they are, in a safe image.
    const payloads = ['\\href{javascript:alert(1)}{click}', '\\def\\a{\\a\\a}\\a', '\\text{<script>x</script>}'];
    const editor = await openNote(`# Payloads\n\n${payloads.map((p) => `$$${p}$$`).join('\n\n')}`);
    const images = await settled(probe, editor, 'the payloads drawn', (i) => i.length === payloads.length);
    assert.deepEqual(
      images.map((i) => i.tex),
      payloads,
    );
    safe(images, 'payloads');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    for (const doc of hostileDocuments(1)) {
      const language = doc.format === 'latex' ? 'latex' : 'markdown';
      const editor = await vscode.window.showTextDocument(
        await vscode.workspace.openTextDocument({ language, content: doc.text }),
      );
      safe(await settled(probe, editor, `the images of ${doc.name}`, () => true, 60_000), doc.name);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    assert.equal(api.reportedErrors, errorsBefore, 'no error notification');
  });
});
