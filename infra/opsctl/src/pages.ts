/** One page of a list, as every paginated route answers. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** The most a list route gives per page. */
const MAX_PAGE_SIZE = 100;

/** `--limit <n>` (default 50) or `--all`: how much of a list to print. */
export interface ListOptions {
  limit: number;
  all?: boolean;
}

/**
 * Follows `next_cursor` from page to page until `limit` items are collected, or to the end with `all`:
 * a list longer than one page is never cut silently at the page size.
 */
export async function collect<T>(
  fetchPage: (cursor: string | undefined, pageSize: number) => Promise<Page<T>>,
  options: ListOptions,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const wanted = options.all ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, options.limit - items.length);
    const page = await fetchPage(cursor, wanted);
    items.push(...page.data);
    if (page.next_cursor === null || (!options.all && items.length >= options.limit)) return items;
    cursor = page.next_cursor;
  }
}
