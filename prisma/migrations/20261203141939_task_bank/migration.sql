-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "mediaKey" TEXT,
ADD COLUMN     "mediaSize" INTEGER,
ADD COLUMN     "sourceName" TEXT;

-- AlterTable
ALTER TABLE "Paper" ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "bankQuestionId" TEXT;

-- AlterTable
ALTER TABLE "Section" ADD COLUMN     "assembly" JSONB,
ADD COLUMN     "shuffle" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "BankQuestion" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "kind" "QuestionKind" NOT NULL,
    "topic" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "key" JSONB NOT NULL,
    "points" DOUBLE PRECISION NOT NULL,
    "scoring" TEXT NOT NULL DEFAULT 'all-or-nothing',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BankQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BankQuestion_code_key" ON "BankQuestion"("code");

-- CreateIndex
CREATE INDEX "BankQuestion_kind_topic_idx" ON "BankQuestion"("kind", "topic");

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_bankQuestionId_fkey" FOREIGN KEY ("bankQuestionId") REFERENCES "BankQuestion"("id") ON DELETE SET NULL ON UPDATE CASCADE;
