import type { HomeModel, PollSummary, WaitingReferral } from '../domain/model';
import { REFERRAL_STATUSES } from '../domain/model';
import type { Translator } from '../../../platform/i18n';
import { formatInstant } from '../../../platform/time';
import type { Block, HomeView } from '../../../platform/slack/types';
import { context, divider, escapeMrkdwn, fields, header, LIMITS, section } from '../../../platform/slack/blocks';
import { actionLine, listSection, MAX_ITEMS, offerLine } from './digest-views';
import { delegateButton, markDoneButton, rsvpButtons } from '../../table';

function welcome(model: HomeModel, t: Translator): Block[] {
  const ids = model.coordinatorIds.slice(0, 5).map((id) => `<@${id}>`).join(', ');
  return [
    header(t('digest.home.welcome_header')),
    section(t('digest.home.welcome')),
    section(ids ? t('digest.home.not_member', { coordinators: ids }) : t('digest.home.not_member_no_coordinators')),
  ];
}

/** One waiting referral; the code only when the model carries it (the provider applied the visibility rule). */
export function waitingLine(r: WaitingReferral, t: Translator, tz: string): string {
  const line = t('digest.home.waiting_line', {
    offer: escapeMrkdwn(r.offerTitle),
    offering: escapeMrkdwn(r.offeringOrganization),
    referring: escapeMrkdwn(r.referringOrganization),
    status: t(`offers.referral_statuses.${r.status}`),
    since: formatInstant(r.since, tz, t.locale, 'date'),
  });
  return r.code ? `${line} · ${t('digest.home.waiting_code', { code: `\`${escapeMrkdwn(r.code)}\`` })}` : line;
}

/** A poll the member can vote on, with where its vote buttons are. */
export function votableLine(p: PollSummary, t: Translator, tz: string): string {
  const parts = [`• ${escapeMrkdwn(p.question)}`];
  if (p.closesAt) parts.push(t('digest.message.closes', { date: formatInstant(p.closesAt, tz, t.locale) }));
  if (p.channelId) parts.push(t('digest.home.poll_where', { channel: `<#${p.channelId}>` }));
  return parts.join(' · ');
}

function memberSections(model: HomeModel, t: Translator, tz: string): Block[] {
  const h = 'digest.home';
  const out: Block[] = [];
  if (model.offers) {
    const { open, referralsWaiting, waiting } = model.offers;
    // A coordinator outside any organization (configured admin) has no "own offers" line.
    if (open.length) out.push(listSection(t(`${h}.open_offers`, { count: open.length }), open.map((o) => offerLine(o, t)), t));
    else if (model.viewer?.organization) out.push(section(t(`${h}.no_open_offers`)));
    if (waiting?.length) {
      const title = t(`${h}.waiting_referrals`, { count: referralsWaiting });
      out.push(listSection(title, waiting.map((r) => waitingLine(r, t, tz)), t, MAX_ITEMS, Math.max(referralsWaiting, waiting.length)));
    } else if (referralsWaiting) out.push(context([t(`${h}.referrals_waiting`, { count: referralsWaiting })]));
  }
  if (model.meeting) {
    const next = model.meeting.next;
    if (!next) out.push(section(t(`${h}.no_meeting`)));
    else {
      const when = [escapeMrkdwn(next.title), formatInstant(next.startsAt, tz, t.locale), next.place ? escapeMrkdwn(next.place) : undefined].filter(Boolean).join(' · ');
      const lines = [t(`${h}.next_meeting`, { meeting: when }), t(`${h}.my_rsvp`, { answer: t(`${h}.rsvp.${next.myRsvp ?? 'none'}`) })];
      if (next.delegateUserId) lines.push(t(`${h}.delegate`, { user: `<@${next.delegateUserId}>` }));
      if (next.organizationStatus) lines.push(t(`${h}.organization_status`, { status: t(`${h}.organization_statuses.${next.organizationStatus}`) }));
      out.push(section(lines.join('\n')));
      if (next.canAnswer) out.push({ type: 'actions', block_id: `home_rsvp_${next.id}`, elements: [...rsvpButtons(next, t), delegateButton(next.id, t)] });
    }
  }
  if (model.polls) {
    const { votable } = model.polls;
    out.push(
      votable.length
        ? listSection(
            t(`${h}.votable_polls`, { count: votable.length }),
            votable.map((p) => votableLine(p, t, tz)),
            t,
          )
        : section(t(`${h}.no_votable_polls`)),
    );
  }
  if (model.actions) {
    const { mine, canComplete } = model.actions;
    if (!mine.length) out.push(section(t(`${h}.no_actions`)));
    else if (!canComplete) out.push(listSection(t(`${h}.my_actions`, { count: mine.length }), mine.map((a) => actionLine(a, t)), t));
    else {
      // One section per item, with its "done" button (the table's own handler).
      out.push(section(t(`${h}.my_actions`, { count: mine.length })));
      for (const a of mine.slice(0, MAX_ITEMS)) out.push({ ...section(actionLine(a, t)), accessory: markDoneButton(a.id, t) } as Block);
      if (mine.length > MAX_ITEMS) out.push(context([`${t('digest.message.more', { count: mine.length - MAX_ITEMS })} ${t(`${h}.more_actions`)}`]));
    }
  }
  return out;
}

