// Interface strings of the public registration pages: zh is the default language, en must have the same keys.
export const zh = {
  title: "报名",
};

export const en: typeof zh = {
  title: "Registration",
};
