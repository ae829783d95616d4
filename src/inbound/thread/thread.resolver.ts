import type { Executor } from '../../storage/database.js';
import { caseNumberInSubject } from './case-tag.js';

/** Checks a DRobot-signed case Message-ID (`<case.{id}.{nonce}.{sig}@…>`); the case id when genuine. */
export type CaseMessageIdVerifier = (messageId: string) => number | undefined;

/** Where a mail belongs. */
export type ThreadMatch =
  | { readonly kind: 'existing'; readonly caseId: number; readonly by: 'tag' | 'signed-id' | 'message-id' }
  | { readonly kind: 'new' };

export interface ThreadInput {
  readonly subject: string;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  /** For delivery reports: the Message-IDs of the mail the report is about. */
  readonly reportedMessageIds: readonly string[];
}

export interface ThreadDeps {
  readonly tagPattern: RegExp;
  readonly verifySigned: CaseMessageIdVerifier;
  caseIdByNumber(ex: Executor, number: number): Promise<number | undefined>;
  caseExists(ex: Executor, caseId: number): Promise<boolean>;
  caseIdByMessageIds(ex: Executor, ids: readonly string[]): Promise<number | undefined>;
}

/** The Message-IDs a mail points at, nearest first: In-Reply-To, then References from the end. Pure. */
export function referencedIds(input: ThreadInput): string[] {
  const ids = [input.inReplyTo, ...[...input.references].reverse(), ...input.reportedMessageIds];
  return [...new Set(ids.filter((id): id is string => !!id))];
}

/**
 * Finds the case a mail belongs to, in order: the case tag in the subject, a signed case Message-ID among
 * the ids it refers to, a Message-ID stored on a case; otherwise it is new.
 */
export async function resolveThread(
  ex: Executor,
  input: ThreadInput,
  deps: ThreadDeps,
): Promise<ThreadMatch> {
  const number = caseNumberInSubject(input.subject, deps.tagPattern);
  if (number !== undefined) {
    const caseId = await deps.caseIdByNumber(ex, number);
    if (caseId !== undefined) return { kind: 'existing', caseId, by: 'tag' };
  }
  const ids = referencedIds(input);
  for (const id of ids) {
    const caseId = deps.verifySigned(id);
    if (caseId !== undefined && (await deps.caseExists(ex, caseId))) {
      return { kind: 'existing', caseId, by: 'signed-id' };
    }
  }
  const caseId = await deps.caseIdByMessageIds(ex, ids);
  if (caseId !== undefined) return { kind: 'existing', caseId, by: 'message-id' };
  return { kind: 'new' };
}
