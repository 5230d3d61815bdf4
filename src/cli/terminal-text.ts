// Text from a document on its way to a terminal: control characters in a note (an ANSI escape such as ESC[2J,
// an OSC 8 hyperlink, a carriage return, NUL) would act on the terminal if printed raw, so each is shown as its
// visible symbol instead. Line breaks and tabs stay: they are the output's own layout.

/** C0 controls other than tab and line feed, DEL, and the C1 controls (which some terminals also obey). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** U+2400..U+241F picture each C0 control and U+2421 DEL; C1 controls have no picture and become U+FFFD. */
function picture(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  return code === 0x7f ? '\u2421' : '\ufffd';
}

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, picture);
}
