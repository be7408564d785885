-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "requestedBy" TEXT;

-- CreateTable
CREATE TABLE "BackchannelInvite" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "roleKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "invitedSeq" INTEGER NOT NULL,
    "respondedSeq" INTEGER,

    CONSTRAINT "BackchannelInvite_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BackchannelInvite_channelId_roleKey_key" ON "BackchannelInvite"("channelId", "roleKey");

-- AddForeignKey
ALTER TABLE "BackchannelInvite" ADD CONSTRAINT "BackchannelInvite_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
