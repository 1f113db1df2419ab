/** The dialogs aggregate: the one open question per sender and chat. */
import type { DialogState } from '../../core/intake-dialog';
import type { Channel } from '../../core/model';

export interface DialogsPort {
  /** Saves the dialog; an idle dialog is deleted. (Reading happens in `StoreTx.openInbound`, locked.) */
  save(channel: Channel, chatId: string, userId: string, state: DialogState): Promise<void>;
}
