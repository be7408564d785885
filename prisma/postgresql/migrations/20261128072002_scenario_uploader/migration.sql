-- AlterTable
ALTER TABLE "Scenario" ADD COLUMN     "uploadedById" TEXT;
