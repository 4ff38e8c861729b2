// What pairs say by themselves, after each read from GitHub (ARCHITECTURE.md §Pairs): a new invitation
// to you (once per invitation: Accept, Decline, or Later — it stays in Exchanges), and, for a partner
// only in the setting (from before pairs were on GitHub), an offer to send them an invitation — once
// per partner, and never sent without your answer.
import * as vscode from 'vscode';
import type { PairView } from '../../core/pairs/model';
import { CommandId } from '../../shared/commandIds';
import type { PartnersService } from '../partners';
import { settings } from '../settings';
import { InvitationNode } from '../views/pairNodes';

const SHOWN_KEY = 'mutualMentor.pairPromptsShown';

/** Says what is new after a read of the pairs: new invitations to you, partners only in the setting. */
export async function promptPairs(partners: PartnersService, memento: vscode.Memento): Promise<void> {
  const shown = (key: string): boolean => {
    const list = memento.get<unknown>(SHOWN_KEY);
    return Array.isArray(list) && list.includes(key);
  };
  const remember = async (key: string): Promise<void> => {
    const list = memento.get<unknown>(SHOWN_KEY);
    await memento.update(SHOWN_KEY, [...(Array.isArray(list) ? list.filter((x) => typeof x === 'string') : []), key].slice(-200));
  };
  for (const view of partners.invitations) {
    if (shown(`invitation:${view.pair.id}`)) continue;
    await remember(`invitation:${view.pair.id}`);
    void offerInvitation(view);
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!settings.exchangeRepository(folder)) return; // nowhere to send an invitation yet
  for (const partner of partners.settingOnly) {
    const key = `migrate:${partner.login.toLowerCase()}`;
    if (shown(key)) continue;
    await remember(key);
    void vscode.window
      .showInformationMessage(
        `@${partner.login} is your partner only in this editor's settings: they have never seen it. Send @${partner.login} an invitation on GitHub?`,
        'Send Invitation',
        'Not Now',
      )
      .then((choice) => {
        if (choice === 'Send Invitation') void vscode.commands.executeCommand(CommandId.PairWithPartner, { login: partner.login, askTopics: true });
      });
  }
}

async function offerInvitation(view: PairView): Promise<void> {
  const topics = [
    view.theirs.teaches.length ? `can teach ${view.theirs.teaches.join(', ')}` : '',
    view.theirs.learns.length ? `wants to learn ${view.theirs.learns.join(', ')}` : '',
  ].filter(Boolean);
  const choice = await vscode.window.showInformationMessage(
    `@${view.partner} invites you to pair on Mutual Mentor${topics.length ? ` (${topics.join('; ')})` : ''}.`,
    'Accept…',
    'Decline',
    'Later',
  );
  const node = new InvitationNode(view); // run as from the tree: asks your topics, confirms a decline
  if (choice === 'Accept…') await vscode.commands.executeCommand(CommandId.AcceptPair, node);
  else if (choice === 'Decline') await vscode.commands.executeCommand(CommandId.DeclinePair, node);
}
