/*
  Warnings:

  - A unique constraint covering the columns `[attemptId]` on the table `ScoreVersion` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterEnum
ALTER TYPE "AttemptStatus" ADD VALUE 'SCORING_FAILED';

-- AlterTable
ALTER TABLE "Attempt" ADD COLUMN     "scoringError" TEXT,
ADD COLUMN     "scoringFailedAt" TIMESTAMP(3),
ADD COLUMN     "scoringRound" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Contestant_userId_idx" ON "Contestant"("userId");

-- CreateIndex
CREATE INDEX "Incident_attemptId_at_idx" ON "Incident"("attemptId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "ScoreVersion_one_current" ON "ScoreVersion"("attemptId") WHERE (current);

-- CreateIndex
CREATE INDEX "StaffRole_examSessionId_idx" ON "StaffRole"("examSessionId");

-- CreateIndex
CREATE INDEX "TaskScore_scoreVersionId_idx" ON "TaskScore"("scoreVersionId");

-- Media are read in byte ranges: keep them uncompressed so that PostgreSQL can slice them without
-- reading the whole value.
ALTER TABLE "Item" ALTER COLUMN "media" SET STORAGE EXTERNAL;
