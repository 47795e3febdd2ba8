import type { AppConfig } from '../../../platform/config';
import type { Clock } from '../../../platform/clock';
import { ChangeCache } from '../../../platform/cache';
import type { Db } from '../../../platform/database/transaction';
import { localeFromSlack, type Locale } from '../../../platform/i18n/locales';
import type { Logger } from '../../../platform/logger';
import type { SlackClient } from '../../../platform/slack/types';
import type { Actor, MemberWithOrganization } from '../domain/types';
import { findMemberByUserId, findMembersByUserIds, listMembers, updateMemberLocale } from '../store/members-store';
import { slackUserInfo } from './slack-users';

const LOCALE_TTL_MS = 24 * 60 * 60 * 1000;

function localeStale(member: MemberWithOrganization | null, now: Date, checkedAt: Date | undefined): boolean {
  if (!member) return false;
  const last = Math.max(member.localeCheckedAt?.getTime() ?? Number.NEGATIVE_INFINITY, checkedAt?.getTime() ?? Number.NEGATIVE_INFINITY);
  return now.getTime() - last > LOCALE_TTL_MS;
}

/** Who is asking, as other areas' use cases reach it (the network area's entry file exports this type). */
export interface ActorService {
  resolve(userId: string, teamId: string | null): Promise<Actor>;
  /** The language to write to another user in (a DM), without asking Slack. */
  localeOf(userId: string): Promise<Locale>;
  /** Coordinators' user ids, for "ask a coordinator" messages. */
  coordinatorIds(): Promise<string[]>;
}

export interface ActorsDeps {
  db: Db;
  clock: Clock;
  client: SlackClient;
  config: Pick<AppConfig, 'adminUserIds' | 'defaultLocale'>;
  logger: Logger;
}

/**
 * Who is asking, with their role and language. The Slack locale is looked up once with
 * users.info (include_locale) and kept on the member for a day; a slow or failing Slack
 * falls back to DEFAULT_LOCALE rather than delaying the 3-second ack.
 *
 * Every request starts here, so answers are kept in memory for as long as the directory does not
 * change (a ChangeCache: every change to members or organizations, by any process, empties it at
 * commit, so a removed member loses access at once). A non-member's answer includes the language
 * Slack gave, so they do not cost a users.info on every request either.
 */
export class Actors implements ActorService {
  /** Per user: the member (null for a non-member) and, for a non-member, Slack's language. */
  readonly cache = new ChangeCache<{ member: MemberWithOrganization | null; locale: Locale | undefined }>(['members', 'organizations']);

  /**
   * When Slack last confirmed a member's language unchanged. Kept here, not written: a write to the
   * member's row at their first request of the day would sit beside that request's own writes in
   * a copy of the database (an anonymous vote, issue 14). Only a changed language is written.
   */
  private readonly localeConfirmed = new Map<string, Date>();

  /** Users whose directory entry is being read together, and who waits for each. */
  private gathering: Map<string, Array<{ resolve: (member: MemberWithOrganization | null) => void; reject: (error: unknown) => void }>> | undefined;

  constructor(private readonly deps: ActorsDeps) {}

  async resolve(userId: string, teamId: string | null): Promise<Actor> {
    const { member, locale } = await this.lookup(userId, this.deps.clock.now());
    const isConfiguredAdmin = this.deps.config.adminUserIds.includes(userId);
    return {
      userId,
      teamId,
      member,
      role: isConfiguredAdmin ? 'coordinator' : (member?.role ?? null),
      isConfiguredAdmin,
      locale: locale ?? this.deps.config.defaultLocale,
    };
  }

  async localeOf(userId: string): Promise<Locale> {
    const member = await findMemberByUserId(this.deps.db.q, userId);
    return member?.locale ?? this.deps.config.defaultLocale;
  }

  /**
   * The user's language from Slack alone, for when the directory cannot be read (the database is
   * down): the "temporarily unavailable" reply still comes in their language.
   */
  async fallbackLocale(userId: string): Promise<Locale> {
    return (await this.lookupLocale(userId)).locale ?? this.deps.config.defaultLocale;
  }

  async coordinatorIds(): Promise<string[]> {
    const fromDirectory = (await listMembers(this.deps.db.q, { roles: ['coordinator'] })).map((m) => m.userId);
    return [...new Set([...this.deps.config.adminUserIds, ...fromDirectory])];
  }

  private async lookup(userId: string, now: Date): Promise<{ member: MemberWithOrganization | null; locale: Locale | undefined }> {
    const cached = this.cache.get(userId);
    if (cached && !localeStale(cached.member, now, this.localeConfirmed.get(userId))) return { member: cached.member, locale: cached.member ? (cached.member.locale ?? undefined) : cached.locale };
    const version = this.cache.version();
    const member = await this.member(userId);
    let locale: Locale | undefined = member?.locale ?? undefined;
    let answered = !!member && !localeStale(member, now, this.localeConfirmed.get(userId));
    if (!answered) {
      const looked = await this.lookupLocale(userId);
      answered = looked.answered;
      if (looked.answered) {
        locale = looked.locale;
        if (member && (looked.locale ?? null) === (member.locale ?? null) && member.localeCheckedAt) {
          this.localeConfirmed.set(userId, now);
        } else if (member) {
          // A change to the directory: it empties the cache, so this answer is not kept.
          await this.deps.db.write(['members'], (q) => updateMemberLocale(q, userId, looked.locale ?? null, now));
        }
      }
    }
    if (answered) this.cache.set(userId, { member, locale }, version);
    return { member, locale };
  }

  /**
   * One user's directory entry. The requests whose work starts together (a burst of clicks let go
   * after their acks, src/platform/slack/ack-first.ts) ask in the same turn: they are read in one
   * query instead of one each.
   */
  private member(userId: string): Promise<MemberWithOrganization | null> {
    if (!this.gathering) {
      const gathering = new Map<string, Array<{ resolve: (member: MemberWithOrganization | null) => void; reject: (error: unknown) => void }>>();
      this.gathering = gathering;
      queueMicrotask(() => {
        this.gathering = undefined;
        findMembersByUserIds(this.deps.db.q, [...gathering.keys()]).then(
          (members) => gathering.forEach((waiting, id) => waiting.forEach((w) => w.resolve(members.get(id) ?? null))),
          (error: unknown) => gathering.forEach((waiting) => waiting.forEach((w) => w.reject(error))),
        );
      });
    }
    const gathering = this.gathering;
    return new Promise((resolve, reject) => {
      const waiting = gathering.get(userId) ?? [];
      waiting.push({ resolve, reject });
      gathering.set(userId, waiting);
    });
  }

  private async lookupLocale(userId: string): Promise<{ answered: boolean; locale?: Locale }> {
    try {
      const info = await slackUserInfo(this.deps.client, userId, { includeLocale: true });
      return { answered: true, locale: localeFromSlack(info.user?.locale) };
    } catch (error) {
      this.deps.logger.debug({ user: userId, err: error instanceof Error ? error.message : String(error) }, 'locale lookup failed');
      return { answered: false };
    }
  }
}
