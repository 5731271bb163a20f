ALTER TABLE "webhooks"."endpoints" ADD COLUMN "send_trace_context" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "webhooks"."events" ADD COLUMN "trace_context" text;--> statement-breakpoint
ALTER TABLE "webhooks"."outbox" ADD COLUMN "trace_context" text;