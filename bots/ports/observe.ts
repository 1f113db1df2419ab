/**
 * What the use cases report about their work, for metrics and logs (issue 16). A port so that
 * bots/ never imports a metrics client: adapters/metrics implements it with prom-client.
 * Every method is cheap and never throws.
 */
import type { Channel } from '../../core/model';

/** One inbound message, once handled (or found a duplicate). */
export interface InboundObservation {
  channel: Channel | string;
  messageId: string;
  /** handled | ignored | duplicate | failed */
  outcome: string;
  /** Requests this message registered. */
  created: number[];
  /** Requests it changed (a claim, a rating, a join …). */
  updated: number[];
  /** Questions the intake dialog asked (place, detail, category, duplicate). */
  asked: number;
  /** Wall time of the handling, in seconds. */
  seconds: number;
}

export interface Observer {
  inbound(o: InboundObservation): void;
  /** Stored on arrival (`stored`), or a redelivery (`duplicate`). */
  received(channel: string, outcome: 'stored' | 'duplicate'): void;
  /** A channel send ended; `code` names the failure ("429", "45009", "network"). */
  sent(channel: string, ok: boolean, code?: string, seconds?: number): void;
  slaTick(seconds: number, reminders: number, skipped: boolean): void;
  classified(seconds: number): void;
  lease(name: string, held: boolean): void;
}

/** Observes nothing (tests, scripts). */
export const NO_OBSERVER: Observer = {
  inbound: () => undefined,
  received: () => undefined,
  sent: () => undefined,
  slaTick: () => undefined,
  classified: () => undefined,
  lease: () => undefined,
};
