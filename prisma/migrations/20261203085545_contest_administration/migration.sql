/*
  Warnings:

  - You are about to drop the column `seat` on the `Contestant` table. All the data in the column will be lost.
  - A unique constraint covering the columns `[joinCode]` on the table `Team` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('SUBMITTED', 'APPROVED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "EligibilityBasis" AS ENUM ('EMPLOYEE_JOB', 'EMPLOYEE_TEACHER', 'STUDENT');

-- CreateEnum
CREATE TYPE "EvidenceKind" AS ENUM ('SOCIAL_INSURANCE', 'TEACHER_CERTIFICATE', 'EMPLOYER_LETTER', 'STUDENT_STATUS', 'OTHER');

-- AlterTable
ALTER TABLE "Attempt" ADD COLUMN     "seat" TEXT;

-- AlterTable
ALTER TABLE "Contest" ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "settings" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Contestant" ADD COLUMN     "initialPasswordSealed" TEXT,
ADD COLUMN     "organisation" TEXT,
ADD COLUMN     "regionId" TEXT;

-- AlterTable
ALTER TABLE "ExamSession" ADD COLUMN     "regionId" TEXT;

-- Data: a seat belongs to a sitting, and a session and a contestant to the region of their stage
UPDATE "Attempt" a SET "seat" = c."seat" FROM "Contestant" c WHERE c."id" = a."contestantId";
UPDATE "ExamSession" e SET "regionId" = s."regionId" FROM "Stage" s WHERE s."id" = e."stageId";
UPDATE "Contestant" c SET "regionId" = s."regionId" FROM "Stage" s WHERE s."id" = c."stageId";
ALTER TABLE "Contestant" DROP COLUMN "seat";

-- AlterTable
ALTER TABLE "Stage" ADD COLUMN     "endsOn" TIMESTAMP(3),
ADD COLUMN     "startsOn" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "joinCode" TEXT,
ADD COLUMN     "organisationKey" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Venue" ADD COLUMN     "capacity" INTEGER,
ADD COLUMN     "regionId" TEXT;

-- CreateTable
CREATE TABLE "RegistrationWindow" (
    "id" TEXT NOT NULL,
    "stageId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegistrationWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Registration" (
    "id" TEXT NOT NULL,
    "contestId" TEXT NOT NULL,
    "stageId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "group" "ContestantGroup" NOT NULL,
    "basis" "EligibilityBasis" NOT NULL,
    "status" "RegistrationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "name" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "email" TEXT,
    "organisation" TEXT NOT NULL,
    "organisationKey" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "jobStartedOn" TIMESTAMP(3),
    "honours" TEXT[],
    "teamId" TEXT,
    "teamLeader" BOOLEAN NOT NULL DEFAULT false,
    "accessCodeHash" TEXT NOT NULL,
    "reviewReason" TEXT,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "contestantId" TEXT,

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evidence" (
    "id" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "kind" "EvidenceKind" NOT NULL,
    "fileName" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Evidence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RegistrationWindow_stageId_regionId_key" ON "RegistrationWindow"("stageId", "regionId");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_accessCodeHash_key" ON "Registration"("accessCodeHash");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_contestantId_key" ON "Registration"("contestantId");

-- CreateIndex
CREATE INDEX "Registration_regionId_status_idx" ON "Registration"("regionId", "status");

-- CreateIndex
CREATE INDEX "Registration_teamId_idx" ON "Registration"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_contestId_idNumber_key" ON "Registration"("contestId", "idNumber");

-- CreateIndex
CREATE INDEX "Evidence_registrationId_idx" ON "Evidence"("registrationId");

-- CreateIndex
CREATE INDEX "Contestant_regionId_idx" ON "Contestant"("regionId");

-- CreateIndex
CREATE INDEX "ExamSession_regionId_idx" ON "ExamSession"("regionId");

-- CreateIndex
CREATE UNIQUE INDEX "Team_joinCode_key" ON "Team"("joinCode");

-- CreateIndex
CREATE INDEX "Venue_regionId_idx" ON "Venue"("regionId");

-- AddForeignKey
ALTER TABLE "RegistrationWindow" ADD CONSTRAINT "RegistrationWindow_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "Stage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrationWindow" ADD CONSTRAINT "RegistrationWindow_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_contestId_fkey" FOREIGN KEY ("contestId") REFERENCES "Contest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "Stage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_contestantId_fkey" FOREIGN KEY ("contestantId") REFERENCES "Contestant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contestant" ADD CONSTRAINT "Contestant_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Venue" ADD CONSTRAINT "Venue_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamSession" ADD CONSTRAINT "ExamSession_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;
