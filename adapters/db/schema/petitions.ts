/**
 * Issue 18 — 信访: the petition beside its request, numbered documents and their sequences,
 * reception sessions and bookings, visits, mediations, the household registry. Migration 0015.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { BacklogCase } from '../../../core/petitions/petition';
import { blobs, people, requests } from './core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A 信访事项: the request on the statutory clock (core/petitions/petition.ts). */
export const petitions = pgTable('petitions', {
  requestId: integer('request_id').primaryKey().references(() => requests.id),
  countyCode: text('county_code').notNull(),
  areaCode: text('area_code').notNull(),
  category: text('category').notNull(),
  status: text('status').notNull(),
  channel: text('channel').notNull(),
  entryLevel: text('entry_level').notNull(),
  receivedAt: ts('received_at').notNull(),
  acceptDueAt: ts('accept_due_at').notNull(),
  decidedAt: ts('decided_at'),
  notAcceptedReason: text('not_accepted_reason'),
  handleDueAt: ts('handle_due_at'),
  extendedDays: integer('extended_days').notNull().default(0),
  extensionReason: text('extension_reason'),
  answeredAt: ts('answered_at'),
  reviewRequestedAt: ts('review_requested_at'),
  reviewDueAt: ts('review_due_at'),
  reviewedAt: ts('reviewed_at'),
  recheckRequestedAt: ts('recheck_requested_at'),
  recheckDueAt: ts('recheck_due_at'),
  recheckedAt: ts('rechecked_at'),
  closedAt: ts('closed_at'),
  agreement: text('agreement'),
  agreementRef: text('agreement_ref'),
  repeatOf: jsonb('repeat_of').$type<number[]>().notNull().default([]),
  householdIds: jsonb('household_ids').$type<number[]>().notNull().default([]),
  collective: boolean('collective').notNull().default(false),
  households: integer('households').notNull().default(1),
  bypassed: boolean('bypassed').notNull().default(false),
  departmentCode: text('department_code'),
  breachCount: integer('breach_count').notNull().default(0),
  backlog: jsonb('backlog').$type<BacklogCase>(),
  checkAt: ts('check_at'),
}, (t) => [
  index('petitions_check_idx').on(t.checkAt).where(sql`check_at is not null`),
  index('petitions_received_idx').on(t.countyCode, t.receivedAt),
]);

/** The last number issued per county, year and kind word: `insert … on conflict do update` hands out the next. */
export const documentSequences = pgTable('document_sequences', {
  countyCode: text('county_code').notNull(),
  year: integer('year').notNull(),
  word: text('word').notNull(),
  last: integer('last').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.countyCode, t.year, t.word] })]);

/** A formal document (PDF in the blob store) on a petition's dossier; `token` opens it by link. */
export const petitionDocuments = pgTable('petition_documents', {
  id: serial('id').primaryKey(),
  requestId: integer('request_id').notNull().references(() => requests.id),
  kind: text('kind').notNull(),
  number: text('number').notNull(),
  countyCode: text('county_code').notNull(),
  year: integer('year').notNull(),
  seq: integer('seq').notNull(),
  blobSha: text('blob_sha').notNull().references(() => blobs.sha256),
  token: text('token').notNull(),
  createdBy: integer('created_by').references(() => people.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('petition_documents_number_idx').on(t.countyCode, t.number),
  uniqueIndex('petition_documents_token_idx').on(t.token),
  index('petition_documents_request_idx').on(t.requestId, t.id),
]);

/** One reception (接访) by a leader or a lawyer on duty, on a day, with its capacity. */
export const receptionSessions = pgTable('reception_sessions', {
  id: serial('id').primaryKey(),
  unit: text('unit').notNull(),
  day: text('day').notNull(),
  kind: text('kind').notNull(),
  host: text('host').notNull(),
  startsAt: ts('starts_at').notNull(),
  endsAt: ts('ends_at').notNull(),
  capacity: integer('capacity').notNull(),
  place: text('place'),
  noticeId: integer('notice_id'),
}, (t) => [uniqueIndex('reception_sessions_slot_idx').on(t.unit, t.day, t.kind, t.host, t.startsAt)]);

/** A household's booking of a reception session. */
export const receptionBookings = pgTable('reception_bookings', {
  id: serial('id').primaryKey(),
  sessionId: integer('session_id').notNull().references(() => receptionSessions.id),
  personId: integer('person_id').notNull().references(() => people.id),
  channel: text('channel').notNull(),
  chatId: text('chat_id').notNull(),
  userId: text('user_id').notNull(),
  name: text('name').notNull(),
  matter: text('matter'),
  status: text('status').$type<'booked' | 'cancelled' | 'visited'>().notNull().default('booked'),
  createdAt: ts('created_at').notNull().defaultNow(),
  cancelledAt: ts('cancelled_at'),
}, (t) => [index('reception_bookings_person_idx').on(t.personId, t.status)]);

/** 接访 / 下访 / 回访 / 律师值班 records. */
export const visits = pgTable('visits', {
  id: serial('id').primaryKey(),
  kind: text('kind').notNull(),
  unit: text('unit').notNull(),
  hostId: integer('host_id').references(() => people.id),
  hostName: text('host_name').notNull(),
  bookingId: integer('booking_id').references(() => receptionBookings.id),
  personId: integer('person_id').references(() => people.id),
  petitioner: text('petitioner').notNull(),
  matter: text('matter').notNull(),
  outcome: text('outcome').notNull(),
  requestId: integer('request_id').references(() => requests.id),
  at: ts('at').notNull(),
}, (t) => [index('visits_unit_idx').on(t.unit, t.at)]);

/** A dispute at a mediation committee, and its outcome. */
export const mediations = pgTable('mediations', {
  id: serial('id').primaryKey(),
  requestId: integer('request_id').notNull().references(() => requests.id),
  committee: text('committee').notNull(),
  startedAt: ts('started_at').notNull(),
  startedBy: integer('started_by').references(() => people.id),
  outcome: text('outcome'),
  nextRoute: text('next_route'),
  agreement: text('agreement'),
  outcomeAt: ts('outcome_at'),
  outcomeBy: integer('outcome_by').references(() => people.id),
}, (t) => [index('mediations_request_idx').on(t.requestId, t.id)]);

/** The household registry (CSV import): household, representative, phone, grid. */
export const householdRegistry = pgTable('household_registry', {
  id: serial('id').primaryKey(),
  grid: text('grid').notNull(),
  household: text('household').notNull(),
  representative: text('representative').notNull(),
  phone: text('phone'),
  importedAt: ts('imported_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('household_registry_idx').on(t.grid, t.household)]);
