-- AlterTable
ALTER TABLE "Exercise" ADD COLUMN     "clock" TEXT NOT NULL DEFAULT '';
