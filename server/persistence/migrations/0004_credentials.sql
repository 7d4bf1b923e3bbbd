CREATE TABLE "credential_aliases" (
	"alias_key" text PRIMARY KEY NOT NULL,
	"legacy_id" text NOT NULL,
	"tenant_id" uuid NOT NULL,
	"credential_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"certificate_id" text NOT NULL,
	"certification_id" uuid NOT NULL,
	"user_id" uuid,
	"holder_name" text NOT NULL,
	"holder_email" text NOT NULL,
	"subject_id" text NOT NULL,
	"attempt_id" uuid,
	"source" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"suspended_at" timestamp with time zone,
	"suspension_reason" text,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text,
	"status_list_index" integer NOT NULL,
	"kid" text NOT NULL,
	"vc_jwt" text NOT NULL,
	"certificate_layout" jsonb NOT NULL,
	"pdf_sha256" text NOT NULL,
	"issued_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credentials_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"tenant_id" uuid NOT NULL,
	"kid" text NOT NULL,
	"alg" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_key_sealed" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "signing_keys_tenant_id_kid_pk" PRIMARY KEY("tenant_id","kid")
);
--> statement-breakpoint
ALTER TABLE "credential_aliases" ADD CONSTRAINT "credential_aliases_tenant_id_credential_id_credentials_tenant_id_id_fk" FOREIGN KEY ("tenant_id","credential_id") REFERENCES "public"."credentials"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_tenant_id_certification_id_certifications_tenant_id_id_fk" FOREIGN KEY ("tenant_id","certification_id") REFERENCES "public"."certifications"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_certificate_id" ON "credentials" USING btree ("certificate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_tenant_status_index" ON "credentials" USING btree ("tenant_id","status_list_index");--> statement-breakpoint
CREATE INDEX "credentials_tenant_user" ON "credentials" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "credentials_tenant_email" ON "credentials" USING btree ("tenant_id","holder_email");--> statement-breakpoint
CREATE UNIQUE INDEX "signing_keys_kid" ON "signing_keys" USING btree ("kid");