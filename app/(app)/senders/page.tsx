import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { listSendersQuerySchema } from "@/lib/schemas/senders";
import { countSendersByCategory } from "@/lib/senders/count-senders-by-category";
import { listSenders } from "@/lib/senders/list-senders";
import { senderCategorySchema } from "@/lib/schemas/senders";
import { TriageBoard } from "./triage-board";

export const metadata: Metadata = { title: "Triage senders" };

const PAGE_SIZE = 50;

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

/** The listing the URL asks for; a hand-edited, invalid parameter falls back to its default. */
function readQuery(params: SearchParams) {
  const tab = one(params.category) === "all" ? "all" : (senderCategorySchema.safeParse(one(params.category)).data ?? "unassigned");
  const sort = one(params.sort) === "latest_date" ? "latest_date" : "email_count";
  const search = one(params.q)?.trim().slice(0, 200) || undefined;
  const page = Math.max(1, Math.min(1_000_000, Number.parseInt(one(params.page) ?? "1", 10) || 1));
  return { tab, sort, search, page } as const;
}

export default async function SendersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user } = await getCurrentUser();
  const { tab, sort, search, page } = readQuery(await searchParams);
  const query = listSendersQuerySchema.parse({ category: tab === "all" ? undefined : tab, search, sort, page, limit: PAGE_SIZE });
  const [listing, counts] = await Promise.all([listSenders(user.id, query), countSendersByCategory(user.id, { search })]);
  const stateKey = JSON.stringify([tab, sort, search, page]);

  return (
    <>
      <PageHeader
        title="Triage"
        description="Decide once per sender. PookAi calls you for “Call me”, reads “Remind me” in your daily digest, and stays silent about the rest."
      />
      <TriageBoard
        key={stateKey}
        senders={listing.senders}
        counts={counts}
        tab={tab}
        sort={sort}
        search={search ?? ""}
        page={listing.pagination.page}
        pages={listing.pagination.pages}
        total={listing.pagination.total}
        pageSize={PAGE_SIZE}
        timezone={user.timezone}
      />
    </>
  );
}
