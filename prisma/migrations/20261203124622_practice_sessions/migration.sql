-- AlterTable
ALTER TABLE "ExamSession" ADD COLUMN     "practice" BOOLEAN NOT NULL DEFAULT false;
