import type { LocalizedText } from './i18n/messages';

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
