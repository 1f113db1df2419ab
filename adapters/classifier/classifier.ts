/**
 * The classifier minhu runs with: trained at start on every labelled message (a few
 * milliseconds), used by intake and by `npm run classify` alike.
 */
import { classify, trainClassifier, type CategoryGuess } from '../../core/classifier/classify';
import { detectUrgency, type Urgency } from '../../core/classifier/urgency';
import { extractPlace } from '../../core/classifier/place';
import { readLabelledMessages } from './labelled-data';

export interface MessageUnderstanding extends CategoryGuess, Urgency {
  place: string | null;
}

/** Trains on the labelled set and returns the function that reads one message; `placeNames`: the org's area names. */
export function createUnderstanding(placeNames: readonly string[] = []): (text: string) => MessageUnderstanding {
  const model = trainClassifier(readLabelledMessages());
  return (text) => ({ ...classify(model, text), ...detectUrgency(text), place: extractPlace(text, placeNames) });
}
