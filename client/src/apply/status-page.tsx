// An applicant's own application, read with the access code (issue 9).
export function ApplicationStatusPage() {
  return <div className="page">ApplicationStatusPage</div>;
}
