// Splits a byte stream into lines at the byte level, so that byte offsets are exact, a multi-byte character is never
// cut, and one absurdly long line costs bounded memory (its bytes past the limit are counted, not kept).

export interface Line {
  /** Decoded text without the line ending (\n or \r\n); a leading BOM is removed. */
  text: string;
  /** Raw bytes of the first line and of an unterminated last line: a folder stream may join the two across files. */
  raw?: Buffer;
  /** 1-based line number. */
  number: number;
  byteStart: number;
  byteEnd: number;
  /** False for a last line with no newline after it. */
  terminated: boolean;
  /** Set when the line exceeded the limit: the text is empty and the line must be rejected. */
  tooLong?: boolean;
  /** Length of the line in bytes, without its line ending. */
  length: number;
  /** Set when invalid UTF-8 was replaced with U+FFFD. */
  replaced?: boolean;
  /** For a line joined across two chunk files: where the second file's part begins. */
  joined?: { file: string; charIndex: number };
}

const REPLACEMENT = "\uFFFD";
const ENCODED_REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/** Decodes UTF-8, replacing invalid bytes; reports whether any replacement happened (not counting a literal U+FFFD). */
export function decodeUtf8(bytes: Buffer): { text: string; replaced: boolean } {
  const text = bytes.toString("utf8");
  if (!text.includes(REPLACEMENT)) return { text, replaced: false };
  const literal = countOf(bytes, ENCODED_REPLACEMENT);
  let produced = 0;
  for (let i = text.indexOf(REPLACEMENT); i >= 0; i = text.indexOf(REPLACEMENT, i + 1)) produced++;
  return { text, replaced: produced > literal };
}

function countOf(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

export interface LineOptions {
  /** Longest line kept, in bytes. */
  maxLineBytes: number;
}

/** Yields the lines of a byte stream. A UTF-8 BOM at the start is dropped; a trailing \r is stripped. */
export async function* readLines(source: AsyncIterable<Uint8Array>, opts: LineOptions): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let overflow = false;
  let lineBytes = 0;
  let lineStart = 0;
  let offset = 0; // bytes consumed before the current chunk
  let number = 0;
  let first = true;

  const finish = (terminated: boolean, end: number): Line => {
    number++;
    const length = lineBytes;
    lineBytes = 0;
    if (overflow) {
      const line: Line = {
        text: "",
        number,
        byteStart: lineStart,
        byteEnd: end,
        terminated,
        tooLong: true,
        length,
      };
      parts = [];
      partBytes = 0;
      overflow = false;
      return line;
    }
    let bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, partBytes);
    parts = [];
    partBytes = 0;
    if (first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    first = false;
    if (terminated && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    const { text, replaced } = decodeUtf8(bytes);
    const line: Line = { text, number, byteStart: lineStart, byteEnd: end, terminated, length };
    if (replaced) line.replaced = true;
    if (!terminated || number === 1) line.raw = Buffer.from(bytes);
    return line;
  };

  const keep = (bytes: Buffer) => {
    lineBytes += bytes.length;
    if (overflow) return;
    if (partBytes + bytes.length > opts.maxLineBytes) {
      overflow = true;
      parts = [];
      partBytes = 0;
      return;
    }
    parts.push(bytes);
    partBytes += bytes.length;
  };

  for await (const raw of source) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
      keep(chunk.subarray(from, nl));
      yield finish(true, offset + nl + 1);
      from = nl + 1;
      lineStart = offset + from;
    }
    if (from < chunk.length) keep(Buffer.from(chunk.subarray(from)));
    offset += chunk.length;
  }
  if (partBytes > 0 || overflow) yield finish(false, offset);
}
