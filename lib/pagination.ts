/** The pagination object of a listing, as seed 000 shapes it. */
export type Pagination = { page: number; limit: number; total: number; pages: number };

/** The pagination of one page of `limit` rows out of `total` (at least one page, even when empty). */
export function pagination(page: number, limit: number, total: number): Pagination {
  return { page, limit, total, pages: Math.max(1, Math.ceil(total / limit)) };
}
