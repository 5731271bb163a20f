import { describe, expect, it } from 'vitest';
import { collect, type Page } from './pages.js';

/** A list of `n` ids served in pages, as the API does: `next_cursor` set only on a full page. */
function pagedList(n: number) {
  const ids = Array.from({ length: n }, (_, i) => `id${String(i).padStart(4, '0')}`);
  const asked: Array<{ cursor: string | undefined; size: number }> = [];
  const fetchPage = async (cursor: string | undefined, size: number): Promise<Page<string>> => {
    asked.push({ cursor, size });
    const from = cursor === undefined ? 0 : ids.indexOf(cursor) + 1;
    const data = ids.slice(from, from + size);
    return { data, next_cursor: data.length === size ? data.at(-1)! : null };
  };
  return { ids, asked, fetchPage };
}

describe('collect', () => {
  it('follows the cursor past one page until --limit is reached, asking for no more than needed', async () => {
    const list = pagedList(500);
    expect(await collect(list.fetchPage, { limit: 250 })).toEqual(list.ids.slice(0, 250));
    expect(list.asked.map((a) => a.size)).toEqual([100, 100, 50]);
    expect(list.asked[1]!.cursor).toBe('id0099');
  });

  it('with --all, reads to the last page', async () => {
    const list = pagedList(230);
    expect(await collect(list.fetchPage, { limit: 50, all: true })).toEqual(list.ids);
  });

  it('stops at the end of a list shorter than --limit', async () => {
    const list = pagedList(30);
    expect(await collect(list.fetchPage, { limit: 50 })).toEqual(list.ids);
    expect(list.asked).toHaveLength(1);
  });
});
