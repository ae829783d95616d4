import { DrobotError } from '../errors/drobot-error.js';
import type { Database, Executor } from '../storage/database.js';
import { caseWriteBatchOf } from './case-write-batch.js';
import { caseErrors } from './case.errors.js';
import { CaseRepository } from './case.repository.js';
import {
  CASE_STATUSES,
  type Case,
  type CaseMessage,
  type CaseQuery,
  type CaseStatus,
  type MailAddress,
  type MessageIdRow,
  type NewMessage,
} from './case.types.js';

export interface CaseWithMessages {
  readonly case: Case;
  readonly messages: readonly CaseMessage[];
}

export interface OpenedCase {
  readonly caseId: number;
  readonly messageId: number;
}

/** A person's new mail on a case waiting for them, or already resolved, puts the case back to work. */
export function statusAfterInbound(
  current: CaseStatus,
  message: Pick<NewMessage, 'classification'>,
): CaseStatus {
  if (message.classification !== 'normal') return current;
  return current === 'pending' || current === 'resolved' ? 'open' : current;
}

/**
 * The case store's operations. Writes take the caller's executor so the inbound pipeline can put the case
 * change and the mail's identity in one transaction; reads and status changes open their own.
 */
export class CaseService {
  constructor(
    private readonly database: Database,
    private readonly repo = new CaseRepository(),
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Opens a new case whose first message is `message`, from `requester`. */
  async openCase(
    ex: Executor,
    input: {
      subject: string;
      requester: MailAddress;
      sourceAccountId: number | null;
      message: NewMessage;
    },
  ): Promise<OpenedCase> {
    const now = this.clock().toISOString();
    return this.repo.openCase(
      ex,
      {
        requester: input.requester,
        subject: input.subject.trim() || '(sin asunto)',
        sourceAccountId: input.sourceAccountId,
        message: input.message,
      },
      now,
    );
  }

  /**
   * Runs `then` with the case's stored id once its rows are written: at once, or at the end of the build
   * batch that holds them (see case-write-batch.ts).
   */
  async whenWritten(ex: Executor, caseId: number, then: (caseId: number) => Promise<void>): Promise<void> {
    const batch = caseWriteBatchOf(ex);
    if (batch?.isHeld(caseId)) batch.whenWritten(caseId, then);
    else await then(batch ? batch.idOf(caseId) : caseId);
  }

  /** Adds a message to an existing case and updates its status and activity time. */
  async addMessage(ex: Executor, caseId: number, message: NewMessage): Promise<number> {
    const now = this.clock().toISOString();
    // The status changes this message makes, whatever the case's status is now: one update finds the case
    // and moves it (no read first).
    const transitions = new Map<CaseStatus, CaseStatus>();
    if (message.direction === 'in') {
      for (const from of CASE_STATUSES) {
        const to = statusAfterInbound(from, message);
        if (to !== from) transitions.set(from, to);
      }
    }
    const id = await this.repo.touchAndInsertMessage(ex, caseId, transitions, message, now);
    if (id === undefined) throw new DrobotError(caseErrors.caseNotFound, { params: { id: caseId } });
    return id;
  }

  /** The messages carrying these Message-IDs, with their cases (a build batch's thread index). */
  messagesWithIds(ex: Executor, messageIds: readonly string[]): Promise<MessageIdRow[]> {
    return this.repo.messagesWithIds(ex, messageIds);
  }

  /** The sent notifications of a case carrying these Message-IDs (a build batch's thread index). */
  sentWithIds(ex: Executor, messageIds: readonly string[]): Promise<MessageIdRow[]> {
    return this.repo.sentWithIds(ex, messageIds);
  }

  /** The case that holds a message with one of these Message-IDs, if any. */
  findCaseByMessageIds(ex: Executor, messageIds: readonly string[]): Promise<number | undefined> {
    return this.repo.findCaseIdByMessageIds(ex, messageIds);
  }

  /** The id of the case with this number (what the subject tag shows), if any. */
  async findCaseByNumber(ex: Executor, number: number): Promise<number | undefined> {
    return (await this.repo.findCaseByNumber(ex, number))?.id;
  }

  async exists(ex: Executor, caseId: number): Promise<boolean> {
    return this.repo.caseExists(ex, caseId);
  }

  list(query: CaseQuery = {}): Promise<Case[]> {
    return this.repo.listCases(this.database.db, query);
  }

  /** One case with its messages, or a `case_not_found` error. */
  async get(caseId: number): Promise<CaseWithMessages> {
    const found = await this.repo.findCase(this.database.db, caseId);
    if (!found) throw new DrobotError(caseErrors.caseNotFound, { params: { id: caseId } });
    return { case: found, messages: await this.repo.listMessages(this.database.db, caseId) };
  }
}
