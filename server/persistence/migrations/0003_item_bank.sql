CREATE TABLE "blueprints" (
	"tenant_id" uuid NOT NULL,
	"certification_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "blueprints_tenant_id_certification_id_version_pk" PRIMARY KEY("tenant_id","certification_id","version")
);
--> statement-breakpoint
CREATE TABLE "calibration_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"model" text NOT NULL,
	"examinees" integer NOT NULL,
	"result" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone,
	"applied_by" uuid,
	CONSTRAINT "calibration_runs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "certifications" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"validity_months" integer NOT NULL,
	"blueprint_version" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "certifications_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "item_responses" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"item_version" integer NOT NULL,
	"examinee_ref" text NOT NULL,
	"score" double precision NOT NULL,
	"response_time_sec" double precision,
	"source" text NOT NULL,
	"administered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "item_responses_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "item_versions" (
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"type" text NOT NULL,
	"domain" text NOT NULL,
	"pretest" boolean NOT NULL,
	"content" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"irt_model" text,
	"irt_a" double precision,
	"irt_b" double precision,
	"irt_c" double precision,
	"irt_source" text,
	"author_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"reviewer_id" uuid,
	"reviewed_at" timestamp with time zone,
	"review_comment" text,
	"retired_at" timestamp with time zone,
	CONSTRAINT "item_versions_tenant_id_item_id_version_pk" PRIMARY KEY("tenant_id","item_id","version")
);
--> statement-breakpoint
CREATE TABLE "items" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"latest_version" integer NOT NULL,
	"active_version" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "items_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "blueprints" ADD CONSTRAINT "blueprints_tenant_id_certification_id_certifications_tenant_id_id_fk" FOREIGN KEY ("tenant_id","certification_id") REFERENCES "public"."certifications"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_runs" ADD CONSTRAINT "calibration_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_responses" ADD CONSTRAINT "item_responses_tenant_id_item_id_item_version_item_versions_tenant_id_item_id_version_fk" FOREIGN KEY ("tenant_id","item_id","item_version") REFERENCES "public"."item_versions"("tenant_id","item_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_tenant_id_item_id_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certifications_tenant_code" ON "certifications" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE INDEX "item_responses_tenant_item" ON "item_responses" USING btree ("tenant_id","item_id","item_version");--> statement-breakpoint
CREATE INDEX "item_versions_tenant_status_domain" ON "item_versions" USING btree ("tenant_id","status","domain");--> statement-breakpoint
CREATE UNIQUE INDEX "items_tenant_external_id" ON "items" USING btree ("tenant_id","external_id");