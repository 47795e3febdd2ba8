import { recordAudit } from './audit/audit-store';
import type { Db, Queryable } from './database/transaction';
import type { LocalizedText } from './i18n/messages';
import { saveNotificationChoices, turnedOffKinds } from './notifications-store';

/**
 * The kinds of DM a member can turn off (DESIGN.md §5: each kind switchable by the recipient).
 * An area registers each kind it sends as an outbox post (`name` is the post kind's name) with a
 * label in the reader's language; the App Home lists them as switches, and the outbox asks the
 * member's settings (People.wants) before it delivers one.
 */
export interface NotificationKind {
  /** The outbox post kind (`offers.reminder`). */
  name: string;
  /** What the switch says ("Promemoria delle scadenze delle offerte"). */
  label: LocalizedText;
}

export class NotificationKinds {
  private readonly kinds = new Map<string, NotificationKind>();

  register(kind: NotificationKind): void {
    if (this.kinds.has(kind.name)) throw new Error(`notification kind ${kind.name} registered twice`);
    this.kinds.set(kind.name, kind);
  }

  /** Every kind, in the order the areas registered them. */
  list(): NotificationKind[] {
    return [...this.kinds.values()];
  }

  has(name: string): boolean {
    return this.kinds.has(name);
  }
}

/** One kind as a member's switch shows it: on unless they turned it off. */
export interface NotificationSwitch {
  name: string;
  label: LocalizedText;
  enabled: boolean;
}

/**
 * Each member's notification settings (table notification_settings): a row only for a choice the
 * member made, so every kind is on until they turn it off. The outbox asks `wants` before a DM.
 */
export class NotificationSettings {
  constructor(
    private readonly kinds: NotificationKinds,
    private readonly db: Db,
  ) {}

  /** Whether a person wants DMs of this kind (a kind nobody registered is always sent). */
  async wants(userId: string, kind: string): Promise<boolean> {
    if (!this.kinds.has(kind)) return true;
    const off = await turnedOffKinds(this.db.q, userId);
    return !off.has(kind);
  }

  /** Every registered kind, with the person's choice. */
  async of(userId: string, q: Queryable = this.db.q): Promise<NotificationSwitch[]> {
    const off = await turnedOffKinds(q, userId);
    return this.kinds.list().map((k) => ({ name: k.name, label: k.label, enabled: !off.has(k.name) }));
  }

  /** Keeps exactly `enabled` on (unknown names are ignored); audited. Returns the switches as they are now. */
  async set(userId: string, enabled: readonly string[], now: Date): Promise<NotificationSwitch[]> {
    const choices = this.kinds.list().map((k) => ({ kind: k.name, enabled: enabled.includes(k.name) }));
    await this.db.transaction([], async (trx) => {
      const before = [...(await turnedOffKinds(trx, userId))].sort();
      await saveNotificationChoices(trx, userId, choices, now);
      const after = choices.filter((c) => !c.enabled).map((c) => c.kind).sort();
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        await recordAudit(trx, { actorUserId: userId, action: 'notifications.settings', entity: 'member', entityId: userId, before: { off: before }, after: { off: after } });
      }
    });
    return this.of(userId);
  }
}
