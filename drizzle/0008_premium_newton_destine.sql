CREATE TABLE "workflow_flow_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"tat" timestamp with time zone NOT NULL,
	"next_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "throttle_key" text;--> statement-breakpoint
ALTER TABLE "workflow_steps" ADD COLUMN "wait_event" text;--> statement-breakpoint
ALTER TABLE "workflow_steps" ADD COLUMN "wait_if" text;--> statement-breakpoint
CREATE INDEX "workflow_flow_limits_tat_idx" ON "workflow_flow_limits" USING btree ("tat");--> statement-breakpoint
CREATE INDEX "workflow_runs_function_status_idx" ON "workflow_runs" USING btree ("function_id","status");--> statement-breakpoint
CREATE INDEX "workflow_steps_waits_idx" ON "workflow_steps" USING btree ("wait_event") WHERE "workflow_steps"."kind" = 'wait';