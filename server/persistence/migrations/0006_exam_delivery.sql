CREATE TABLE "accommodations" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"certification_id" uuid NOT NULL,
	"extra_time_percent" integer NOT NULL,
	"extra_time_minutes" integer NOT NULL,
	"breaks_allowed" integer NOT NULL,
	"note" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "accommodations_tenant_id_user_id_certification_id_pk" PRIMARY KEY("tenant_id","user_id","certification_id")
);
--> statement-breakpoint
CREATE TABLE "attempt_responses" (
	"tenant_id" uuid NOT NULL,
	"attempt_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"position" integer NOT NULL,
	"item_id" uuid NOT NULL,
	"item_version" integer NOT NULL,
	"domain" text NOT NULL,
	"scored" boolean NOT NULL,
	"answer" jsonb,
	"marked" boolean NOT NULL,
	"score" double precision,
	"time_on_item_ms" integer,
	"theta" double precision,
	"se" double precision,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "attempt_responses_tenant_id_attempt_id_seq_pk" PRIMARY KEY("tenant_id","attempt_id","seq")
);
--> statement-breakpoint
CREATE TABLE "attempt_results" (
	"tenant_id" uuid NOT NULL,
	"attempt_id" uuid NOT NULL,
	"passed" boolean NOT NULL,
	"scaled_score" double precision,
	"percent_correct" double precision NOT NULL,
	"theta" double precision,
	"se" double precision,
	"detail" jsonb NOT NULL,
	"credential_id" uuid,
	"earliest_retake_at" timestamp with time zone,
	"scored_at" timestamp with time zone NOT NULL,
	CONSTRAINT "attempt_results_tenant_id_attempt_id_pk" PRIMARY KEY("tenant_id","attempt_id")
);
--> statement-breakpoint
CREATE TABLE "attempts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"certification_id" uuid NOT NULL,
	"blueprint_version" integer NOT NULL,
	"candidate_id" uuid NOT NULL,
	"status" text NOT NULL,
	"mode" text NOT NULL,
	"seed" integer NOT NULL,
	"form" jsonb NOT NULL,
	"progress" jsonb,
	"current_position" integer,
	"current_item_id" uuid,
	"current_served_at" timestamp with time zone,
	"answered_count" integer NOT NULL,
	"last_seq" integer NOT NULL,
	"epoch" integer NOT NULL,
	"allowed_ms" integer NOT NULL,
	"breaks_allowed" integer NOT NULL,
	"breaks_taken" integer NOT NULL,
	"checked_in_at" timestamp with time zone NOT NULL,
	"check_in" jsonb NOT NULL,
	"started_at" timestamp with time zone,
	"deadline" timestamp with time zone,
	"paused_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"submitted_by" text,
	"voucher_id" uuid,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"technical_fault" boolean,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "attempts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "eligibility_exceptions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"certification_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"reason" text NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone NOT NULL,
	"used_by_attempt_id" uuid,
	CONSTRAINT "eligibility_exceptions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "voucher_pools" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"certification_id" uuid NOT NULL,
	"name" text NOT NULL,
	"partner_ref" text,
	"expires_at" timestamp with time zone NOT NULL,
	"uses_per_code" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "voucher_pools_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "vouchers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"code" text NOT NULL,
	"uses" integer NOT NULL,
	CONSTRAINT "vouchers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "blueprints" ADD COLUMN "item_pool" jsonb;--> statement-breakpoint
ALTER TABLE "blueprints" ADD COLUMN "exposure_parameters" jsonb;--> statement-breakpoint
ALTER TABLE "certifications" ADD COLUMN "candidate_policy" jsonb;--> statement-breakpoint
ALTER TABLE "webauthn_challenges" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
ALTER TABLE "accommodations" ADD CONSTRAINT "accommodations_tenant_id_certification_id_certifications_tenant_id_id_fk" FOREIGN KEY ("tenant_id","certification_id") REFERENCES "public"."certifications"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_responses" ADD CONSTRAINT "attempt_responses_tenant_id_attempt_id_attempts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","attempt_id") REFERENCES "public"."attempts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_results" ADD CONSTRAINT "attempt_results_tenant_id_attempt_id_attempts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","attempt_id") REFERENCES "public"."attempts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_tenant_id_certification_id_certifications_tenant_id_id_fk" FOREIGN KEY ("tenant_id","certification_id") REFERENCES "public"."certifications"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_pools" ADD CONSTRAINT "voucher_pools_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_pools" ADD CONSTRAINT "voucher_pools_tenant_id_certification_id_certifications_tenant_id_id_fk" FOREIGN KEY ("tenant_id","certification_id") REFERENCES "public"."certifications"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_tenant_id_pool_id_voucher_pools_tenant_id_id_fk" FOREIGN KEY ("tenant_id","pool_id") REFERENCES "public"."voucher_pools"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_one_live" ON "attempts" USING btree ("tenant_id","candidate_id","certification_id") WHERE status in ('checked_in', 'in_progress', 'paused');--> statement-breakpoint
CREATE INDEX "attempts_running_deadline" ON "attempts" USING btree ("deadline") WHERE status = 'in_progress';--> statement-breakpoint
CREATE INDEX "attempts_tenant_certification" ON "attempts" USING btree ("tenant_id","certification_id","checked_in_at");--> statement-breakpoint
CREATE INDEX "attempts_tenant_candidate" ON "attempts" USING btree ("tenant_id","candidate_id");--> statement-breakpoint
CREATE INDEX "eligibility_exceptions_candidate" ON "eligibility_exceptions" USING btree ("tenant_id","user_id","certification_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vouchers_tenant_code" ON "vouchers" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_one_per_attempt" ON "credentials" USING btree ("tenant_id","attempt_id") WHERE attempt_id is not null;