CREATE TABLE "audit_chain_heads" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_chain_heads" ADD CONSTRAINT "audit_chain_heads_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Every chain's current last entry becomes its head.
INSERT INTO "audit_chain_heads" ("tenant_id", "seq", "hash")
  SELECT DISTINCT ON ("tenant_id") "tenant_id", "seq", "hash" FROM "audit_entries" ORDER BY "tenant_id", "seq" DESC;
