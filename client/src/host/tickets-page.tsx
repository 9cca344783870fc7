// Printable admission tickets of one session (issue 9).
export function AdmissionTicketsPage({ regionId, sessionId }: { regionId: string; sessionId: string }) {
  return (
    <div className="page">
      {regionId} {sessionId}
    </div>
  );
}
