CREATE TYPE "public"."call_status" AS ENUM('scheduled', 'in-progress', 'completed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."call_type" AS ENUM('urgent', 'digest', 'meeting-reminder');--> statement-breakpoint
CREATE TYPE "public"."sender_category" AS ENUM('call-me', 'remind-me', 'keep-quiet', 'why-did-i-signup', 'dont-tell-anyone', 'unassigned');--> statement-breakpoint
CREATE TYPE "public"."sender_type" AS ENUM('newsletter', 'tool', 'meeting', 'promotional', 'personal');--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text DEFAULT 'api' NOT NULL,
	"refresh_token_hash" text,
	"previous_refresh_token_hash" text,
	"user_agent" text,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "email_verification_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"phone_number" text,
	"password_hash" text,
	"email_verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"purge_after" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "email_senders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"email" text NOT NULL,
	"domain" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"category" "sender_category" DEFAULT 'unassigned' NOT NULL,
	"category_source" text DEFAULT 'default' NOT NULL,
	"suggested_category" "sender_category",
	"email_count" integer DEFAULT 0 NOT NULL,
	"latest_subject" text DEFAULT '' NOT NULL,
	"latest_date" timestamp with time zone,
	"latest_preview" text DEFAULT '' NOT NULL,
	"sender_type" "sender_type" DEFAULT 'personal' NOT NULL,
	"sender_type_source" text DEFAULT 'headers' NOT NULL,
	"list_id" text,
	"unsubscribe_http" text,
	"unsubscribe_mailto" text,
	"unsubscribe_one_click" boolean DEFAULT false NOT NULL,
	"unsubscribe_status" text,
	"unsubscribed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sender_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"match_type" text NOT NULL,
	"match_value" text NOT NULL,
	"category" "sender_category" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "preference_audit_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"source" text NOT NULL,
	"changes" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_preferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"urgent_financial" boolean DEFAULT true NOT NULL,
	"investor_updates" boolean DEFAULT false NOT NULL,
	"customer_issues" boolean DEFAULT false NOT NULL,
	"team_urgent" boolean DEFAULT true NOT NULL,
	"partnership_deals" boolean DEFAULT false NOT NULL,
	"product_launches" boolean DEFAULT false NOT NULL,
	"meeting_reminder_timing" text DEFAULT '15-minutes' NOT NULL,
	"meeting_reminder_frequency" text DEFAULT 'all-meetings' NOT NULL,
	"meeting_reminder_method" text DEFAULT 'call-only' NOT NULL,
	"preferred_call_time" text DEFAULT '09:00' NOT NULL,
	"voice_preference" text DEFAULT 'alloy' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_preferences_user_id_key" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "call_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"call_type" "call_type" NOT NULL,
	"status" "call_status" DEFAULT 'scheduled' NOT NULL,
	"priority" text,
	"scheduled_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"duration_seconds" integer,
	"content_summary" text DEFAULT '' NOT NULL,
	"script" text,
	"audio_url" text,
	"provider" text,
	"provider_call_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"commands" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"transcript" text,
	"success" boolean,
	"error" text,
	"llm_latency_ms" integer,
	"tts_latency_ms" integer,
	"idempotency_key" text,
	"message_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_test" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"account_email" text DEFAULT '' NOT NULL,
	"credentials_encrypted" text,
	"status" text DEFAULT 'connected' NOT NULL,
	"sync_cursor" jsonb,
	"last_sync_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"account_email" text DEFAULT '' NOT NULL,
	"credentials_encrypted" text,
	"status" text DEFAULT 'connected' NOT NULL,
	"sync_cursor" jsonb,
	"last_sync_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"integration_id" uuid NOT NULL,
	"sender_id" uuid,
	"provider_message_id" text NOT NULL,
	"thread_id" text,
	"from_email" text NOT NULL,
	"from_name" text DEFAULT '' NOT NULL,
	"to" text DEFAULT '' NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"preview" text DEFAULT '' NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_urgent" boolean DEFAULT false NOT NULL,
	"urgent_reason" text,
	"urgent_event_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scan_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"integration_id" uuid,
	"kind" text DEFAULT 'scan' NOT NULL,
	"status" text DEFAULT 'processing' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_counters" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_limit_counters_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "workflow_cron_state" (
	"function_id" text PRIMARY KEY NOT NULL,
	"last_fired_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"function_id" text NOT NULL,
	"event" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"concurrency_key" text,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"result" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "workflow_steps" (
	"run_id" uuid NOT NULL,
	"step_key" text NOT NULL,
	"step_id" text NOT NULL,
	"data" jsonb,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_steps_run_id_step_key_pk" PRIMARY KEY("run_id","step_key")
);
--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_verification_tokens" ADD CONSTRAINT "email_verification_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_senders" ADD CONSTRAINT "email_senders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sender_rules" ADD CONSTRAINT "sender_rules_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_audit_logs" ADD CONSTRAINT "preference_audit_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_preferences" ADD CONSTRAINT "user_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_logs" ADD CONSTRAINT "call_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_integrations" ADD CONSTRAINT "calendar_integrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_integrations" ADD CONSTRAINT "email_integrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_integration_id_email_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."email_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_sender_id_email_senders_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."email_senders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_jobs" ADD CONSTRAINT "scan_jobs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_jobs" ADD CONSTRAINT "scan_jobs_integration_id_email_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."email_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_steps" ADD CONSTRAINT "workflow_steps_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_sessions_user_id_idx" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "auth_sessions_refresh_token_hash_key" ON "auth_sessions" USING btree ("refresh_token_hash");--> statement-breakpoint
CREATE INDEX "auth_sessions_previous_refresh_token_hash_idx" ON "auth_sessions" USING btree ("previous_refresh_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "email_verification_tokens_hash_key" ON "email_verification_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "email_verification_tokens_user_id_idx" ON "email_verification_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_active_key" ON "users" USING btree (lower("email")) WHERE "users"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "users_email_idx" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_purge_after_idx" ON "users" USING btree ("purge_after");--> statement-breakpoint
CREATE UNIQUE INDEX "email_senders_user_id_email_key" ON "email_senders" USING btree ("user_id","email");--> statement-breakpoint
CREATE INDEX "email_senders_user_id_category_count_idx" ON "email_senders" USING btree ("user_id","category","email_count" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "email_senders_user_id_count_idx" ON "email_senders" USING btree ("user_id","email_count" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "email_senders_user_id_latest_idx" ON "email_senders" USING btree ("user_id","latest_date" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "email_senders_user_id_domain_idx" ON "email_senders" USING btree ("user_id","domain");--> statement-breakpoint
CREATE INDEX "email_senders_email_idx" ON "email_senders" USING btree ("email");--> statement-breakpoint
CREATE INDEX "email_senders_user_id_list_id_idx" ON "email_senders" USING btree ("user_id","list_id") WHERE "email_senders"."list_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "sender_rules_user_match_key" ON "sender_rules" USING btree ("user_id","match_type","match_value");--> statement-breakpoint
CREATE INDEX "preference_audit_logs_user_id_idx" ON "preference_audit_logs" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "call_logs_user_id_scheduled_idx" ON "call_logs" USING btree ("user_id","scheduled_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "call_logs_user_id_type_idx" ON "call_logs" USING btree ("user_id","call_type","scheduled_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "call_logs_user_idempotency_key" ON "call_logs" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "call_logs_provider_call_id_idx" ON "call_logs" USING btree ("provider_call_id");--> statement-breakpoint
CREATE INDEX "calendar_integrations_user_id_idx" ON "calendar_integrations" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_integrations_user_provider_account_key" ON "calendar_integrations" USING btree ("user_id","provider","account_email");--> statement-breakpoint
CREATE INDEX "email_integrations_user_id_idx" ON "email_integrations" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "email_integrations_user_provider_account_key" ON "email_integrations" USING btree ("user_id","provider","account_email");--> statement-breakpoint
CREATE UNIQUE INDEX "email_messages_integration_provider_id_key" ON "email_messages" USING btree ("integration_id","provider_message_id");--> statement-breakpoint
CREATE INDEX "email_messages_user_sender_received_idx" ON "email_messages" USING btree ("user_id","sender_id","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "email_messages_user_received_idx" ON "email_messages" USING btree ("user_id","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "scan_jobs_user_id_idx" ON "scan_jobs" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notifications_user_id_idx" ON "notifications" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "rate_limit_counters_expires_idx" ON "rate_limit_counters" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "workflow_runs_due_idx" ON "workflow_runs" USING btree ("status","run_at");--> statement-breakpoint
CREATE INDEX "workflow_runs_concurrency_idx" ON "workflow_runs" USING btree ("function_id","concurrency_key","status");