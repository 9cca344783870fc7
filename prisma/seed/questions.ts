// The demo theory questions (content in Chinese, as the contest sets them) with their keys.
export interface QuestionSpec {
  kind: "SINGLE_CHOICE" | "MULTIPLE_CHOICE" | "TRUE_FALSE";
  prompt: string;
  options: { id: string; text: string }[];
  key: { choice: string } | { choices: string[] } | { value: boolean };
  points: number;
  scoring?: "all-or-nothing" | "partial";
}

const abcd = (...texts: string[]) => texts.map((text, i) => ({ id: "ABCDEFGH"[i] ?? String(i), text }));

export const DEMO_QUESTIONS: QuestionSpec[] = [
  {
    kind: "SINGLE_CHOICE",
    prompt: "目标检测标注中，矩形框（bounding box）应当如何贴合目标？",
    options: abcd("紧贴目标的最外侧边缘", "留出约 20% 的边距", "只框住目标的中心部分", "与图像边缘对齐"),
    key: { choice: "A" },
    points: 10,
  },
  {
    kind: "SINGLE_CHOICE",
    prompt: "交并比（IoU）的计算方式是？",
    options: abcd("交集面积 ÷ 并集面积", "交集面积 ÷ 真值面积", "并集面积 ÷ 交集面积", "两框中心点距离"),
    key: { choice: "A" },
    points: 10,
  },
  {
    kind: "SINGLE_CHOICE",
    prompt: "F1 分数是哪两个指标的调和平均？",
    options: abcd("准确率与召回率", "精确率与召回率", "精确率与准确率", "IoU 与置信度"),
    key: { choice: "B" },
    points: 10,
  },
  {
    kind: "SINGLE_CHOICE",
    prompt: "在命名实体识别（NER）标注中，BIO 标签里的“B”表示？",
    options: abcd("实体的开始", "实体的内部", "非实体", "实体的边界外"),
    key: { choice: "A" },
    points: 10,
  },
  {
    kind: "SINGLE_CHOICE",
    prompt: "语音转写质量常用的字符级指标是？",
    options: abcd("CER（字错误率）", "mAP", "IoU", "BLEU"),
    key: { choice: "A" },
    points: 10,
  },
  {
    kind: "TRUE_FALSE",
    prompt: "被遮挡的目标只要可见部分能够辨认，也应当标注。",
    options: [],
    key: { value: true },
    points: 10,
  },
  {
    kind: "TRUE_FALSE",
    prompt: "为了提高效率，标注员可以把不同类别的目标统一标成同一个标签。",
    options: [],
    key: { value: false },
    points: 10,
  },
  {
    kind: "TRUE_FALSE",
    prompt: "数据标注前应先阅读并理解标注规范。",
    options: [],
    key: { value: true },
    points: 10,
  },
  {
    kind: "MULTIPLE_CHOICE",
    prompt: "以下哪些属于常见的图像标注类型？",
    options: abcd("矩形框标注", "多边形标注", "关键点标注", "语音情感标注"),
    key: { choices: ["A", "B", "C"] },
    points: 10,
  },
  {
    kind: "MULTIPLE_CHOICE",
    prompt: "数据质量检查通常关注哪些方面？",
    options: abcd("标签是否正确", "是否有漏标", "框的位置是否准确", "标注员的打字速度"),
    key: { choices: ["A", "B", "C"] },
    points: 10,
  },
];
