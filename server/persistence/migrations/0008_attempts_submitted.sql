-- The deadline sweep also scores submitted attempts a node left unscored (server/app/delivery/scoring.ts): this
-- index keeps that search to the attempts awaiting a result instead of reading every attempt.
CREATE INDEX "attempts_submitted" ON "attempts" USING btree ("updated_at") WHERE status = 'submitted';
