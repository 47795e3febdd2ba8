import { formatPercent } from '../../../platform/i18n/messages';
import { commonMessages } from '../../../platform/i18n/common';
import type { Locale } from '../../../platform/i18n/locales';
import { formatCalendarDate, formatInstant } from '../../../platform/time';
import type { Block, HomeView } from '../../../platform/slack/types';
import { context, divider, escapeMrkdwn, header, LIMITS, plain, section } from '../../../platform/slack/blocks';
import { fileImage } from '../../../platform/slack/charts';
import { offersLabels, REFERRAL_COUNT_KEYS, type WaitingReferral } from '../../offers';
import { answeredPollsBlocks, type PollSummary } from '../../polls';
import { pathwaysMessages } from '../../pathways';
import { delegateButton, markDoneButton, rsvpButtons } from '../../table';
import type { HomeModel } from '../domain/model';
import { digestMessages } from '../messages';
import { figuresTable } from './chart-views';
import { actionLine, listSection, MAX_ITEMS, offerLine, referralCount } from './digest-views';

function welcome(model: HomeModel, locale: Locale): Block[] {
  const h = digestMessages(locale).home;
  const ids = model.coordinatorIds.slice(0, 5).map((id) => `<@${id}>`).join(', ');
  return [header(h.welcome_header), section(h.welcome), section(ids ? h.not_member({ coordinators: ids }) : h.not_member_no_coordinators)];
}

/** One waiting referral; the code only when the model carries it (the offers area applied the visibility rule). */
export function waitingLine(r: WaitingReferral, locale: Locale, tz: string): string {
  const h = digestMessages(locale).home;
  const line = h.waiting_line({
    offer: escapeMrkdwn(r.offerTitle),
    offering: escapeMrkdwn(r.offeringOrganization),
    referring: escapeMrkdwn(r.referringOrganization),
    status: offersLabels(locale).referralStatus(r.status),
    since: formatInstant(r.since, tz, locale, 'date'),
  });
  return r.code ? `${line} · ${h.waiting_code({ code: `\`${escapeMrkdwn(r.code)}\`` })}` : line;
}

/** A poll the member can vote on, with where its vote buttons are. */
export function votableLine(p: PollSummary, locale: Locale, tz: string): string {
  const m = digestMessages(locale);
  const parts = [`• ${escapeMrkdwn(p.question)}`];
  if (p.closesAt) parts.push(m.message.closes({ date: formatInstant(p.closesAt, tz, locale) }));
  if (p.channelId) parts.push(m.home.poll_where({ channel: `<#${p.channelId}>` }));
  return parts.join(' · ');
}

function memberSections(model: HomeModel, locale: Locale, tz: string): Block[] {
  const m = digestMessages(locale);
  const h = m.home;
  const out: Block[] = [];
  if (model.offers) {
    const { open, referralsWaiting, waiting } = model.offers;
    // A coordinator outside any organization (configured admin) has no "own offers" line.
    if (open.length) out.push(listSection(h.open_offers({ count: open.length }), open.map((o) => offerLine(o, locale)), locale));
    else if (model.viewer?.organization) out.push(section(h.no_open_offers));
    if (waiting?.length) {
      const title = h.waiting_referrals({ count: referralsWaiting });
      out.push(listSection(title, waiting.map((r) => waitingLine(r, locale, tz)), locale, MAX_ITEMS, Math.max(referralsWaiting, waiting.length)));
    } else if (referralsWaiting) out.push(context([h.referrals_waiting({ count: referralsWaiting })]));
  }
  if (model.meeting) {
    const next = model.meeting.next;
    if (!next) out.push(section(h.no_meeting));
    else {
      const when = [escapeMrkdwn(next.title), formatInstant(next.startsAt, tz, locale), next.place ? escapeMrkdwn(next.place) : undefined].filter(Boolean).join(' · ');
      const lines = [h.next_meeting({ meeting: when }), h.my_rsvp({ answer: h.rsvp[next.myRsvp ?? 'none'] })];
      if (next.delegateUserId) lines.push(h.delegate({ user: `<@${next.delegateUserId}>` }));
      if (next.organizationStatus) lines.push(h.organization_status({ status: h.organization_statuses[next.organizationStatus] }));
      out.push(section(lines.join('\n')));
      if (next.canAnswer) {
        // The table's own buttons (and handlers).
        out.push({ type: 'actions', block_id: `home_rsvp_${next.id}`, elements: [...rsvpButtons(next, locale), delegateButton(next.id, locale)] });
      }
    }
  }
  if (model.polls) {
    const { votable } = model.polls;
    out.push(
      votable.length
        ? listSection(
            h.votable_polls({ count: votable.length }),
            votable.map((p) => votableLine(p, locale, tz)),
            locale,
          )
        : section(h.no_votable_polls),
    );
    // The polls the member answered, with their answer and the polls area's own withdraw button.
    out.push(...answeredPollsBlocks(model.polls.answered ?? [], locale, tz));
  }
  if (model.actions) {
    const { mine, canComplete } = model.actions;
    if (!mine.length) out.push(section(h.no_actions));
    else if (!canComplete) out.push(listSection(h.my_actions({ count: mine.length }), mine.map((a) => actionLine(a, locale)), locale));
    else {
      // One section per item, with its "done" button (the table's own handler).
      out.push(section(h.my_actions({ count: mine.length })));
      for (const a of mine.slice(0, MAX_ITEMS)) out.push(Object.assign(section(actionLine(a, locale)), { accessory: markDoneButton(a.id, locale) }));
      if (mine.length > MAX_ITEMS) out.push(context([`${m.message.more({ count: mine.length - MAX_ITEMS })} ${h.more_actions}`]));
    }
  }
  if (model.pathways) {
    const p = pathwaysMessages(locale);
    const lines = model.pathways.upcoming.map((u) => p.home.line({ code: escapeMrkdwn(u.code), kind: p.kinds[u.kind], date: formatCalendarDate(u.plannedOn, locale) }));
    out.push(lines.length ? listSection(`*${p.home.header}*`, lines, locale) : section(`*${p.home.header}*\n${p.home.none}`));
  }
  return out;
}

