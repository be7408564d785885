-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "important" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "AgreementVote" (
    "id" TEXT NOT NULL,
    "agreementId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "clauseKey" TEXT,
    "secret" BOOLEAN NOT NULL,
    "calledByRole" TEXT NOT NULL,
    "electorate" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedSeq" INTEGER NOT NULL,
    "closedSeq" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgreementVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgreementBallot" (
    "id" TEXT NOT NULL,
    "voteId" TEXT NOT NULL,
    "roleKey" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,

    CONSTRAINT "AgreementBallot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgreementBallot_voteId_roleKey_key" ON "AgreementBallot"("voteId", "roleKey");

-- AddForeignKey
ALTER TABLE "AgreementVote" ADD CONSTRAINT "AgreementVote_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementBallot" ADD CONSTRAINT "AgreementBallot_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "AgreementVote"("id") ON DELETE CASCADE ON UPDATE CASCADE;
