DROP TABLE "workflow_cron_state" CASCADE;--> statement-breakpoint
DROP TABLE "workflow_runs" CASCADE;--> statement-breakpoint
DROP TABLE "workflow_steps" CASCADE;