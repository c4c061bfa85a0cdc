import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CATEGORY_META, SENDER_TYPE_LABEL } from "@/components/senders/category-meta";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { AppError } from "@/lib/errors";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getSenderWithMessages } from "@/lib/senders/list-sender-messages";
import { SenderCategoryPicker } from "./sender-category-picker";

export const metadata: Metadata = { title: "Sender" };

/** The user's sender; another user's id (or nonsense) is Next's not-found page, as the API answers 404. */
async function load(userId: string, id: string) {
  try {
    return await getSenderWithMessages(userId, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export default async function SenderPage({ params }: { params: Promise<{ id: string }> }) {
  const { user } = await getCurrentUser();
  const { sender, messages } = await load(user.id, (await params).id);
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone: user.timezone, dateStyle: "medium", timeStyle: "short" });
  const isPrivate = sender.category === "dont-tell-anyone";
  return (
    <>
      <Link href="/senders" className="mb-4 inline-block text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
        ← Triage
      </Link>
      <PageHeader
        title={sender.name || sender.email}
        description={`${sender.email} · ${sender.email_count.toLocaleString("en-US")} email${sender.email_count === 1 ? "" : "s"}`}
        actions={
          <>
            <Badge className="bg-white text-slate-700 ring-slate-300">{SENDER_TYPE_LABEL[sender.sender_type]}</Badge>
            <Badge className={CATEGORY_META[sender.category].badge} testId="sender-category">
              {CATEGORY_META[sender.category].label}
            </Badge>
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title="Recent mail" titleId="mail-title" className="lg:col-span-2">
          {isPrivate ? (
            <p className="mb-3 text-sm italic text-slate-600">Private sender: only dates are shown; subjects and previews are never kept or spoken.</p>
          ) : null}
          {messages.length ? (
            <ul className="divide-y divide-slate-100">
              {messages.map((m) => (
                <li key={m.id} className="py-3">
                  <div className="flex items-baseline justify-between gap-3">
                    <p className="min-w-0 truncate text-sm font-medium text-slate-900">{isPrivate ? "Private message" : m.subject || "(no subject)"}</p>
                    <time dateTime={m.received_at} className="shrink-0 text-xs text-slate-600">
                      {fmt.format(new Date(m.received_at))}
                    </time>
                  </div>
                  {m.preview ? <p className="mt-0.5 line-clamp-2 text-sm text-slate-600">{m.preview}</p> : null}
                  {m.is_urgent ? <Badge className="mt-1 bg-rose-50 text-rose-800 ring-rose-200">Looked urgent</Badge> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-600">No messages stored for this sender.</p>
          )}
        </Card>
        <Card title="What PookAi does with this sender" titleId="category-title" className="h-fit">
          <SenderCategoryPicker senderId={sender.id} category={sender.category} />
        </Card>
      </div>
    </>
  );
}
