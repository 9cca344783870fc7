// A region host's pages (issue 9): registrations, venues, sessions, seating, staff, import.
export function HostPage({ regionId, section }: { regionId: string | null; section: string | null }) {
  return (
    <div className="page">
      HostPage {regionId} {section}
    </div>
  );
}
