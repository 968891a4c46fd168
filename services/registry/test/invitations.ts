import { AccountInvitedV2, IssueInvitationLinkV1 } from '@collabo/contracts';
import type { RpcClient } from '@collabo/service-kit';
import { DataSource } from 'typeorm';
import { expectContract, type Registry } from './support.js';

/* Invitations in the tests: the usable link as the notifications service asks for it, and the event that announced it. */

/** The shape of a usable set-password token in a link (32 random bytes, base64url). */
export const USABLE_TOKEN_IN_LINK = /[?&](token|t)=[A-Za-z0-9_-]{43}/;

/**
 * The usable link of an invitation, asked over RPC as the notifications service does at send time; the link
 * and its token join `r.secrets` (they must never be logged).
 */
export async function issueInvitationLink(r: Registry, rpc: RpcClient, accountId: string, invitationId: string): Promise<URL> {
  const res = await rpc.request(IssueInvitationLinkV1, { accountId, invitationId });
  expectContract(IssueInvitationLinkV1.Response, res);
  const url = new URL(res.setPasswordUrl);
  r.secrets.push(res.setPasswordUrl, url.searchParams.get('token')!);
  return url;
}

/** The latest `account invited` event the registry wrote for an account (read from its outbox). */
export async function latestInvitation(r: Registry, accountId: string): Promise<AccountInvitedV2.Data> {
  const [row] = await r.svc.app
    .get(DataSource)
    .query(`SELECT envelope FROM outbox WHERE subject = $1 AND aggregate_id = $2 ORDER BY seq DESC LIMIT 1`, [
      AccountInvitedV2.subject,
      accountId,
    ]);
  if (!row) throw new Error(`no invitation event for account ${accountId}`);
  return row.envelope.data;
}
