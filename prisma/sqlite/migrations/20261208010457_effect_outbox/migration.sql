-- CreateTable
CREATE TABLE "Effect" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "dedupeKey" TEXT,
    "exerciseId" TEXT,
    "runAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leasedBy" TEXT,
    "leaseUntil" DATETIME,
    "doneAt" DATETIME,
    "failedAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Effect_dedupeKey_key" ON "Effect"("dedupeKey");

-- CreateIndex
CREATE INDEX "Effect_doneAt_failedAt_runAt_idx" ON "Effect"("doneAt", "failedAt", "runAt");

-- CreateIndex
CREATE INDEX "Effect_exerciseId_idx" ON "Effect"("exerciseId");
