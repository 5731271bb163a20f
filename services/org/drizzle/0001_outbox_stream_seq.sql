ALTER TABLE "orgs"."outbox" ADD COLUMN "stream_seq" bigint;--> statement-breakpoint
CREATE INDEX "outbox_stream_seq_idx" ON "orgs"."outbox" USING btree ("stream_seq") WHERE stream_seq is not null;