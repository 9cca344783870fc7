// Interface strings of the contestant's exam page about the proctor's controls: paused, locked,
// an extension, a message to acknowledge. zh is the default language, en must have the same keys.
export const zh = {
  pausedTitle: "考试已暂停",
  pausedText:
    "监考老师暂停了你的考试。计时已停止，暂停期间不能作答；已作答的内容都保留着，恢复后会自动保存。",
  pausedSave: "已暂停，恢复后保存",
  lockedSave: "已锁定，解锁后保存",
  lockedTitle: "考试已被锁定",
  lockedText: "监考老师锁定了你的考试：暂时不能作答，计时仍在继续。请留在座位上，等待监考老师处理。",
  lockedReason: "原因：监考老师的处理（详情请询问监考老师）",
  extended: "监考老师为你延长了 {{minutes}} 分钟，新的结束时间：{{time}}",
  resumed: "考试已恢复，计时继续。",
  unlocked: "考试已解除锁定，可以继续作答。",
  dismiss: "知道了",
  messageTitle: "监考老师的消息",
  messageAt: "发送时间：{{time}}",
  acknowledge: "我已阅读",
  acknowledging: "正在确认…",
  ackFailed: "确认未送达（网络断开），恢复连接后请再点一次。",
  moreMessages: "还有 {{count}} 条消息",
};

export const en: typeof zh = {
  pausedTitle: "Exam paused",
  pausedText:
    "The proctor has paused your exam. The clock is stopped and answers cannot be changed meanwhile; everything you have done is kept and saved once the exam resumes.",
  pausedSave: "Paused: saved on resume",
  lockedSave: "Locked: saved once unlocked",
  lockedTitle: "Exam locked",
  lockedText:
    "The proctor has locked your exam: you cannot answer for now and the clock keeps running. Please stay in your seat and wait for the proctor.",
  lockedReason: "Reason: a proctor's decision (ask the proctor for details)",
  extended: "The proctor has given you {{minutes}} more minutes. New end time: {{time}}",
  resumed: "The exam has resumed; the clock is running again.",
  unlocked: "The exam is unlocked; you may answer again.",
  dismiss: "OK",
  messageTitle: "Message from the proctor",
  messageAt: "Sent at {{time}}",
  acknowledge: "I have read it",
  acknowledging: "Confirming…",
  ackFailed: "The confirmation did not get through (offline); press again once connected.",
  moreMessages: "{{count}} more messages",
};
