// One paper: its theory section (TheoryAssembler) and its practical tasks; /admin/papers/:paperId[/tasks/:taskId].

import { TheoryAssembler } from "../bank/theory-assembler.tsx";
import { AppHeader } from "../ui/app-header.tsx";

export function PaperPage({ paperId, taskId }: { paperId: string; taskId: string | null }) {
  return (
    <div className="page admin-page" data-testid="paper-page">
      <AppHeader />
      <main className="page-main page-wide">
        {taskId === null && <TheoryAssembler paperId={paperId} inUse={false} onChanged={() => {}} />}
      </main>
    </div>
  );
}
