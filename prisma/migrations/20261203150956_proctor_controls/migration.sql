-- AlterTable
ALTER TABLE "Attempt" ADD COLUMN     "lockedAt" TIMESTAMP(3),
ADD COLUMN     "pausedAt" TIMESTAMP(3),
ADD COLUMN     "pausedSeconds" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ProctorMessage" (
    "id" TEXT NOT NULL,
    "examSessionId" TEXT NOT NULL,
    "attemptId" TEXT,
    "senderId" TEXT,
    "text" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProctorMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageAck" (
    "messageId" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageAck_pkey" PRIMARY KEY ("messageId","attemptId")
);

-- CreateTable
CREATE TABLE "SaveMinute" (
    "attemptId" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "saves" INTEGER NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SaveMinute_pkey" PRIMARY KEY ("attemptId","minute")
);

-- CreateIndex
CREATE INDEX "ProctorMessage_examSessionId_at_idx" ON "ProctorMessage"("examSessionId", "at");

-- CreateIndex
CREATE INDEX "ProctorMessage_attemptId_at_idx" ON "ProctorMessage"("attemptId", "at");

-- CreateIndex
CREATE INDEX "MessageAck_attemptId_idx" ON "MessageAck"("attemptId");

-- AddForeignKey
ALTER TABLE "ProctorMessage" ADD CONSTRAINT "ProctorMessage_examSessionId_fkey" FOREIGN KEY ("examSessionId") REFERENCES "ExamSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProctorMessage" ADD CONSTRAINT "ProctorMessage_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageAck" ADD CONSTRAINT "MessageAck_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "ProctorMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageAck" ADD CONSTRAINT "MessageAck_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SaveMinute" ADD CONSTRAINT "SaveMinute_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;