function coordinatorSection(model: HomeModel, locale: Locale, pictures?: HomePictures): Block[] {
  const c = model.coordinator;
  if (!c) return [];
  const m = digestMessages(locale);
  const h = m.home;
  const items = [
    h.organizations({ count: c.organizations }),
    h.members({
      count: c.members,
      coordinators: c.membersByRole.coordinator ?? 0,
      partners: c.membersByRole.partner ?? 0,
      observers: c.membersByRole.observer ?? 0,
    }),
    h.new_members({ count: c.newMembersLast30Days }),
    h.digest_channels({ count: c.digestChannels }),
  ];
  if (c.openOffers !== undefined) items.push(h.open_offers_total({ count: c.openOffers }));
  if (c.referralsInProgress !== undefined) items.push(h.referrals_in_progress({ count: c.referralsInProgress }));
  if (c.nextMeetingAttendance) {
    items.push(h.next_meeting_attendance({ yes: c.nextMeetingAttendance.yes, organizations: c.nextMeetingAttendance.invitedOrganizations }));
  }
  if (c.meetingsThisYear !== undefined) items.push(h.meetings_this_year({ count: c.meetingsThisYear }));
  if (c.attendanceRate !== undefined) items.push(h.attendance_rate({ rate: c.attendanceRate === null ? m.indicators.not_available : formatPercent(locale, c.attendanceRate / 100) }));
  if (c.referralsByStatus) {
    const byStatus = c.referralsByStatus;
    const counts = REFERRAL_COUNT_KEYS.map((s) => m.message.referral_statuses[s]({ count: referralCount(byStatus, s) })).join(' · ');
    items.push(h.referrals_by_status({ counts }));
  }
  if (c.hiresThisYear !== undefined) items.push(h.hires_this_year({ count: c.hiresThisYear }));
  if (c.openPolls !== undefined) items.push(h.open_polls_total({ count: c.openPolls }));
  if (c.pollParticipation) items.push(h.poll_participation(c.pollParticipation));
  if (c.overdueActions !== undefined) items.push(h.overdue_actions_total({ count: c.overdueActions }));
  const out: Block[] = [divider(), header(h.coordinator_header), figuresTable(items, locale)];
  // Slack's chart block is not allowed on the App Home: the same chart as an uploaded PNG.
  if (pictures?.funnel) out.push(fileImage(pictures.funnel.fileId, pictures.funnel.altText, m.charts.funnel_this_year));
  if (pictures?.networkMap) out.push(fileImage(pictures.networkMap.fileId, pictures.networkMap.altText, m.charts.map_title));
  return out;
}

/** Pictures uploaded to Slack for the coordinators' App Home (the renderer uploads them). */
export interface HomePictures {
  funnel?: { fileId: string; altText: string };
  networkMap?: { fileId: string; altText: string };
}

/** The action id of the App Home's notification switches. */
export const HOME_NOTIFICATIONS_ACTION = 'home_notifications';

/** One switch per kind of DM (platform.notifications), ticked while it is on. */
function notificationSection(model: HomeModel, locale: Locale): Block[] {
  const switches = model.notifications;
  if (!switches) return [];
  const m = digestMessages(locale).notification_settings;
  if (switches.length === 0) return [divider(), section(`*${m.header}*`), context([m.none])];
  const options = switches.slice(0, 10).map((s) => ({ text: plain(s.label(locale), 75), value: s.name }));
  const on = options.filter((o) => switches.find((s) => s.name === o.value)?.enabled);
  const element = { type: 'checkboxes', action_id: HOME_NOTIFICATIONS_ACTION, options, ...(on.length ? { initial_options: on } : {}) };
  return [divider(), section(`*${m.header}*`), { type: 'actions', block_id: 'home_notifications', elements: [element] } as Block, context([m.hint])];
}

/** The App Home tab (pure): a welcome for outsiders, the member's dashboard, coordinators' indicators. */
export function homeView(model: HomeModel, locale: Locale, now: Date, tz: string, pictures?: HomePictures): HomeView {
  const h = digestMessages(locale).home;
  const common = commonMessages(locale);
  let blocks: Block[];
  const viewer = model.viewer;
  if (!viewer) blocks = welcome(model, locale);
  else {
    const who = viewer.organization
      ? h.you({ role: common.roleFunctions[viewer.role], organization: escapeMrkdwn(viewer.organization.name), shortName: escapeMrkdwn(viewer.organization.shortName) })
      : h.you_admin;
    blocks = [header(h.header), section(who)];
    if (model.colleagues?.length) {
      const shown = model.colleagues.slice(0, 20).map((id) => `<@${id}>`).join(', ');
      const rest = model.colleagues.length > 20 ? ` ${common.more({ count: model.colleagues.length - 20 })}` : '';
      blocks.push(context([h.colleagues({ members: shown + rest })]));
    }
    const own = memberSections(model, locale, tz);
    if (own.length) blocks.push(divider(), ...own);
    blocks.push(...coordinatorSection(model, locale, pictures));
    blocks.push(...notificationSection(model, locale));
  }
  blocks.push(divider(), context([h.commands, h.updated({ when: formatInstant(now, tz, locale) })]));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.viewBlocks) };
}
