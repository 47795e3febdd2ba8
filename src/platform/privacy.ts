import type { Queryable, Transaction } from './database/transaction';
import type { JsonValue } from './outbox/outbox-store';

/**
 * Where the app keeps a candidate's pseudonymous code (DESIGN.md §7: art. 10 data). Every area that
 * stores codes registers one holder, so that an access request and an erasure reach all of them:
 * the offers area (referrals), the pathways area (pathways and milestones), and whatever comes next.
 */
export interface CodeHolder {
  /** The area's name, as the access export titles its part. */
  area: string;
  /** The tables that hold codes or their notes: after an erasure or a retention pass they are rewritten, so nothing of a code stays in the files. */
  tables: readonly string[];
  /** Everything the area holds about the code, for an access request (JSON records; an empty list when nothing). */
  access(q: Queryable, code: string): Promise<Array<{ [key: string]: JsonValue }>>;
  /** Erases the code, and the free text that came with it, everywhere the area keeps it, in the caller's transaction. */
  erase(trx: Transaction, code: string, now: Date): Promise<ErasureEffects>;
}

/** What Slack shows that still carries an erased code: the erasure updates it after commit. */
export interface ErasureEffects {
  /** Members whose App Home listed the code. */
  homes: readonly string[];
  /** Channel messages mirroring an entity that showed the code (republished by the publisher). */
  messages: ReadonlyArray<{ entityType: string; entityId: number }>;
  /** One-shot posts already sent that showed the code (outbox rows: updated or deleted in Slack). */
  posts: readonly number[];
}

export class CodeHolders {
  private readonly holders = new Map<string, CodeHolder>();

  register(holder: CodeHolder): void {
    if (this.holders.has(holder.area)) throw new Error(`code holder ${holder.area} registered twice`);
    this.holders.set(holder.area, holder);
  }

  list(): CodeHolder[] {
    return [...this.holders.values()];
  }
}
