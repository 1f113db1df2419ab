/**
 * The classifier minhu runs with: trained at start on every labelled message (about a second),
 * used by intake and by `npm run classify` alike. Words come from jieba (./tokenizer).
 */
import { classify, trainClassifier, urgencyOf, type CategoryGuess } from '../../core/classifier/classify';
import type { Urgency } from '../../core/classifier/urgency';
import { extractPlace } from '../../core/classifier/place';
import { readAllLabelled } from './labelled-data';
import { createTokenizer } from './tokenizer';
import { placeNames } from '../../core/classifier/gazetteer';
import { createOrgTree } from '../../core/org-tree';
import type { Area } from '../../core/model';

export interface MessageUnderstanding extends CategoryGuess, Urgency {
  place: string | null;
}

/** Trains on the labelled set and returns the function that reads one message; place names come from the org's areas. */
export function createUnderstanding(areas: readonly Area[] = []): (text: string) => MessageUnderstanding {
  const model = trainClassifier(readAllLabelled(), createTokenizer());
  const names = placeNames(createOrgTree(areas));
  return (text) => ({ ...classify(model, text), ...urgencyOf(model, text), place: extractPlace(text, names) });
}
