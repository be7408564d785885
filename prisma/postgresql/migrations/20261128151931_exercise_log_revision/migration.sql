-- AlterTable
ALTER TABLE "Exercise" ADD COLUMN     "logRevision" INTEGER NOT NULL DEFAULT 0;
