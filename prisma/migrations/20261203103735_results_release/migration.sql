-- AlterTable
ALTER TABLE "ExamSession" ADD COLUMN     "resultsReleasedAt" TIMESTAMP(3),
ADD COLUMN     "resultsReleasedById" TEXT;
