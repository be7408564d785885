-- CreateTable
CREATE TABLE "Effect" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "dedupeKey" TEXT,
    "exerciseId" TEXT,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leasedBy" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "doneAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Effect_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Effect_dedupeKey_key" ON "Effect"("dedupeKey");

-- CreateIndex
CREATE INDEX "Effect_doneAt_failedAt_runAt_idx" ON "Effect"("doneAt", "failedAt", "runAt");

-- CreateIndex
CREATE INDEX "Effect_exerciseId_idx" ON "Effect"("exerciseId");
