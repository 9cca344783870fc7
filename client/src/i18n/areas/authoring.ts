// Interface strings of the authoring pages (issue 11): zh is the default language, en must have the same keys.
export const zh = {
  title: "试卷",
};

export const en: typeof zh = {
  title: "Papers",
};
