// The search bar's text split into words as a POSIX shell would (quotes and
// backslashes), so `-f "/tmp/a b"` means what it means to `auspex search`.
// Words are kept as typed; nothing is expanded.

export type WordsResult = { readonly ok: true; readonly words: string[] } | { readonly ok: false; readonly message: string };

export function splitWords(text: string): WordsResult {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { ok: false, message: `unclosed ' quote at character ${i + 1}` };
      word += text.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return { ok: false, message: 'unclosed " quote' };
        const c = text[i] as string;
        if (c === '"') break;
        // Inside double quotes a backslash escapes only these (as in sh).
        if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) {
          word += text[i + 1];
          i += 2;
          continue;
        }
        word += c;
        i++;
      }
      i++;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) return { ok: false, message: 'a backslash ends the text' };
      word += text[i + 1];
      i += 2;
    } else {
      word += ch;
      i++;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}
