import type { ImportProblem } from '../../../protocol/roster-admin.ts';
import type { Language } from './language.ts';

/**
 * The server's refusals in words. The server answers a code and an English detail for logs and
 * scripts; the console shows the code's sentence in the reader's language. Every code the server
 * can send is here in both languages (i18n.test.ts reads the server's source to check).
 */
const apiErrorsZh = {
  'already-expired': '该记录已过期，不能再修改',
  'bad-credentials': '用户名或密码错误',
  'community-not-found': '找不到该小区',
  'community-required': '服务器上有多个小区，请先选择小区',
  'console-not-built': '控制台页面尚未构建',
  'cross-origin': '此请求来自其他网站，已拒绝',
  'device-unauthorized': '设备未授权',
  'disk-full': '服务器磁盘已满，本次没有保存任何数据；请管理员清理空间后重试',
  'gate-protocol-too-old': '出入口设备软件版本太旧，服务器拒绝了它：请更新设备软件',
  'invalid-pin': '值守人员的 PIN 码应为 4 到 6 位数字',
  'invalid-opening-hours': '开放时间格式应为 06:00-22:00，或留空表示全天开放',
  'invalid-report': '设备上报的状态格式不对',
  'monitor-unauthorized': '监控数据需要监控令牌，或只能在服务器本机读取',
  'duplicate-household': '该住户（楼栋、单元、房号）已存在',
  'duplicate-id-number': '该身份证号已属于花名册中的另一人',
  'duplicate-plate': '该车牌已登记',
  'empty-file': '文件是空的',
  'fever-event-closed': '该发热事件已结案',
  'fever-event-not-found': '找不到该发热事件',
  'file-required': '请选择 CSV 或 Excel 文件',
  forbidden: '您的账号无权进行此操作',
  'guard-account': '门卫账号请在门岗终端用 PIN 登录，不能登录管理控制台',
  'household-in-use': '该住户还有成员或车辆，不能删除',
  'household-not-found': '找不到该住户',
  'invalid-batch': '上传的数据格式不对',
  'invalid-confirmed-case': '确诊病例信息不完整或日期不对',
  'invalid-device': '设备信息不对（编号只能用字母、数字和 . _ : -）',
  'invalid-event': '发热事件编号不对',
  'invalid-follow-up': '跟进记录填写不完整',
  'invalid-id-number': '身份证号不对：位数、校验位或出生日期有误',
  'invalid-login': '请填写用户名和密码',
  'invalid-password': '密码至少 10 位',
  'invalid-person': '人员信息填写不完整或格式不对',
  'invalid-query': '查询条件不对',
  'invalid-setting': '设置的数值超出范围',
  'invalid-user': '账号信息不对（用户名只能用字母、数字和 . _ -，密码至少 10 位）',
  'no-access-rule': '此功能未开放',
  'no-community': '还没有设置小区：请先运行初始化',
  'not-found': '找不到要操作的记录',
  'not-signed-in': '请先登录',
  'nul-text': '内容含有无法保存的空字符',
  'person-not-found': '找不到该人员',
  'person-on-watch-list': '此人在重点人员名单上，请先解除',
  'too-many-attempts': '登录失败次数过多，请 15 分钟后再试',
  'too-many-rows': '文件行数过多，请分批导入',
  'unknown-community': '找不到该小区',
  'unknown-node': '找不到该单位，或不在您的管辖范围内',
  'wrong-level': '该层级下不能添加这一类单位',
  'outside-scope': '这是整个系统的设置，只有最上级的管理员可以修改',
  'unknown-device': '找不到该设备',
  'unknown-gate': '找不到该出入口',
  'unknown-household': '找不到该住户',
  'unknown-host': '服务器不接受此网址，请使用管理员提供的地址',
  'unknown-person': '找不到该人员',
  'unknown-vehicle': '找不到该车辆',
  'unknown-visitor-pass': '找不到该访客通行码',
  'unknown-watch-entry': '找不到该重点人员记录',
  'invalid-day': '日期格式不对',
  'future-day': '这一天在该社区还没有开始',
  'not-signed': '请先签署日报，再上报',
  'not-newest': '已有更新的版本：请刷新后重新核对',
  'already-submitted': '该版本已经上报',
  'signed-meanwhile': '刚才有人签署了此日报：请刷新后重新核对',
  'deadline-from-above': '日报截止时间由接收日报的街道或区设置',
};

export type ApiErrorCode = keyof typeof apiErrorsZh;

