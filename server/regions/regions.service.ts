// What a region's staff choose from: the regions they run and the papers a session may use.
import { ForbiddenError } from "../../core/errors.ts";
import type { PaperOption, RegionOption } from "../../protocol/index.ts";
import { isStaff, type Principal } from "../auth/principal.ts";
import { managedRegions } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";

export class RegionsService {
  constructor(private readonly deps: Pick<ContestDeps, "db">) {}

  /** The regions the principal runs (every region for an admin; none for a proctor or judge). */
  async regions(actor: Principal): Promise<RegionOption[]> {
    if (!isStaff(actor)) throw new ForbiddenError("This route is for staff.");
    const managed = managedRegions(actor);
    if (managed !== "all" && managed.length === 0) return [];
    return this.deps.db.region.findMany({
      where: managed === "all" ? {} : { id: { in: managed } },
      select: { id: true, no: true, nameZh: true, nameEn: true, hostOrg: true },
      orderBy: { no: "asc" },
    });
  }

  /** Every paper, for an admin or a region host choosing one for a session. */
  async papers(actor: Principal): Promise<PaperOption[]> {
    const managed = managedRegions(actor);
    if (managed !== "all" && managed.length === 0)
      throw new ForbiddenError("This is for the region hosts and the national committee.");
    const rows = await this.deps.db.paper.findMany({
      select: {
        id: true,
        title: true,
        sections: { select: { _count: { select: { questions: true, tasks: true } } } },
      },
      orderBy: [{ title: "asc" }, { id: "asc" }],
    });
    return rows.map((p) => ({
      id: p.id,
      title: p.title,
      questions: p.sections.reduce((n, s) => n + s._count.questions, 0),
      tasks: p.sections.reduce((n, s) => n + s._count.tasks, 0),
    }));
  }
}
