// What the learner reads when saving or the launch goes wrong, in Chinese. See en-messages.ts.
import type {Messages, OfflineStrings} from './en-messages.js';

const zhMessages: Messages = {
  'no-lms':
    '无法连接学习平台：您的学习进度仅保存在本设备上，不会记入您的培训记录。如需记录，请从学习平台重新打开课程。',
  'storage-unavailable':
    '此浏览器不允许课程保存您的学习进度，关闭此窗口后进度将会丢失。请退出无痕浏览模式或允许本网站存储数据，然后重新打开课程。',
  'quota-exceeded': '本设备存储空间已满，无法保存您的学习进度。请释放部分空间后继续。',
  'commit-refused': '学习平台未接受您的学习进度。请勿关闭此窗口并继续学习；如此消息仍然存在，请联系学习平台管理员。',
  'credentials-expired':
    '您与学习记录系统的连接已过期，学习进度无法发送。进度已保存在本设备上：请关闭课程，再从学习平台重新打开，即可发送。',
  'statement-rejected': '学习记录系统拒收了您的部分学习进度。您可以继续学习；请告知学习平台管理员，以便核查您的记录。',
  'session-ended': '本次课程会话已结束。如需继续，请从学习平台重新打开课程。',
  'state-too-large':
    '您在课程中的学习位置数据超出了此学习平台的保存上限，因此仅保存在本设备上。您可以在此继续学习；请告知学习平台管理员，以便修正课程。',
  'state-unreadable':
    '无法从学习平台读取您保存的学习位置，课程将从本设备上的副本或从头继续。请在目录中确认您的位置，然后继续。',
  'missing-parameter':
    '课程打开时缺少学习平台应提供的信息（地址中缺少“{parameter}”）。请关闭课程并从学习平台重新打开；如仍无法解决，请告知平台管理员。',
  'malformed-parameter':
    '学习平台打开课程时提供的信息无法使用（地址中的“{parameter}”无效）。请关闭课程并从学习平台重新打开；如仍无法解决，请告知平台管理员。',
  'fetch-refused': '学习平台拒绝开始本次会话，您使用的链接可能已被使用过。请关闭课程并从学习平台重新打开。',
  'lms-unreachable': '无法连接学习平台以启动课程。请检查网络连接，然后从学习平台重新打开课程。',
  'launch-data': '学习平台未向课程提供启动所需的设置。请从学习平台重新打开课程；如仍无法解决，请告知平台管理员。',
};

export const offline: OfflineStrings = {
  offlineMake: '下载以供离线使用',
  offlineSize: '下载大小：{size}',
  offlineInstalling: '正在保存课程以供离线使用：第 {done} 个文件，共 {total} 个',
  offlineReady: '本设备上可离线使用。',
  offlineRemove: '删除离线副本',
  offlineUpdate: '本课程的新版本已就绪，将在您于测验之外进行下一步操作时或下次打开课程时启用。',
  offlineUpdateNextLaunch: '本课程的新版本已就绪，将在您下次打开课程时启用。',
  offlineUpdated: '本课程已更新至最新版本。',
  offlineUnavailable: '无法在此处保存本课程以供离线使用。联网时课程可照常使用。',
  offlineFromFile: '本课程从文件打开，无法保存以供离线使用；课程可直接从文件运行，您的进度保存在本设备上。',
};

export default zhMessages;
