CREATE TABLE "patient_checklist_item" (
	"clinic_id" uuid NOT NULL,
	"episode_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"item" text NOT NULL,
	"checked" boolean NOT NULL,
	"instruction" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by_id" text NOT NULL,
	CONSTRAINT "patient_checklist_item_booking_id_item_pk" PRIMARY KEY("booking_id","item")
);
--> statement-breakpoint
ALTER TABLE "patient_checklist_item" ADD CONSTRAINT "patient_checklist_item_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_checklist_item" ADD CONSTRAINT "patient_checklist_item_episode_id_episode_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episode"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_checklist_item" ADD CONSTRAINT "patient_checklist_item_booking_id_booking_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."booking"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patient_checklist_item_episode_idx" ON "patient_checklist_item" USING btree ("episode_id");