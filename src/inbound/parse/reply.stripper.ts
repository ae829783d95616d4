import EmailReplyParser from 'email-reply-parser';

/**
 * The text a person wrote, without the quoted history of earlier mails ("El … escribió:", "On … wrote:",
 * `>` lines, signatures). Falls back to the full text when stripping would leave nothing.
 */
export function stripQuotedHistory(text: string): string {
  if (text.trim() === '') return '';
  let visible: string;
  try {
    visible = new EmailReplyParser().parseReply(text.replace(/\r\n/g, '\n'));
  } catch {
    return text.trim();
  }
  const trimmed = visible.trim();
  return trimmed === '' ? text.trim() : trimmed;
}
