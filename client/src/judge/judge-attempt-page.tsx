// The judge's attempt page (issue 10): filled in by the judging work.
export function JudgeAttemptPage({ attemptId }: { attemptId: string }) {
  return <div className="page">attempt</div>;
}
