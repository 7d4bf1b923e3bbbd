-- The sweep's failed tries at settling an attempt (the signing service down, say): each next try waits longer
-- (settleRetryAt in server/domain/assessment/attempt.ts), so such an attempt neither floods the log every 5
-- seconds nor holds up the attempts behind it.
ALTER TABLE "attempts" ADD COLUMN "settle_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "settle_after" timestamp with time zone;