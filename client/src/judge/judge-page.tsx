// A judge's landing page (issue 9; the review itself is issue 10).
export function JudgePage() {
  return <div className="page">JudgePage</div>;
}
