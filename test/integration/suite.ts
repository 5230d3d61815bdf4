// Every integration test file, imported after mocha has defined `suite` and `test`.
import './activation.test';
