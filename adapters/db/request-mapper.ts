/** Maps request rows to the domain model and back. */
import type { CategoryCode } from '../../core/categories';
import type { Channel, CitizenRequest, Queue, Rating, RequestStatus } from '../../core/model';
import { firstReminderAt } from '../../core/sla-policy';
import { toStorable } from '../../core/text-cut';
import { requests } from './schema';

type Row = typeof requests.$inferSelect;
type Insert = typeof requests.$inferInsert;

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
const date = (n: number | null): Date | null => (n === null ? null : new Date(n));

/** Row → domain request. */
export function toRequest(r: Row): CitizenRequest {
  return {
    id: r.id,
    status: r.status as RequestStatus,
    category: r.category as CategoryCode,
    areaCode: r.areaCode,
    queue: { kind: r.queueKind as Queue['kind'], code: r.queueCode },
    queueEnteredAt: r.queueEnteredAt.getTime(),
    urgent: r.urgent,
    possiblyUrgent: r.possiblyUrgent,
    breachCount: r.breachCount,
    dispatchedFrom: r.dispatchedFrom,
    coUnits: r.coUnits,
    coReporters: r.coReporters,
    keyCase: r.keyCase ?? null,
    mergedInto: r.mergedInto,
    place: r.place,
    placeArea: r.placeArea,
    detail: r.detail,
    phone: r.phone,
    photos: r.photos,
    sensitive: r.sensitive,
    reporterId: r.reporterId,
    origin: { channel: r.originChannel as Channel, chatId: r.originChatId, userId: r.originUserId, name: r.originName },
    assigneeId: r.assigneeId,
    reopenCount: r.reopenCount,
    rating: r.rating as Rating | null,
    createdAt: r.createdAt.getTime(),
    claimDueAt: r.claimDueAt.getTime(),
    answerDueAt: r.answerDueAt.getTime(),
    resolveDueAt: r.resolveDueAt.getTime(),
    claimedAt: ms(r.claimedAt),
    answeredAt: ms(r.answeredAt),
    resolvedAt: ms(r.resolvedAt),
    closedAt: ms(r.closedAt),
    // Only when set: requests the household wrote keep the shape they always had.
    ...(r.registeredBy != null ? { registeredBy: r.registeredBy } : {}),
    track: r.track === 'petition' ? 'petition' : 'service', // issue 18
  };
}

/** Domain request → row; user text made storable (no lone surrogate, no NUL: issue 11.2). */
export function toRow(q: CitizenRequest): Insert {
  return toStorable({
    id: q.id,
    status: q.status,
    category: q.category,
    areaCode: q.areaCode,
    queueKind: q.queue.kind,
    queueCode: q.queue.code,
    queueEnteredAt: new Date(q.queueEnteredAt),
    urgent: q.urgent,
    possiblyUrgent: q.possiblyUrgent ?? false,
    breachCount: q.breachCount,
    slaCheckAt: date(firstReminderAt(q)),
    dispatchedFrom: q.dispatchedFrom,
    coUnits: q.coUnits,
    coReporters: q.coReporters,
    keyCase: q.keyCase,
    mergedInto: q.mergedInto,
    place: q.place,
    placeArea: q.placeArea,
    detail: q.detail,
    phone: q.phone,
    photos: q.photos,
    sensitive: q.sensitive,
    reporterId: q.reporterId,
    assigneeId: q.assigneeId,
    reopenCount: q.reopenCount,
    rating: q.rating,
    originChannel: q.origin.channel,
    originChatId: q.origin.chatId,
    originUserId: q.origin.userId,
    originName: q.origin.name,
    createdAt: new Date(q.createdAt),
    claimDueAt: new Date(q.claimDueAt),
    answerDueAt: new Date(q.answerDueAt),
    resolveDueAt: new Date(q.resolveDueAt),
    claimedAt: date(q.claimedAt),
    answeredAt: date(q.answeredAt),
    resolvedAt: date(q.resolvedAt),
    closedAt: date(q.closedAt),
    registeredBy: q.registeredBy ?? null,
    track: q.track ?? 'service', // issue 18
  });
}
