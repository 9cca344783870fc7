-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TaskKind" ADD VALUE 'POLYGONS';
ALTER TYPE "TaskKind" ADD VALUE 'POINTS';
ALTER TYPE "TaskKind" ADD VALUE 'KEYPOINTS';
ALTER TYPE "TaskKind" ADD VALUE 'IMAGE_CLASSIFICATION';
ALTER TYPE "TaskKind" ADD VALUE 'TEXT_SPANS';
ALTER TYPE "TaskKind" ADD VALUE 'TEXT_CLASSIFICATION';
ALTER TYPE "TaskKind" ADD VALUE 'TRANSCRIPTION';
ALTER TYPE "TaskKind" ADD VALUE 'TABLE';
