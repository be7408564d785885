-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0;
