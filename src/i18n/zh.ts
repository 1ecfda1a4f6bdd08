// 界面文字：中文。
import type {Strings} from './en.js';

export default {
  skip: '跳至课程内容',
  loading: '正在加载课程…',
  contents: '目录',
  progress: '课程进度',
  progressValue: '已完成 {percent}',
  visited: '已学习',
  estimated: '预计用时：{duration}',
  about: '课程简介',
  audience: '适用对象',
  objectives: '学完本课程后，您将能够',
  start: '开始学习',
  resume: '从上次离开处继续',
  lessonOf: '第 {n} 课，共 {total} 课',
  table: '表格 {n}',
  previous: '上一页',
  next: '下一页',
  modeNotice: '回顾模式：您可以查看课程和您以前的成绩。不会记录任何内容，也不能再次参加测验。',
  browseNotice: '浏览模式：您可以查看课程内容并试做测验，但不会记录您的答案和成绩。',
  reviewNoAttempt: '回顾模式下不能参加测验。您以前的成绩按学习平台保存的情况显示。',
  waivedNotice: '学习平台已将本课程记录为您已完成（免修）。您仍可浏览本课程：您在此处的任何操作都不会改变该记录。',
  laterNotice: '学习平台保存的进度比本页更靠后。',

  assessment: '测验',

  results: '成绩',
  finishCourse: '查看结业证书',

  complete: '课程已完成',

  statusConnecting: '正在连接…',
  statusSaved: '学习进度已全部保存',
  statusSaving: '正在保存…',
  statusPending: '待发送的更改：{n}',
  statusOffline: '当前处于离线状态：您的学习进度保存在本设备上，网络恢复后将自动发送。',
  statusNotSaved: '此页面不会保存您的学习进度。',
  statusLocal: '您的学习进度仅保存在本设备上。',
  statusError: '无法保存您的学习进度。请勿关闭此窗口，检查网络连接后重试。如问题仍然存在，请联系学习平台管理员。',
  netOffline: '您当前处于离线状态，可以继续学习。',
  netOnline: '网络已恢复。',

  errorTitle: '无法打开课程',
  errorMissing: '找不到课程文件。请联系学习平台管理员，确认课程已完整安装。',
  errorBroken: '课程文件已损坏或版本不兼容。请联系学习平台管理员重新安装课程。',
  errorNetwork: '无法下载课程。请检查网络连接后重试。',
  errorTracker: '课程无法连接到学习平台。请关闭课程，然后从平台重新打开。',
  tryAgain: '重试',
  errorCode: '错误代码：{code}',
} satisfies Strings;
