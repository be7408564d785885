-- AlterTable
ALTER TABLE "User" ADD COLUMN "tokensValidAfter" DATETIME;