const apiErrorsEn: Record<ApiErrorCode, string> = {
  'already-expired': 'This has already expired and can no longer change',
  'bad-credentials': 'Wrong username or password',
  'community-not-found': 'No such community',
  'community-required': 'This server holds several communities: choose one first',
  'console-not-built': 'The console pages are not built',
  'cross-origin': 'Refused: this request came from another site',
  'device-unauthorized': 'Device not authorised',
  'disk-full': "The server's disk is full; nothing was saved. Retry once an administrator frees space",
  'gate-protocol-too-old': 'The gate runs software too old for this server and was refused: update the gate',
  'invalid-pin': "A guard's PIN is 4 to 6 digits",
  'invalid-opening-hours': 'Opening hours are written 06:00-22:00, or left empty for always open',
  'invalid-report': 'The gate sent a status report in the wrong format',
  'monitor-unauthorized': 'Metrics need the monitoring token, or a request from the server itself',
  'duplicate-household': 'That household (building, unit, room) already exists',
  'duplicate-id-number': 'That ID number already belongs to someone else on the roster',
  'duplicate-plate': 'That plate is already registered',
  'empty-file': 'The file is empty',
  'fever-event-closed': 'This fever event is closed',
  'fever-event-not-found': 'No such fever event',
  'file-required': 'Choose a CSV or Excel file',
  forbidden: 'Your account may not do this',
  'guard-account': 'Guard accounts sign in at the gate kiosk with their PIN, not in the console',
  'household-in-use': 'The household still has members or vehicles: it cannot be removed',
  'household-not-found': 'No such household',
  'invalid-batch': 'The data sent is not in the right form',
  'invalid-confirmed-case': 'The confirmed case is incomplete or its date is wrong',
  'invalid-device': 'Wrong device details (ids use letters, digits and . _ : - only)',
  'invalid-event': 'Wrong fever event id',
  'invalid-follow-up': 'The follow-up is incomplete',
  'invalid-id-number': 'Wrong ID number: its length, check character or birth date is wrong',
  'invalid-login': 'Enter a username and a password',
  'invalid-password': 'Passwords have at least 10 characters',
  'invalid-person': 'The person’s details are incomplete or wrongly written',
  'invalid-query': 'The search is not valid',
  'invalid-setting': 'That value is out of range',
  'invalid-user': 'Wrong account details (usernames use letters, digits and . _ -; passwords have 10+ characters)',
  'no-access-rule': 'This is not available',
  'no-community': 'No community is set up yet: run the seed first',
  'not-found': 'Nothing found to change',
  'not-signed-in': 'Sign in first',
  'nul-text': 'The text holds a NUL character that cannot be stored',
  'person-not-found': 'No such person',
  'person-on-watch-list': 'This person is on the watch list: release them first',
  'too-many-attempts': 'Too many failed sign-ins; try again in 15 minutes',
  'too-many-rows': 'The file has too many rows: import it in parts',
  'unknown-community': 'No such community',
  'unknown-node': 'No such unit in your part of the organisation',
  'wrong-level': 'A unit of that kind cannot be added at this level',
  'outside-scope': 'This is a setting of the whole server, for administrators at the top of the organisation',
  'unknown-device': 'No such device',
  'unknown-gate': 'No such gate',
  'unknown-household': 'No such household',
  'unknown-host': 'This server does not answer to this address; use the address your administrator gave you',
  'unknown-person': 'No such person',
  'unknown-vehicle': 'No such vehicle',
  'unknown-visitor-pass': 'No such visitor pass',
  'unknown-watch-entry': 'No such watch-list entry',
  'invalid-day': 'The day is not a valid date',
  'future-day': 'That day has not begun in this community yet',
  'not-signed': 'Sign the report before submitting it',
  'not-newest': 'There is a newer version: reload and check it again',
  'already-submitted': 'This version has already been submitted',
  'signed-meanwhile': 'Someone signed this report a moment ago: reload and check it again',
  'deadline-from-above': 'The deadline is set by the street or district the reports go to',
};

export const API_ERRORS: Record<Language, Record<ApiErrorCode, string>> = { 'zh-CN': apiErrorsZh, en: apiErrorsEn };

/** The sentence for a refusal code, or null for a code this console does not know (an older console, a newer server). */
export function apiErrorText(language: Language, code: string): string | null {
  const words: Record<string, string> = API_ERRORS[language];
  return Object.hasOwn(words, code) ? words[code]! : null;
}

const COLUMN_WORDS: Record<Language, Record<Extract<ImportProblem, { code: 'missing' }>['column'], string>> = {
  'zh-CN': { building: '楼栋', unit: '单元', room: '房号', name: '姓名' },
  en: { building: 'building', unit: 'unit', room: 'room', name: 'name' },
};

const ID_REASONS: Record<Language, Record<Extract<ImportProblem, { code: 'bad-id-number' }>['reason'], string>> = {
  'zh-CN': {
    format: '位数不对（应为 18 位或 15 位）',
    province: '前两位不是省级行政区代码',
    'check-digit': '校验位不对',
    'birth-date': '出生日期不存在',
  },
  en: {
    format: 'not 18 characters (or 15 digits)',
    province: 'the first two digits are no province code',
    'check-digit': 'the check character is wrong',
    'birth-date': 'the birth date is not a real date',
  },
};

/** One import row's problem in words. */
export function importProblemText(language: Language, problem: ImportProblem): string {
  const zh = language === 'zh-CN';
  switch (problem.code) {
    case 'missing':
      return zh ? `${COLUMN_WORDS[language][problem.column]}为空` : `${COLUMN_WORDS[language][problem.column]} missing`;
    case 'name-too-long':
      return zh ? '姓名过长（最多 50 字）' : 'Name longer than 50 characters';
    case 'nul-character':
      return zh ? '单元格含空字符' : 'A cell holds the NUL character';
    case 'unknown-category':
      return zh
        ? `类别“${problem.value}”无法识别（居民/租户/工作人员）`
        : `Category “${problem.value}” unknown (resident/tenant/staff)`;
    case 'floor-not-integer':
      return zh ? `楼层“${problem.value}”不是整数` : `Floor “${problem.value}” is not a whole number`;
    case 'bad-phone':
      return zh ? '电话格式不对（只填数字）' : 'Phone: digits only';
    case 'id-stored-as-number':
      return zh
        ? '身份证号被 Excel 存成了数字，末几位已丢失：请把该列设为“文本”后重新录入'
        : 'Excel stored the ID number as a number and lost its last digits: format the column as text and type it again';
    case 'bad-id-number':
      return zh ? `身份证号${ID_REASONS[language][problem.reason]}` : `ID number: ${ID_REASONS[language][problem.reason]}`;
    case 'id-on-roster':
      return zh ? `身份证号 ${problem.idMasked} 已在花名册中` : `ID number ${problem.idMasked} is already on the roster`;
    case 'id-repeated':
      return zh ? `身份证号与第 ${problem.line} 行重复` : `Same ID number as line ${problem.line}`;
  }
}
