CREATE TABLE "cds_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"client" text NOT NULL,
	"service" text NOT NULL,
	"card" text NOT NULL,
	"outcome" text NOT NULL,
	"accepted_suggestions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"override_reason" jsonb,
	"outcome_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cds_token_use" (
	"clinic_id" uuid NOT NULL,
	"client" text NOT NULL,
	"jti" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cds_token_use_clinic_id_client_jti_pk" PRIMARY KEY("clinic_id","client","jti")
);
--> statement-breakpoint
ALTER TABLE "cds_feedback" ADD CONSTRAINT "cds_feedback_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cds_token_use" ADD CONSTRAINT "cds_token_use_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cds_feedback_clinic_idx" ON "cds_feedback" USING btree ("clinic_id","received_at");--> statement-breakpoint
CREATE INDEX "cds_token_use_expires_idx" ON "cds_token_use" USING btree ("expires_at");