import type { SubjectCategory } from '../../protocol/entry.ts';
import type { Question, WatchKind } from '../../protocol/roster.ts';

/**
 * The demo community's people. `idBody` is the first 17 digits of a resident ID number; the
 * seed adds the check character, hashes it and keeps only the hash and masked form.
 */
export interface DemoPerson {
  name: string;
  category: SubjectCategory;
  phone: string;
  idBody: string | null;
}

export interface DemoHousehold {
  building: string;
  unit: string;
  room: string;
  persons: DemoPerson[];
}

export const DEMO_COMMUNITY_NAME = '幸福里小区';
export const DEMO_GATE = { name: '东门（主门）', note: '主出入口，早 6:00 至晚 22:00 有人值守；夜间走北侧小门' };
export const DEMO_DEVICE_ID = 'gate-east-1';

export const DEMO_HOUSEHOLDS: DemoHousehold[] = [
  {
    building: '1栋',
    unit: '1单元',
    room: '101',
    persons: [
      // GB 11643-1999's worked example, so `npm run gate -- scan 11010519491231002X` finds someone.
      { name: '张建国', category: 'resident', phone: '13801012345', idBody: '11010519491231002' },
      { name: '李秀英', category: 'resident', phone: '13801016789', idBody: '11010519520817004' },
      { name: '张小敏', category: 'resident', phone: '13911023456', idBody: null },
    ],
  },
  {
    building: '1栋',
    unit: '1单元',
    room: '502',
    persons: [
      { name: '王伟', category: 'resident', phone: '13651234987', idBody: '31010419850312123' },
      { name: '刘芳', category: 'resident', phone: '13764320198', idBody: '31010419870621342' },
    ],
  },
  {
    building: '1栋',
    unit: '2单元',
    room: '203',
    persons: [
      { name: '陈静', category: 'tenant', phone: '15821347765', idBody: '43010219930405256' },
      { name: '赵磊', category: 'tenant', phone: '15900218834', idBody: null },
    ],
  },
  {
    building: '1栋',
    unit: '2单元',
    room: '601',
    persons: [
      { name: '杨桂兰', category: 'resident', phone: '13012345670', idBody: '11010819450909302' },
      { name: '周志强', category: 'resident', phone: '18611220987', idBody: null },
      { name: '周子涵', category: 'resident', phone: '18611229876', idBody: null },
    ],
  },
  {
    building: '2栋',
    unit: '1单元',
    room: '102',
    persons: [
      { name: '吴秀兰', category: 'resident', phone: '13524681357', idBody: '32010619580214402' },
      { name: '徐明', category: 'resident', phone: '13524689753', idBody: null },
    ],
  },
  {
    building: '2栋',
    unit: '1单元',
    room: '401',
    persons: [
      { name: '孙丽', category: 'resident', phone: '13917651234', idBody: '44030519900118262' },
      { name: '马超', category: 'resident', phone: '13917659876', idBody: null },
      { name: '马一诺', category: 'resident', phone: '13917650001', idBody: null },
    ],
  },
  {
    building: '2栋',
    unit: '2单元',
    room: '301',
    persons: [{ name: '胡军', category: 'tenant', phone: '17717384920', idBody: '51010719880726153' }],
  },
  {
    building: '2栋',
    unit: '2单元',
    room: '702',
    persons: [
      { name: '朱玉珍', category: 'resident', phone: '13601718293', idBody: '31011019510503086' },
      { name: '高建华', category: 'resident', phone: '13601713456', idBody: null },
    ],
  },
  {
    building: '3栋',
    unit: '1单元',
    room: '201',
    persons: [
      { name: '林晓燕', category: 'resident', phone: '15000321789', idBody: '35020319820930162' },
      { name: '何思远', category: 'resident', phone: '15000326543', idBody: null },
    ],
  },
  {
    building: '3栋',
    unit: '1单元',
    room: '503',
    persons: [
      { name: '郭丹', category: 'tenant', phone: '18516239047', idBody: '42010619960211232' },
      { name: '罗浩', category: 'tenant', phone: '18516230012', idBody: null },
    ],
  },
  {
    building: '3栋',
    unit: '2单元',
    room: '104',
    persons: [
      { name: '梁淑华', category: 'resident', phone: '13788990011', idBody: '11010619470620202' },
      { name: '宋国庆', category: 'resident', phone: '13788991122', idBody: null },
    ],
  },
  {
    building: '3栋',
    unit: '2单元',
    room: '602',
    persons: [
      { name: '郑凯', category: 'resident', phone: '13122334455', idBody: '37020219791101351' },
      { name: '谢婷', category: 'resident', phone: '13122336677', idBody: null },
      { name: '郑悦', category: 'resident', phone: '13122338899', idBody: null },
    ],
  },
];

