-- The attempt log, partitioned by UTC day of started_at, so that retention drops whole days (docs/operations.md,
-- "Retention"). The table as it was becomes the first partition, from MINVALUE to the end of this UTC day (attempts
-- from earlier today are in it), then one empty partition per day up to 7 days ahead; the service makes later ones.
-- The foreign key to deliveries goes: removing a partition would lock deliveries (its FK triggers live there);
-- a statement trigger on deliveries removes a removed delivery's attempts instead, as the cascade did.
-- Runs under ACCESS EXCLUSIVE on attempts: one scan of it (the new key, then checking the partition bound).
ALTER TABLE "webhooks"."attempts" DROP CONSTRAINT "attempts_delivery_id_deliveries_id_fk";--> statement-breakpoint
DO $$
DECLARE
  -- A worker's clock a little ahead of the database's may have logged an attempt after today: cover it too.
  first_end date := greatest(
    (now() at time zone 'utc')::date + 1,
    (select (max(started_at) at time zone 'utc')::date + 1 from webhooks.attempts));
  first_name text := 'attempts_before_' || to_char(first_end, 'YYYYMMDD');
  day date;
BEGIN
  EXECUTE format('ALTER TABLE webhooks.attempts RENAME TO %I', first_name);
  EXECUTE format('ALTER TABLE webhooks.%I DROP CONSTRAINT attempts_pkey', first_name);
  EXECUTE format('ALTER TABLE webhooks.%I ADD CONSTRAINT %I PRIMARY KEY (id, started_at)', first_name, first_name || '_pkey');
  EXECUTE format('ALTER INDEX webhooks.attempts_delivery_idx RENAME TO %I', first_name || '_delivery_idx');
  CREATE TABLE webhooks.attempts (
    id text NOT NULL,
    delivery_id text NOT NULL,
    attempt_number integer NOT NULL,
    started_at timestamp with time zone NOT NULL,
    latency_ms integer NOT NULL,
    status_code integer,
    succeeded boolean NOT NULL,
    error text,
    response_excerpt text,
    CONSTRAINT attempts_pkey PRIMARY KEY (id, started_at)
  ) PARTITION BY RANGE (started_at);
  CREATE INDEX attempts_delivery_idx ON webhooks.attempts USING btree (delivery_id, attempt_number);
  -- Its key and index match the parent's: attaching adopts them instead of building new ones.
  EXECUTE format('ALTER TABLE webhooks.attempts ATTACH PARTITION webhooks.%I FOR VALUES FROM (MINVALUE) TO (%L)',
    first_name, first_end::timestamp AT TIME ZONE 'utc');
  FOR day IN SELECT generate_series(first_end, (now() at time zone 'utc')::date + 7, interval '1 day')::date LOOP
    EXECUTE format('CREATE TABLE webhooks.%I (LIKE webhooks.attempts INCLUDING ALL)', 'attempts_' || to_char(day, 'YYYYMMDD'));
    EXECUTE format('ALTER TABLE webhooks.attempts ATTACH PARTITION webhooks.%I FOR VALUES FROM (%L) TO (%L)',
      'attempts_' || to_char(day, 'YYYYMMDD'), day::timestamp AT TIME ZONE 'utc', (day + 1)::timestamp AT TIME ZONE 'utc');
  END LOOP;
END $$;--> statement-breakpoint
CREATE FUNCTION webhooks.remove_attempts_of_removed_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM webhooks.attempts WHERE delivery_id IN (SELECT id FROM removed);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER deliveries_remove_attempts AFTER DELETE ON webhooks.deliveries
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION webhooks.remove_attempts_of_removed_deliveries();
