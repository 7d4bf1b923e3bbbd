-- An answer rewrites its attempt's row (the adaptive state, the question served, the sequence number, updated_at).
-- With the sweep's index on updated_at, every such update changed an indexed column, so PostgreSQL wrote a new
-- entry into each of the table's indexes on every answer. On finished_at (set once, at submission) no index
-- covers a column an answer changes, and with room left on each page (fillfactor 70) the row is updated in place
-- (a heap-only tuple update): no index write per answer.
DROP INDEX "attempts_submitted";--> statement-breakpoint
CREATE INDEX "attempts_submitted" ON "attempts" USING btree ("finished_at") WHERE status = 'submitted';--> statement-breakpoint
ALTER TABLE "attempts" SET (fillfactor = 70);