function coordinatorSection(model: HomeModel, t: Translator): Block[] {
  const c = model.coordinator;
  if (!c) return [];
  const h = 'digest.home';
  const items = [
    t(`${h}.organizations`, { count: c.organizations }),
    t(`${h}.members`, {
      count: c.members,
      coordinators: c.membersByRole.coordinator ?? 0,
      partners: c.membersByRole.partner ?? 0,
      observers: c.membersByRole.observer ?? 0,
    }),
    t(`${h}.new_members`, { count: c.newMembersLast30Days }),
    t(`${h}.digest_channels`, { count: c.digestChannels }),
  ];
  if (c.openOffers !== undefined) items.push(t(`${h}.open_offers_total`, { count: c.openOffers }));
  if (c.referralsInProgress !== undefined) items.push(t(`${h}.referrals_in_progress`, { count: c.referralsInProgress }));
  if (c.nextMeetingAttendance) {
    items.push(t(`${h}.next_meeting_attendance`, { yes: c.nextMeetingAttendance.yes, organizations: c.nextMeetingAttendance.invitedOrganizations }));
  }
  if (c.meetingsThisYear !== undefined) items.push(t(`${h}.meetings_this_year`, { count: c.meetingsThisYear }));
  if (c.attendanceRate !== undefined) {
    items.push(t(`${h}.attendance_rate`, { rate: c.attendanceRate === null ? t('digest.indicators.not_available') : `${c.attendanceRate}%` }));
  }
  if (c.referralsByStatus) {
    const byStatus = c.referralsByStatus;
    const counts = REFERRAL_STATUSES.map((s) => `${byStatus[s] ?? 0} ${t(`digest.message.referral_statuses.${s}`)}`).join(' · ');
    items.push(t(`${h}.referrals_by_status`, { counts }));
  }
  if (c.hiresThisYear !== undefined) items.push(t(`${h}.hires_this_year`, { count: c.hiresThisYear }));
  if (c.openPolls !== undefined) items.push(t(`${h}.open_polls_total`, { count: c.openPolls }));
  if (c.pollParticipation) items.push(t(`${h}.poll_participation`, c.pollParticipation));
  if (c.overdueActions !== undefined) items.push(t(`${h}.overdue_actions_total`, { count: c.overdueActions }));
  const out: Block[] = [divider(), header(t(`${h}.coordinator_header`))];
  for (let i = 0; i < items.length; i += LIMITS.sectionFields) out.push(fields(items.slice(i, i + LIMITS.sectionFields)));
  return out;
}

/** The App Home tab (pure): a welcome for outsiders, the member's dashboard, coordinators' indicators. */
export function homeView(model: HomeModel, t: Translator, now: Date, tz: string): HomeView {
  let blocks: Block[];
  const viewer = model.viewer;
  if (!viewer) blocks = welcome(model, t);
  else {
    const h = 'digest.home';
    const who = viewer.organization
      ? t(`${h}.you`, { role: t(`common.roles.${viewer.role}`), organization: escapeMrkdwn(viewer.organization.name), shortName: escapeMrkdwn(viewer.organization.shortName) })
      : t(`${h}.you_admin`);
    blocks = [header(t(`${h}.header`)), section(who)];
    if (model.colleagues?.length) {
      const shown = model.colleagues.slice(0, 20).map((id) => `<@${id}>`).join(', ');
      const rest = model.colleagues.length > 20 ? ` ${t('common.more', { count: model.colleagues.length - 20 })}` : '';
      blocks.push(context([t(`${h}.colleagues`, { members: shown + rest })]));
    }
    const own = memberSections(model, t, tz);
    if (own.length) blocks.push(divider(), ...own);
    blocks.push(...coordinatorSection(model, t));
  }
  blocks.push(divider(), context([t('digest.home.commands'), t('digest.home.updated', { when: formatInstant(now, tz, t.locale) })]));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.viewBlocks) };
}
