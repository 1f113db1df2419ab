/** What the use cases are wired with, and the one factory that builds it from the org file. */
import { ASK_BELOW } from '../core/classifier/classify'; // issue 15: calibrated ask threshold
import { DEFAULT_DIALOG_OPTIONS, type CategoryReading, type DialogOptions } from '../core/intake-dialog';
import type { InboundMessage, OutboundMessage } from '../core/model';
import { slaPolicyOf, type OrgFile } from '../core/org-file';
import { createOrgTree, type OrgTree } from '../core/org-tree';
import { placeNames } from '../core/classifier/gazetteer';
import type { DepartmentRef, RoutingRule } from '../core/queue';
import type { MessageContext } from '../core/request-messages';
import type { SlaPolicy } from '../core/sla-policy';
import type { Locale } from '../core/texts';
import type { Clock, ReportStore, Store } from './ports';
import type { BlobStore } from './ports/blobs';
import type { ReportFigures } from '../core/metrics';
import { DEFAULT_FLOOD_LIMITS, type FloodLimits } from './guard/flood-guard';
import type { AskSecondOpinion } from './understanding/second-opinion';
import type { Observer } from './ports/observe';
import { petitionDepsOf, type PetitionDeps } from './petitions/petition-deps';

export interface BotDeps {
  store: Store;
  tree: OrgTree;
  clock: Clock;
  sla: SlaPolicy;
  dialog: DialogOptions;
  messages: MessageContext;
  departments: DepartmentRef[];
  routing: RoutingRule[];
  reports: ReportStore;
  /** Renders a report chart to PNG; absent → reports go out as text only. */
  renderChart?: (title: string, figures: ReportFigures) => Buffer;
  /** Called after a transaction queued messages, so the sender can start at once. */
  onQueued?: () => void;
  /** The console's address for one-time sign-in links (`工作台`); null: no console link. */
  consoleUrl: string | null;
  /** issue 13: attachment limits (per file in bytes, per request) and the blob store (absent: photos are not shown). */
  media: { maxBytes: number; maxPerRequest: number };
  blobs?: BlobStore;
  /** Flood defence limits (bots/guard/flood-guard.ts). */
  flood: FloodLimits;
  /** Issue 15: the optional large-model second opinion (bots/understanding/second-opinion.ts). */
  secondOpinion?: AskSecondOpinion;
  /** Issue 16: metrics and logs of the work done (absent: not observed). */
  observe?: Observer;
  /** Issue 18: 信访 — limits, rota, mediation committees, the document renderer. */
  petitions: PetitionDeps;
}

export interface BotDepsOptions {
  store: Store;
  reports: ReportStore;
  renderChart?: BotDeps['renderChart'];
  org: OrgFile;
  /** (default: the system clock) */
  clock?: Clock;
  /** (default: Asia/Shanghai) */
  timeZone?: string;
  /** (default: zh-CN) */
  locale?: Locale;
  /** (default: 30 minutes) */
  dialogTtlMs?: number;
  /** Reads a description's category. (default: the keyword table) */
  classify?: (text: string) => CategoryReading;
  /** Where the console is reached, e.g. http://localhost:3000 (default: none). */
  consoleUrl?: string | null;
  /** issue 13: the blob store and its limits. (default: none; 10 MB per file, 9 per request) */
  blobs?: BlobStore;
  media?: Partial<BotDeps['media']>;
  /** Flood defence limits. (default: DEFAULT_FLOOD_LIMITS) */
  flood?: Partial<FloodLimits>;
  /** Issue 15: asks a large model when the local reading is unsure or possibly urgent (default: never). */
  secondOpinion?: AskSecondOpinion;
  /** Issue 16: metrics and logs (default: none). */
  observe?: Observer;
  /** Issue 18: renders formal 信访 documents to PDF (default: none — documents cannot be issued). */
  renderDocument?: PetitionDeps['renderDocument'];
}

/** Builds the use cases' dependencies from the org file. */
export function createBotDeps(options: BotDepsOptions): BotDeps {
  const tree = createOrgTree(options.org.areas);
  return {
    store: options.store,
    tree,
    clock: options.clock ?? { now: () => Date.now() },
    sla: slaPolicyOf(options.org),
    dialog: { ...DEFAULT_DIALOG_OPTIONS, ttlMs: options.dialogTtlMs ?? DEFAULT_DIALOG_OPTIONS.ttlMs, classify: options.classify, placeNames: placeNames(tree), ...(options.classify ? { askBelow: ASK_BELOW } : {}) },
    messages: { timeZone: options.timeZone ?? 'Asia/Shanghai', locale: options.locale ?? 'zh-CN' },
    departments: options.org.departments.map((d) => ({ code: d.code, name: d.name })),
    routing: options.org.routing,
    reports: options.reports,
    renderChart: options.renderChart,
    consoleUrl: options.consoleUrl ?? null,
    media: { maxBytes: 10 * 1_048_576, maxPerRequest: 9, ...options.media },
    blobs: options.blobs,
    flood: { ...DEFAULT_FLOOD_LIMITS, ...options.flood },
    secondOpinion: options.secondOpinion,
    observe: options.observe,
    petitions: petitionDepsOf(options.org, options.renderDocument),
  };
}

/** A reply in the chat a message came from, addressed to its sender. */
export function replyTo(msg: InboundMessage, text: string, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    channel: msg.channel,
    chatId: msg.chatId,
    text,
    mention: msg.chatType === 'group' ? { userId: msg.senderId, name: msg.senderName } : undefined,
    replyTo: msg.sourceMessageId ?? undefined,
    ...extra,
  };
}
