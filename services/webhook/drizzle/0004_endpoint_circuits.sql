CREATE TABLE "webhooks"."endpoint_circuits" (
	"endpoint_id" text PRIMARY KEY NOT NULL,
	"open_until" timestamp with time zone NOT NULL,
	"open_ms" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhooks"."endpoint_circuits" ADD CONSTRAINT "endpoint_circuits_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "webhooks"."endpoints"("id") ON DELETE cascade ON UPDATE no action;