/**
 * The reply code a line starts with (three digits, then a space, a hyphen or nothing), or undefined when
 * the line is no SMTP reply (RFC 5321 §4.2). Pure.
 */
export function replyCodeOf(line: string): number | undefined {
  let code = 0;
  for (let i = 0; i < 3; i++) {
    const digit = line.charCodeAt(i) - 0x30;
    if (!(digit >= 0 && digit <= 9)) return undefined;
    code = code * 10 + digit;
  }
  return code;
}
