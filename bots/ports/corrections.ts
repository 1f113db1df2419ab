/** Staff corrections of the model's reading (issue 15: 改类, 加急). */
import type { Correction } from '../../core/corrections';

export interface CorrectionsPort {
  record(correction: Correction): Promise<void>;
}
