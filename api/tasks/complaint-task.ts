import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { businessDay } from '../domain/business-day';
import { recordAudit } from '../services/audit';
import { getSetting } from '../services/settings';
import { DEFAULT_CLAIM_RESPONSE_HOURS } from '../churn/facts';
import { findInteractionOf, findPairOf, findTask, insertTask, responseTargetHours } from './queries';
import { toTask } from './service';

/**
 * A complaint gets a task to answer it, due when the contract's response target runs out (the shortest
 * claim-response time of the contracts covering the company that day; without one, the setting
 * 'churn.claimResponseHours'). Owned by the complaint's owner, else the company's account manager, else
 * whoever recorded it. Runs in the transaction that records the complaint; one task per complaint.
 */
export async function createResponseTask(trx: Executor, actor: Actor, interactionId: number, timeZone: string, now = new Date()) {
  const interaction = await findInteractionOf(trx, interactionId);
  if (!interaction || interaction.kind !== 'complaint') return null;
  const opened = interaction.opened_at ?? interaction.occurred_at;
  const pair = interaction.pair_id === null ? null : await findPairOf(trx, Number(interaction.pair_id));
  const hours = await responseTargetHours(trx, Number(interaction.company_id), businessDay(opened, timeZone), pair ? Number(pair.shipper_id) : null)
    ?? await getSetting<number>(trx, 'churn.claimResponseHours', DEFAULT_CLAIM_RESPONSE_HOURS);
  const company = await trx.selectFrom('companies').select('account_manager_id').where('id', '=', Number(interaction.company_id)).executeTakeFirstOrThrow();
  const ownerId = Number(interaction.owner_id ?? company.account_manager_id ?? actor.userId);
  const dueAt = new Date(opened.getTime() + hours * 3600_000);
  const id = await insertTask(trx, {
    title: `Answer the complaint: ${interaction.summary}`.slice(0, 200), owner_id: ownerId, due_at: dueAt, priority: 'high',
    company_id: Number(interaction.company_id), pair_id: interaction.pair_id, interaction_id: interactionId,
    due_in_past_on_creation: dueAt.getTime() < now.getTime(), created_by: actor.userId,
  });
  const task = toTask((await findTask(trx, id))!, actor, now);
  await recordAudit(trx, actor, 'create', 'task', id, { after: task });
  return task;
}
