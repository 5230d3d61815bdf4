// A separate chunk of the Node host bundle: formula evaluation brings mathjs, which activation must not load.
export * from '../core/attention/evaluate';
export * from '../core/attention/python-script';
