/*
  Warnings:

  - A unique constraint covering the columns `[advancedFromId]` on the table `Contestant` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "AppealStatus" AS ENUM ('OPEN', 'ACCEPTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('SUBMITTED', 'REOPENED');

-- AlterTable
ALTER TABLE "Contestant" ADD COLUMN     "advancedFromId" TEXT;

-- CreateTable
CREATE TABLE "ScoreAdjustment" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,
    "byId" TEXT NOT NULL,
    "appealId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "ScoreAdjustment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Appeal" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "status" "AppealStatus" NOT NULL DEFAULT 'OPEN',
    "filedAt" TIMESTAMP(3) NOT NULL,
    "answer" TEXT,
    "answeredAt" TIMESTAMP(3),
    "answeredById" TEXT,

    CONSTRAINT "Appeal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegionReport" (
    "id" TEXT NOT NULL,
    "stageId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "status" "ReportStatus" NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "submittedById" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "reopenedAt" TIMESTAMP(3),
    "reopenedById" TEXT,
    "reopenReason" TEXT,

    CONSTRAINT "RegionReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ScoreAdjustment_appealId_key" ON "ScoreAdjustment"("appealId");

-- CreateIndex
CREATE INDEX "ScoreAdjustment_attemptId_idx" ON "ScoreAdjustment"("attemptId");

-- CreateIndex
CREATE INDEX "Appeal_status_idx" ON "Appeal"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Appeal_attemptId_subject_key" ON "Appeal"("attemptId", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "RegionReport_stageId_regionId_key" ON "RegionReport"("stageId", "regionId");

-- CreateIndex
CREATE UNIQUE INDEX "Contestant_advancedFromId_key" ON "Contestant"("advancedFromId");


-- AddForeignKey
ALTER TABLE "Contestant" ADD CONSTRAINT "Contestant_advancedFromId_fkey" FOREIGN KEY ("advancedFromId") REFERENCES "Contestant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreAdjustment" ADD CONSTRAINT "ScoreAdjustment_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreAdjustment" ADD CONSTRAINT "ScoreAdjustment_byId_fkey" FOREIGN KEY ("byId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_answeredById_fkey" FOREIGN KEY ("answeredById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegionReport" ADD CONSTRAINT "RegionReport_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "Stage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegionReport" ADD CONSTRAINT "RegionReport_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
