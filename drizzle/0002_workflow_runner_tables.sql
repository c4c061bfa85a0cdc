CREATE TABLE "workflow_cron_state" (
	"function_id" text NOT NULL,
	"cron" text NOT NULL,
	"last_slot_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_cron_state_function_id_cron_pk" PRIMARY KEY("function_id","cron")
);
--> statement-breakpoint
CREATE TABLE "workflow_events" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "workflow_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"function_id" text NOT NULL,
	"handler" text DEFAULT 'main' NOT NULL,
	"event_id" text NOT NULL,
	"event" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"concurrency" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"singleton_key" text,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"result" jsonb,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "workflow_steps" (
	"run_id" uuid NOT NULL,
	"step_key" text NOT NULL,
	"step_id" text NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb,
	"error" jsonb,
	"wake_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "workflow_steps_run_id_step_key_pk" PRIMARY KEY("run_id","step_key")
);
--> statement-breakpoint
ALTER TABLE "workflow_steps" ADD CONSTRAINT "workflow_steps_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workflow_events_pending_idx" ON "workflow_events" USING btree ("created_at") WHERE "workflow_events"."dispatched_at" is null;--> statement-breakpoint
CREATE INDEX "workflow_events_dispatched_idx" ON "workflow_events" USING btree ("dispatched_at");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_runs_function_event_key" ON "workflow_runs" USING btree ("function_id","handler","event_id");--> statement-breakpoint
CREATE INDEX "workflow_runs_due_idx" ON "workflow_runs" USING btree ("status","run_at");--> statement-breakpoint
CREATE INDEX "workflow_runs_locked_until_idx" ON "workflow_runs" USING btree ("locked_until") WHERE "workflow_runs"."locked_until" is not null;--> statement-breakpoint
CREATE INDEX "workflow_runs_singleton_idx" ON "workflow_runs" USING btree ("singleton_key","status") WHERE "workflow_runs"."singleton_key" is not null;--> statement-breakpoint
CREATE INDEX "workflow_runs_finished_idx" ON "workflow_runs" USING btree ("finished_at");