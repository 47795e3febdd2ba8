import { requireCoordinator } from '../domain/permissions';
import { networkMessages } from '../messages';
import type { Actor } from '../domain/types';
import { auditRowsMentioning, auditRowsWith, eraseFromAudit, recordAudit, type AuditRow } from '../../../platform/audit/audit-store';
import { rewriteAtRest, type AtRestReport } from '../../../platform/database/at-rest';
import type { Queryable } from '../../../platform/database/transaction';
import type { JsonValue } from '../../../platform/outbox/outbox-store';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import type { Platform } from '../../../platform/runtime';
import { calendarDateIn } from '../../../platform/time';

const NOTHING_REWRITTEN: AtRestReport = { rewritten: [], statistics: false, walSwitched: false, checkpointed: false };

/** What replaces an erased code in the audit log's details. */
export const ERASED_PLACEHOLDER = '[erased]';
/** The purpose of the keyed hash that names a code in the audit rows of privacy requests (never the code itself). */
const AUDIT_MAC_PURPOSE = 'privacy-audit-code';

export type PrivacyPlatform = Pick<Platform, 'db' | 'backgroundDb' | 'clock' | 'logger' | 'config' | 'codeHolders' | 'secrets' | 'publisher' | 'outbox' | 'homeTabs'>;

/** How much the app holds about a code, per area (and in the audit log). */
export interface CodeHoldings {
  code: string;
  /** Records per area that holds some (the audit log as `audit`). */
  areas: Array<{ area: string; records: number }>;
  total: number;
}

export interface ErasureResult extends CodeHoldings {
  /** Audit rows whose details mentioned the code. */
  auditRows: number;
  homes: number;
  messages: number;
  posts: number;
  /** What the rewrite of the tables and the write-ahead log managed (nothing left at rest). */
  atRest: AtRestReport;
}

/** The access export: one JSON file, built here; the Slack side delivers it. */
export interface AccessFile {
  code: string;
  filename: string;
  content: string;
  total: number;
}

function json(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

function auditJson(rows: readonly AuditRow[]): JsonValue[] {
  return rows.map((a) => ({ id: a.id, at: a.at.toISOString(), actor: a.actorUserId, action: a.action, entity: a.entity, entityId: a.entityId, before: json(a.before), after: json(a.after) }));
}

/**
 * Privacy requests about a candidate code (DESIGN.md §7), for coordinators: what the app holds
 * (an access request, as one JSON file) and its erasure everywhere. Every area that keeps codes
 * registered a CodeHolder (platform.codeHolders); this use case asks each of them. Both requests
 * are audited under a keyed hash of the code (platform.secrets), never the code itself.
 */
export class PrivacyRequests {
  constructor(private readonly platform: PrivacyPlatform) {}

  private codeMac(code: string): string {
    return this.platform.secrets.mac(AUDIT_MAC_PURPOSE, code);
  }

  private async holdings(q: Queryable, code: string): Promise<CodeHoldings> {
    const areas: CodeHoldings['areas'] = [];
    for (const holder of this.platform.codeHolders.list()) {
      const records = (await holder.access(q, code)).length;
      if (records > 0) areas.push({ area: holder.area, records });
    }
    const audit = (await auditRowsMentioning(q, code)).length;
    if (audit > 0) areas.push({ area: 'audit', records: audit });
    return { code, areas, total: areas.reduce((n, a) => n + a.records, 0) };
  }

  /** What an erasure would remove, for the confirmation (coordinators). */
  async preview(actor: Actor, code: string): Promise<CodeHoldings> {
    requireCoordinator(actor);
    return this.holdings(this.platform.db.q, code);
  }

  /**
   * Erases the code everywhere, in one transaction: every holder, the audit log's details; then
   * the channel messages mirroring what showed it are republished, the one-shot posts already sent
   * are updated (or deleted) in Slack, and the App Homes that listed it are republished.
   */
  async erase(actor: Actor, code: string): Promise<ErasureResult> {
    requireCoordinator(actor);
    const { db, clock, publisher, outbox, homeTabs, codeHolders } = this.platform;
    const now = clock.now();
    const result = await db.transaction([], async (trx) => {
      const before = await this.holdings(trx, code);
      const homes = new Set<string>();
      const messages = new Map<string, { entityType: string; entityId: number }>();
      const posts = new Set<number>();
      for (const holder of codeHolders.list()) {
        const effects = await holder.erase(trx, code, now);
        effects.homes.forEach((h) => homes.add(h));
        effects.messages.forEach((m) => messages.set(`${m.entityType}:${m.entityId}`, m));
        effects.posts.forEach((p) => posts.add(p));
      }
      const auditRows = await eraseFromAudit(trx, code, ERASED_PLACEHOLDER);
      for (const m of messages.values()) await markEntityChanged(trx, m.entityType, m.entityId);
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'privacy.erase',
        entity: 'candidate_code',
        entityId: null,
        after: { codeMac: this.codeMac(code), records: before.total, areas: before.areas.map((a) => a.area) },
      });
      return { ...before, auditRows, homes: [...homes], messages: messages.size, posts: [...posts] };
    });
    // Rewritten before anything else reads the tables again: VACUUM FULL keeps an old row version
    // that a transaction still running may see (a Home being rendered), so it goes first.
    const tables = [...codeHolders.list().flatMap((h) => h.tables), 'audit_log'];
    // Nothing was held: nothing to rewrite (a second click on the same button).
    const atRest = result.total > 0 ? await rewriteAtRest(this.platform.backgroundDb.q, tables, this.platform.logger) : NOTHING_REWRITTEN;
    publisher.kick();
    homeTabs.refresh(result.homes);
    await outbox.refreshSent(result.posts);
    return { ...result, homes: result.homes.length, posts: result.posts.length, atRest };
  }

  /** Everything the app holds about the code, as one JSON file (an access request); audited. */
  async accessExport(actor: Actor, code: string): Promise<AccessFile> {
    requireCoordinator(actor);
    const { db, clock, config, codeHolders } = this.platform;
    const now = clock.now();
    const mac = this.codeMac(code);
    const areas: { [area: string]: JsonValue } = {};
    let total = 0;
    for (const holder of codeHolders.list()) {
      const records = await holder.access(db.q, code);
      areas[holder.area] = records;
      total += records.length;
    }
    const mentioning = await auditRowsMentioning(db.q, code);
    const requests = await auditRowsWith(db.q, 'codeMac', mac);
    total += mentioning.length;
    await db.write([], (q) =>
      recordAudit(q, { actorUserId: actor.userId, action: 'privacy.access', entity: 'candidate_code', entityId: null, after: { codeMac: mac, records: total } }),
    );
    const document = {
      code,
      exportedAt: now.toISOString(),
      exportedBy: actor.userId,
      areas,
      /** Audit rows whose details mention the code. */
      auditLog: auditJson(mentioning),
      /** Earlier access requests and erasures about the code (they name it by a keyed hash only). */
      privacyRequests: auditJson(requests),
    };
    return {
      code,
      filename: `${networkMessages(actor.locale).privacy.file_prefix}-${code}-${calendarDateIn(now, config.timezone)}.json`,
      content: `${JSON.stringify(document, null, 2)}\n`,
      total,
    };
  }
}
