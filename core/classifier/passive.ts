/**
 * Passive detection: does a group message that did not address the bot read like a request?
 * High precision on purpose — a wrong offer is noise in a group of neighbours.
 */
import { keywordScores } from '../categories';
import type { CategoryReading } from '../intake-dialog';
import { detectUrgency } from './urgency';

const COMPLAINT = /坏了|不亮|不通|没人管|没人修|没人清|漏|堵|停了|断了|臭|吵|爆了|塌|丢了|拖欠|不给|几天了|好几天|一直|怎么还|什么时候/;

/** True when the message should get one gentle offer to register it. */
export function readsLikeRequest(text: string, reading: CategoryReading): boolean {
  const t = text.trim();
  if (t.length < 5 || t.length > 300) return false;
  if (detectUrgency(t).urgent) return true;
  if (['other', 'suggestion', 'policy'].includes(reading.category) || reading.confidence < 0.6) return false;
  const hits = Object.values(keywordScores(t)).reduce((a, b) => a + (b ?? 0), 0);
  return hits >= 2 && COMPLAINT.test(t);
}
