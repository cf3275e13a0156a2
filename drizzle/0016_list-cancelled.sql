ALTER TABLE "procedure_list" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "procedure_list" ADD COLUMN "cancelled_reason" text;--> statement-breakpoint
ALTER TABLE "procedure_list" ADD COLUMN "cancelled_by_name" text;