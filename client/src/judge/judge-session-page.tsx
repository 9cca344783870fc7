// The judge's session page (issue 10): filled in by the judging work.
export function JudgeSessionPage({ sessionId }: { sessionId: string }) {
  return <div className="page">session</div>;
}
