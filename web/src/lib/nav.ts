/** The navigation by role. Add a page here to show it in the menu; guard the route with requireRole(). */
import type { Role } from './session.svelte';

export interface NavItem { href: string; key: string; roles: Role[]; /** path prefix that marks the item current (default: href) */ match?: string }

export const NAV: NavItem[] = [
  { href: '/dashboard', key: 'nav.dashboard', roles: ['admin', 'manager'] },
  { href: '/inbox', key: 'nav.inbox', roles: ['admin', 'manager'] },
  { href: '/tasks', key: 'nav.tasks', roles: ['admin', 'manager'] },
  { href: '/churn', key: 'nav.churn', roles: ['admin', 'manager'] },
  { href: '/companies', key: 'nav.companies', roles: ['admin', 'manager'] },
  { href: '/contracts', key: 'nav.contracts', roles: ['admin', 'manager'] },
  { href: '/service', key: 'nav.service', roles: ['admin', 'manager'] },
  { href: '/import', key: 'nav.import', roles: ['admin', 'operations'] },
  { href: '/deliveries', key: 'nav.deliveries', roles: ['admin', 'operations'] },
  { href: '/claims', key: 'nav.claims', roles: ['admin', 'manager', 'operations'] },
  { href: '/my', key: 'nav.my', roles: ['client'] },
  { href: '/my/claims', key: 'nav.myClaims', roles: ['client'] },
  { href: '/my/survey', key: 'nav.survey', roles: ['client'] },
  { href: '/my/review', key: 'wb.review.open', roles: ['client'] },
  { href: '/admin/users', key: 'nav.admin', roles: ['admin'], match: '/admin' },
];

export function navFor(role: Role): NavItem[] {
  return NAV.filter((item) => item.roles.includes(role));
}

/** Whether a nav item is the current page (exact, or a sub-page, without /my swallowing /my/survey). */
export function isActive(item: NavItem, pathname: string, all: NavItem[]): boolean {
  const base = item.match ?? item.href;
  if (pathname === base) return true;
  if (!pathname.startsWith(`${base}/`)) return false;
  return !all.some((other) => other !== item && other.href.startsWith(`${base}/`) && (pathname === other.href || pathname.startsWith(`${other.href}/`)));
}
