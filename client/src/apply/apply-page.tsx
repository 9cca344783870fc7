// The public registration form (issue 9).
export function ApplyPage() {
  return <div className="page">ApplyPage</div>;
}
