/**
 * Customers as sales maintain them (R-MASTER-3): create, edit, find, merge two records of one
 * customer. A customer's key is its first contact's email (else phone), the identity orders
 * already carry, so its orders and last prices belong to it from the start.
 */
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import {
  type CustomerFields,
  type CustomerRecord,
  mergedCustomer,
  newEventId,
} from '../domain/master-data.ts';
import { customerIdentity } from '../entities/catalogue-entities.ts';
import type { Clock, CustomerStore } from '../ports.ts';

export interface CustomerDeps {
  customers: CustomerStore;
  clock: Clock;
}

export async function createCustomer(deps: CustomerDeps, fields: CustomerFields, actor: string) {
  const contact = fields.contacts.find((c) => c.email || c.phone)!;
  const key = customerIdentity(contact);
  const at = deps.clock.now().toISOString();
  const outcome = await deps.customers.create(
    { ...fields, customerKey: key, createdAt: at, updatedAt: at },
    { id: newEventId(at), kind: 'created', at, by: actor },
  );
  if (outcome === 'exists') throw new ConflictError(`Customer ${key} exists already: open it to change it`);
  return (await deps.customers.get(key))!.customer;
}

async function found(deps: CustomerDeps, key: string): Promise<CustomerRecord> {
  const got = await deps.customers.get(key);
  if (!got) throw new NotFoundError(`No customer ${key}`);
  return got.customer;
}

export async function editCustomer(
  deps: CustomerDeps,
  key: string,
  fields: CustomerFields & { version?: number | undefined },
  actor: string,
) {
  const read = await found(deps, key);
  if (read.mergedInto)
    throw new ConflictError(`Customer ${key} was merged into ${read.mergedInto}: change that one`);
  if (fields.version !== undefined && fields.version !== read.version)
    throw new ConflictError(`Customer ${key} was changed by someone else; reload and try again`);
  const { version: _v, ...values } = fields;
  const at = deps.clock.now().toISOString();
  const changed = Object.keys(values).filter(
    (f) =>
      JSON.stringify((values as Record<string, unknown>)[f]) !==
      JSON.stringify((read as unknown as Record<string, unknown>)[f]),
  );
  if (changed.length === 0) return read;
  const next: CustomerRecord = { ...read, ...values, updatedAt: at };
  for (const f of ['company', 'notes', 'paymentTerms', 'owner'] as const)
    if (values[f] === undefined) delete next[f];
  return deps.customers.replace(read, next, {
    id: newEventId(at),
    kind: 'edited',
    at,
    by: actor,
    fields: changed,
  });
}

/** R-MASTER-3: `from` joins `into`: contacts, addresses and last prices follow; new orders of `from` price against `into`. */
export async function mergeCustomers(deps: CustomerDeps, from: string, into: string, actor: string) {
  if (from === into)
    throw new ValidationError('Invalid merge', [
      { path: 'into', message: 'A customer cannot be merged into itself' },
    ]);
  const source = await found(deps, from);
  const target = await found(deps, into);
  if (target.mergedInto)
    throw new ConflictError(
      `Customer ${into} was merged into ${target.mergedInto} already: merge into that one`,
    );
  if (source.mergedInto && source.mergedInto !== into)
    throw new ConflictError(`Customer ${from} was merged into ${source.mergedInto} already`);
  const at = deps.clock.now().toISOString();
  // The target first: a crash before the source is marked leaves a merge that a retry completes.
  const merged = target.aliases?.includes(from)
    ? target
    : await deps.customers.replace(
        target,
        { ...mergedCustomer(target, source), updatedAt: at },
        {
          id: newEventId(at),
          kind: 'merged',
          at,
          by: actor,
          from,
        },
      );
  if (!source.mergedInto)
    await deps.customers.replace(
      source,
      { ...source, mergedInto: into, updatedAt: at },
      {
        id: newEventId(at),
        kind: 'merged-into',
        at,
        by: actor,
        into,
      },
    );
  return merged;
}
