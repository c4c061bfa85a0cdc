ALTER TYPE "public"."call_type" ADD VALUE 'phone-confirmation';--> statement-breakpoint
CREATE TABLE "call_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"carrier" text NOT NULL,
	"provider_call_id" text,
	"to_number" text,
	"from_number" text,
	"status" text,
	"answered_by" text,
	"outcome" text,
	"dial_started_at" timestamp with time zone NOT NULL,
	"dialled_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_seconds" integer,
	"error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_audio" (
	"user_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "call_audio_user_id_hash_pk" PRIMARY KEY("user_id","hash")
);
--> statement-breakpoint
CREATE TABLE "phone_confirmations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"phone_number" text NOT NULL,
	"code_ciphertext" text NOT NULL,
	"call_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "user_preferences" ADD COLUMN "quiet_hours_start" text DEFAULT '21:00' NOT NULL;--> statement-breakpoint
ALTER TABLE "user_preferences" ADD COLUMN "quiet_hours_end" text DEFAULT '08:00' NOT NULL;--> statement-breakpoint
ALTER TABLE "user_preferences" ADD COLUMN "urgent_calls_in_quiet_hours" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "call_logs" ADD COLUMN "provider_status" text;--> statement-breakpoint
ALTER TABLE "call_logs" ADD COLUMN "answered_by" text;--> statement-breakpoint
ALTER TABLE "call_logs" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "call_logs" ADD COLUMN "items" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "call_logs" ADD COLUMN "to_number" text;--> statement-breakpoint
ALTER TABLE "call_logs" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "call_logs" ADD COLUMN "speaking_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "call_logs" ADD COLUMN "voice" text;--> statement-breakpoint
ALTER TABLE "call_logs" ADD COLUMN "speech_engine" text;--> statement-breakpoint
ALTER TABLE "call_logs" ADD COLUMN "speech_note" text;--> statement-breakpoint
ALTER TABLE "email_messages" ADD COLUMN "remind_later_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "call_attempts" ADD CONSTRAINT "call_attempts_call_id_call_logs_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."call_logs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_attempts" ADD CONSTRAINT "call_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_audio" ADD CONSTRAINT "call_audio_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_confirmations" ADD CONSTRAINT "phone_confirmations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_confirmations" ADD CONSTRAINT "phone_confirmations_call_id_call_logs_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."call_logs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "call_attempts_call_attempt_key" ON "call_attempts" USING btree ("call_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "call_attempts_provider_call_id_key" ON "call_attempts" USING btree ("provider_call_id");--> statement-breakpoint
CREATE INDEX "call_attempts_user_open_idx" ON "call_attempts" USING btree ("user_id") WHERE "call_attempts"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "phone_confirmations_user_idx" ON "phone_confirmations" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "call_logs_user_open_idx" ON "call_logs" USING btree ("user_id","call_type") WHERE "call_logs"."status" in ('scheduled', 'in-progress');