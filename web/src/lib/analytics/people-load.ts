/** Loads a company's departments and contacts for the forms that pick them; a missing one is the 404 page. */
import { error } from '@sveltejs/kit';
import { api, ApiError } from '$lib/api';
import { itemsOf, type Contact, type Department } from './types';

export async function loadPeople(companyId: number): Promise<{ departments: Department[]; contacts: Contact[] }> {
  const [departments, contacts] = await Promise.all([
    api.get<Department[] | { items: Department[] }>(`/companies/${companyId}/departments`),
    api.get<Contact[] | { items: Contact[] }>(`/companies/${companyId}/contacts`),
  ]);
  return { departments: itemsOf(departments), contacts: itemsOf(contacts) };
}

/** The one with this id from a list, or the 404 page. */
export function pick<T extends { id: number }>(list: T[], rawId: string): T {
  const found = list.find((x) => x.id === Number(rawId));
  if (!found) error(404, 'Not found');
  return found;
}

/** Turns an API 404 into the 404 page. */
export async function or404<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, 'Not found');
    throw e;
  }
}
