// The judge's appeals page (issue 10): filled in by the judging work.
export function JudgeAppealsPage() {
  return <div className="page">appeals</div>;
}
