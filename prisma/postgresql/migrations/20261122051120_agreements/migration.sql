-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "createdByRole" TEXT,
ADD COLUMN     "tabledByRole" TEXT;

-- CreateTable
CREATE TABLE "Amendment" (
    "id" TEXT NOT NULL,
    "agreementId" TEXT NOT NULL,
    "baseVersion" INTEGER NOT NULL,
    "change" TEXT NOT NULL,
    "roleKey" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "reason" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "proposedSeq" INTEGER NOT NULL,
    "decidedSeq" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Amendment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Amendment_agreementId_status_idx" ON "Amendment"("agreementId", "status");

-- AddForeignKey
ALTER TABLE "Amendment" ADD CONSTRAINT "Amendment_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;