/** Property-management staff: on the roster so the gate knows them, in no household. */
export const DEMO_STAFF: DemoPerson[] = [
  { name: '韩师傅', category: 'staff', phone: '13300001111', idBody: '11022419750315301' },
  { name: '曹经理', category: 'staff', phone: '13300002222', idBody: null },
];

/** Cars registered to households, by room address (`building unit room`). */
export const DEMO_VEHICLES: { household: string; plate: string }[] = [
  { household: '1栋 1单元 101', plate: '沪A12345' },
  { household: '1栋 2单元 601', plate: '沪AD67890' },
  { household: '3栋 2单元 602', plate: '沪B8K321' },
];

/**
 * The watch list as community staff would have it on a weekday: days are counted from the seed
 * date, so the demo always shows people mid-observation. One period has ended and one suspected
 * case was released: neither reaches the gates.
 */
export interface DemoWatch {
  kind: WatchKind;
  /** A person's name, or a household address for a close contact's household. */
  person?: string;
  household?: string;
  startDaysAgo: number;
  /** Days in the period; null: open-ended. */
  days: number | null;
  origin?: string;
  arrivalDaysAgo?: number;
  note: string | null;
  released?: boolean;
}

export const DEMO_WATCH: DemoWatch[] = [
  { kind: 'home-observation', person: '王伟', startDaysAgo: 3, days: 14, note: '居家观察，每日上报两次体温' },
  { kind: 'home-observation', person: '孙丽', startDaysAgo: 10, days: 14, note: null },
  { kind: 'returnee', person: '胡军', startDaysAgo: 2, days: 14, origin: '湖北省武汉市', arrivalDaysAgo: 2, note: '乘火车返沪' },
  { kind: 'close-contact', person: '郭丹', startDaysAgo: 5, days: 14, note: '同事确诊，已做核酸' },
  { kind: 'close-contact-household', household: '3栋 1单元 503', startDaysAgo: 5, days: 14, note: '密接者同住家庭' },
  { kind: 'home-observation', person: '林晓燕', startDaysAgo: 20, days: 14, note: '期满解除' },
  { kind: 'suspected-case', person: '马超', startDaysAgo: 8, days: null, note: '排除，已解除', released: true },
];

export const DEMO_QUESTIONS: Question[] = [
  {
    id: 'travel-14d',
    text: { 'zh-CN': '近 14 天是否去过中高风险地区？', en: 'Been to a medium- or high-risk area in the last 14 days?' },
    riskAnswer: true,
  },
  { id: 'symptoms', text: { 'zh-CN': '是否有发热、咳嗽、乏力等症状？', en: 'Any fever, cough or fatigue?' }, riskAnswer: true },
  {
    id: 'contact',
    text: { 'zh-CN': '是否接触过确诊或疑似病例？', en: 'In contact with a confirmed or suspected case?' },
    riskAnswer: true,
  },
];

/** A relative expected at 1栋1单元101: the code is what the visitor shows at the gate. */
export const DEMO_VISITOR = {
  code: 'V-DEMO2026',
  name: '张伟（亲属）',
  household: '1栋 1单元 101',
  validDays: 3,
  vehiclePlate: '苏E9A876',
};
