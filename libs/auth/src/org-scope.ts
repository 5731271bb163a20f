import { inArray, sql, type Column, type SQL } from 'drizzle-orm';
import { isPlatformAdmin, type Principal } from './principal.js';

/**
 * The rows a caller may see, as a condition on their organization column: undefined for a platform admin
 * (every row), the caller's organizations otherwise, and no row for a caller in none (`in ()` is not SQL).
 */
export function orgScope(principal: Principal, orgColumn: Column): SQL | undefined {
  if (isPlatformAdmin(principal)) return undefined;
  const orgIds = Object.keys(principal.orgs);
  return orgIds.length > 0 ? inArray(orgColumn, orgIds) : sql`false`;
}
