CREATE TABLE "audit_chain_heads" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_staged" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_staged_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"details" jsonb NOT NULL,
	"hash_before" text NOT NULL,
	"hash_after" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_chain_heads" ADD CONSTRAINT "audit_chain_heads_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Every chain's current last entry becomes its head.
INSERT INTO "audit_chain_heads" ("tenant_id", "seq", "hash")
  SELECT DISTINCT ON ("tenant_id") "tenant_id", "seq", "hash" FROM "audit_entries" ORDER BY "tenant_id", "seq" DESC;
--> statement-breakpoint
-- Links a staged audit entry into its tenant's chain when its transaction commits: locks the chain's head row
-- (waiting for, then reading, the head a concurrent transaction committed), stores the entry with the next
-- sequence number, the head's hash as its previous hash and the SHA-256 of its canonical JSON (the staged text
-- around the previous hash and the sequence number, as audit-chain.ts's entryHash builds it), and moves the head.
-- The head is so held from the commit's start to its end, never across a round trip to the application.
CREATE FUNCTION audit_staged_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash text;
  entry_hash text;
BEGIN
  SELECT seq, hash INTO head_seq, head_hash FROM audit_chain_heads WHERE tenant_id = NEW.tenant_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO audit_chain_heads (tenant_id, seq, hash) VALUES (NEW.tenant_id, 0, repeat('0', 64))
      ON CONFLICT DO NOTHING;
    SELECT seq, hash INTO head_seq, head_hash FROM audit_chain_heads WHERE tenant_id = NEW.tenant_id FOR UPDATE;
  END IF;
  entry_hash := encode(sha256(convert_to(
    NEW.hash_before || head_hash || '","seq":' || (head_seq + 1)::text || NEW.hash_after, 'UTF8')), 'hex');
  INSERT INTO audit_entries
    (tenant_id, seq, occurred_at, actor_id, action, subject_type, subject_id, details, prev_hash, hash)
    VALUES (NEW.tenant_id, head_seq + 1, NEW.occurred_at, NEW.actor_id, NEW.action, NEW.subject_type,
      NEW.subject_id, NEW.details, head_hash, entry_hash);
  UPDATE audit_chain_heads SET seq = head_seq + 1, hash = entry_hash WHERE tenant_id = NEW.tenant_id;
  DELETE FROM audit_staged WHERE id = NEW.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_staged_link AFTER INSERT ON audit_staged
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_staged_link();
--> statement-breakpoint
-- Every change of an attempt moves its version on, whoever writes it.
CREATE FUNCTION attempts_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER attempts_next_version BEFORE UPDATE ON attempts
  FOR EACH ROW EXECUTE FUNCTION attempts_next_version();
