// The national committee's pages (issue 9): contests, stages, regions and windows, staff.
export function AdminPage({ section }: { section: string | null }) {
  return <div className="page">AdminPage {section}</div>;
}
