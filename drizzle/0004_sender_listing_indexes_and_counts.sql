CREATE TABLE "sender_category_counts" (
	"user_id" uuid NOT NULL,
	"category" "sender_category" NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sender_category_counts_user_id_category_pk" PRIMARY KEY("user_id","category")
);
--> statement-breakpoint
DROP INDEX "email_senders_user_id_latest_idx";--> statement-breakpoint
ALTER TABLE "sender_category_counts" ADD CONSTRAINT "sender_category_counts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_senders_user_id_latest_nulls_last_idx" ON "email_senders" USING btree ("user_id","latest_date" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "email_senders_user_id_category_latest_idx" ON "email_senders" USING btree ("user_id","category","latest_date" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "email_senders_user_id_name_idx" ON "email_senders" USING btree ("user_id","name","id");