-- CreateTable
CREATE TABLE "AgreementVote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agreementId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "clauseKey" TEXT,
    "secret" BOOLEAN NOT NULL,
    "calledByRole" TEXT NOT NULL,
    "electorate" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedSeq" INTEGER NOT NULL,
    "closedSeq" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgreementVote_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgreementBallot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "voteId" TEXT NOT NULL,
    "roleKey" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    CONSTRAINT "AgreementBallot_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "AgreementVote" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Annotation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "exerciseId" TEXT NOT NULL,
    "authorUserId" TEXT NOT NULL,
    "targetSeq" INTEGER,
    "atTime" DATETIME,
    "body" TEXT NOT NULL,
    "visibleToParticipants" BOOLEAN NOT NULL DEFAULT false,
    "important" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Annotation_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Annotation_authorUserId_fkey" FOREIGN KEY ("authorUserId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Annotation" ("atTime", "authorUserId", "body", "createdAt", "exerciseId", "id", "targetSeq", "visibleToParticipants") SELECT "atTime", "authorUserId", "body", "createdAt", "exerciseId", "id", "targetSeq", "visibleToParticipants" FROM "Annotation";
DROP TABLE "Annotation";
ALTER TABLE "new_Annotation" RENAME TO "Annotation";
CREATE INDEX "Annotation_exerciseId_targetSeq_idx" ON "Annotation"("exerciseId", "targetSeq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AgreementBallot_voteId_roleKey_key" ON "AgreementBallot"("voteId", "roleKey");
