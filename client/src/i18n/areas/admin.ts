// Interface strings of the administration (committee, host, judge) pages: zh is the default language, en must have the same keys.
export const zh = {
  title: "管理",
};

export const en: typeof zh = {
  title: "Administration",
};
