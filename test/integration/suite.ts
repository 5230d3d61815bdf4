// Every integration test file, imported after mocha has defined `suite` and `test`.
import './activation.test';
import './document-symbols.test';
import './samples.test';
import './preview.test';
import './markdown-preview.test';
import './hover.test';
import './diagnostics.test';
import './code-lens.test';
import './commands.test';
import './copy-python.test';
import './printed-values.test';
import './macro-files.test';
import './restricted.test';
import './l10n.test';
import './inline.test';
import './hostile.test';
