import EmailReplyParser from 'email-reply-parser';

/**
 * Most lines the reply parser reads. Its time grows with the square of the number of lines (blank ones
 * above all: 8,000 empty lines took seconds, 64,000 minutes); what a person wrote is at the start.
 */
const MAX_LINES = 2000;

/**
 * The text a person wrote, without the quoted history of earlier mails ("El … escribió:", "On … wrote:",
 * `>` lines, signatures). Falls back to the full text when stripping would leave nothing.
 */
export function stripQuotedHistory(text: string): string {
  if (text.trim() === '') return '';
  let visible: string;
  try {
    visible = new EmailReplyParser().parseReply(bounded(text));
  } catch {
    return text.trim();
  }
  const trimmed = visible.trim();
  return trimmed === '' ? text.trim() : trimmed;
}

/** The parser's input: runs of blank lines as one, at most MAX_LINES lines. */
function bounded(text: string): string {
  const out: string[] = [];
  let blank = false;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const isBlank = line.trim() === '';
    if (isBlank && blank) continue;
    blank = isBlank;
    out.push(isBlank ? '' : line);
    if (out.length >= MAX_LINES) break;
  }
  return out.join('\n');
}
