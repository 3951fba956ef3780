/**
 * GB/T 4754-2017 《国民经济行业分类》 (Industrial classification for national economic activities):
 * the 20 sections (门类, A–T) and 97 divisions (大类, 01–97) with their Chinese names. English names
 * follow the National Bureau of Statistics' English edition, shortened where it is verbose.
 * Groups (中类) and classes (小类) are not listed: an industry is recorded at division level.
 */

export interface IndustrySection {
  code: string;
  zh: string;
  en: string;
  divisions: readonly IndustryDivision[];
}

export interface IndustryDivision {
  code: string;
  zh: string;
  en: string;
}

const d = (code: string, zh: string, en: string): IndustryDivision => ({ code, zh, en });

export const GBT4754_VERSION = 'GB/T 4754-2017';

export const INDUSTRY_SECTIONS: readonly IndustrySection[] = [
  {
    code: 'A',
    zh: '农、林、牧、渔业',
    en: 'Agriculture, forestry, animal husbandry and fishery',
    divisions: [
      d('01', '农业', 'Agriculture'),
      d('02', '林业', 'Forestry'),
      d('03', '畜牧业', 'Animal husbandry'),
      d('04', '渔业', 'Fishery'),
      d(
        '05',
        '农、林、牧、渔专业及辅助性活动',
        'Support activities for agriculture, forestry, animal husbandry and fishery',
      ),
    ],
  },
  {
    code: 'B',
    zh: '采矿业',
    en: 'Mining',
    divisions: [
      d('06', '煤炭开采和洗选业', 'Mining and washing of coal'),
      d('07', '石油和天然气开采业', 'Extraction of petroleum and natural gas'),
      d('08', '黑色金属矿采选业', 'Mining and processing of ferrous metal ores'),
      d('09', '有色金属矿采选业', 'Mining and processing of non-ferrous metal ores'),
      d('10', '非金属矿采选业', 'Mining and processing of non-metal ores'),
      d('11', '开采专业及辅助性活动', 'Professional and support activities for mining'),
      d('12', '其他采矿业', 'Other mining'),
    ],
  },
  {
    code: 'C',
    zh: '制造业',
    en: 'Manufacturing',
    divisions: [
      d('13', '农副食品加工业', 'Processing of food from agricultural products'),
      d('14', '食品制造业', 'Manufacture of foods'),
      d('15', '酒、饮料和精制茶制造业', 'Manufacture of liquor, beverages and refined tea'),
      d('16', '烟草制品业', 'Manufacture of tobacco'),
      d('17', '纺织业', 'Manufacture of textiles'),
      d('18', '纺织服装、服饰业', 'Manufacture of textile wearing apparel and accessories'),
      d(
        '19',
        '皮革、毛皮、羽毛及其制品和制鞋业',
        'Manufacture of leather, fur, feather and related products and footwear',
      ),
      d(
        '20',
        '木材加工和木、竹、藤、棕、草制品业',
        'Processing of timber and manufacture of wood, bamboo, rattan, palm and straw products',
      ),
      d('21', '家具制造业', 'Manufacture of furniture'),
      d('22', '造纸和纸制品业', 'Manufacture of paper and paper products'),
      d('23', '印刷和记录媒介复制业', 'Printing and reproduction of recording media'),
      d(
        '24',
        '文教、工美、体育和娱乐用品制造业',
        'Manufacture of articles for culture, education, arts and crafts, sport and entertainment',
      ),
      d('25', '石油、煤炭及其他燃料加工业', 'Processing of petroleum, coal and other fuels'),
      d('26', '化学原料和化学制品制造业', 'Manufacture of raw chemical materials and chemical products'),
      d('27', '医药制造业', 'Manufacture of medicines'),
      d('28', '化学纤维制造业', 'Manufacture of chemical fibres'),
      d('29', '橡胶和塑料制品业', 'Manufacture of rubber and plastics products'),
      d('30', '非金属矿物制品业', 'Manufacture of non-metallic mineral products'),
      d('31', '黑色金属冶炼和压延加工业', 'Smelting and pressing of ferrous metals'),
      d('32', '有色金属冶炼和压延加工业', 'Smelting and pressing of non-ferrous metals'),
      d('33', '金属制品业', 'Manufacture of metal products'),
      d('34', '通用设备制造业', 'Manufacture of general-purpose machinery'),
      d('35', '专用设备制造业', 'Manufacture of special-purpose machinery'),
      d('36', '汽车制造业', 'Manufacture of automobiles'),
      d(
        '37',
        '铁路、船舶、航空航天和其他运输设备制造业',
        'Manufacture of railway, ship, aerospace and other transport equipment',
      ),
      d('38', '电气机械和器材制造业', 'Manufacture of electrical machinery and apparatus'),
      d(
        '39',
        '计算机、通信和其他电子设备制造业',
        'Manufacture of computers, communication and other electronic equipment',
      ),
      d('40', '仪器仪表制造业', 'Manufacture of measuring instruments'),
      d('41', '其他制造业', 'Other manufacturing'),
      d('42', '废弃资源综合利用业', 'Utilisation of waste resources'),
      d('43', '金属制品、机械和设备修理业', 'Repair of metal products, machinery and equipment'),
    ],
  },
  {
    code: 'D',
    zh: '电力、热力、燃气及水生产和供应业',
    en: 'Production and supply of electricity, heat, gas and water',
    divisions: [
      d('44', '电力、热力生产和供应业', 'Production and supply of electricity and heat'),
      d('45', '燃气生产和供应业', 'Production and supply of gas'),
      d('46', '水的生产和供应业', 'Production and supply of water'),
    ],
  },
  {
    code: 'E',
    zh: '建筑业',
    en: 'Construction',
    divisions: [
      d('47', '房屋建筑业', 'Construction of buildings'),
      d('48', '土木工程建筑业', 'Civil engineering'),
      d('49', '建筑安装业', 'Construction installation activities'),
      d('50', '建筑装饰、装修和其他建筑业', 'Building decoration, renovation and other construction'),
    ],
  },
  {
    code: 'F',
    zh: '批发和零售业',
    en: 'Wholesale and retail trade',
    divisions: [d('51', '批发业', 'Wholesale trade'), d('52', '零售业', 'Retail trade')],
  },
  {
    code: 'G',
    zh: '交通运输、仓储和邮政业',
    en: 'Transport, storage and postal services',
    divisions: [
      d('53', '铁路运输业', 'Rail transport'),
      d('54', '道路运输业', 'Road transport'),
      d('55', '水上运输业', 'Water transport'),
      d('56', '航空运输业', 'Air transport'),
      d('57', '管道运输业', 'Pipeline transport'),
      d('58', '多式联运和运输代理业', 'Multimodal transport and transport agency'),
      d('59', '装卸搬运和仓储业', 'Loading, unloading and warehousing'),
      d('60', '邮政业', 'Postal services'),
    ],
  },
  {
    code: 'H',
    zh: '住宿和餐饮业',
    en: 'Accommodation and catering',
    divisions: [d('61', '住宿业', 'Accommodation'), d('62', '餐饮业', 'Catering')],
  },
  {
    code: 'I',
    zh: '信息传输、软件和信息技术服务业',
    en: 'Information transmission, software and information technology services',
    divisions: [
      d(
        '63',
        '电信、广播电视和卫星传输服务',
        'Telecommunications, radio, television and satellite transmission services',
      ),
      d('64', '互联网和相关服务', 'Internet and related services'),
      d('65', '软件和信息技术服务业', 'Software and information technology services'),
    ],
  },
  {
    code: 'J',
    zh: '金融业',
    en: 'Financial intermediation',
    divisions: [
      d('66', '货币金融服务', 'Monetary and financial services'),
      d('67', '资本市场服务', 'Capital market services'),
      d('68', '保险业', 'Insurance'),
      d('69', '其他金融业', 'Other financial activities'),
    ],
  },
  { code: 'K', zh: '房地产业', en: 'Real estate', divisions: [d('70', '房地产业', 'Real estate')] },
  {
    code: 'L',
    zh: '租赁和商务服务业',
    en: 'Leasing and business services',
    divisions: [d('71', '租赁业', 'Leasing'), d('72', '商务服务业', 'Business services')],
  },
  {
    code: 'M',
    zh: '科学研究和技术服务业',
    en: 'Scientific research and technical services',
    divisions: [
      d('73', '研究和试验发展', 'Research and experimental development'),
      d('74', '专业技术服务业', 'Professional technical services'),
      d('75', '科技推广和应用服务业', 'Technology promotion and application services'),
    ],
  },
  {
    code: 'N',
    zh: '水利、环境和公共设施管理业',
    en: 'Water conservancy, environment and public facilities management',
    divisions: [
      d('76', '水利管理业', 'Water conservancy management'),
      d('77', '生态保护和环境治理业', 'Ecological protection and environmental management'),
      d('78', '公共设施管理业', 'Public facilities management'),
      d('79', '土地管理业', 'Land management'),
    ],
  },
  {
    code: 'O',
    zh: '居民服务、修理和其他服务业',
    en: 'Resident services, repair and other services',
    divisions: [
      d('80', '居民服务业', 'Resident services'),
      d(
        '81',
        '机动车、电子产品和日用产品修理业',
        'Repair of motor vehicles, electronic products and household goods',
      ),
      d('82', '其他服务业', 'Other services'),
    ],
  },
  { code: 'P', zh: '教育', en: 'Education', divisions: [d('83', '教育', 'Education')] },
  {
    code: 'Q',
    zh: '卫生和社会工作',
    en: 'Health and social work',
    divisions: [d('84', '卫生', 'Health'), d('85', '社会工作', 'Social work')],
  },
  {
    code: 'R',
    zh: '文化、体育和娱乐业',
    en: 'Culture, sports and entertainment',
    divisions: [
      d('86', '新闻和出版业', 'News and publishing'),
      d('87', '广播、电视、电影和录音制作业', 'Radio, television, film and sound recording production'),
      d('88', '文化艺术业', 'Culture and arts'),
      d('89', '体育', 'Sports'),
      d('90', '娱乐业', 'Entertainment'),
    ],
  },
  {
    code: 'S',
    zh: '公共管理、社会保障和社会组织',
    en: 'Public management, social security and social organisations',
    divisions: [
      d('91', '中国共产党机关', 'Organs of the Communist Party of China'),
      d('92', '国家机构', 'State organs'),
      d('93', '人民政协、民主党派', 'CPPCC and democratic parties'),
      d('94', '社会保障', 'Social security'),
      d(
        '95',
        '群众团体、社会团体和其他成员组织',
        'Mass organisations, social organisations and other membership organisations',
      ),
      d(
        '96',
        '基层群众自治组织及其他组织',
        'Grassroots self-governing organisations and other organisations',
      ),
    ],
  },
  {
    code: 'T',
    zh: '国际组织',
    en: 'International organisations',
    divisions: [d('97', '国际组织', 'International organisations')],
  },
];

const divisionIndex = new Map<string, { section: IndustrySection; division: IndustryDivision }>();
for (const section of INDUSTRY_SECTIONS) {
  for (const division of section.divisions) divisionIndex.set(division.code, { section, division });
}

export interface Industry {
  /** A section letter (e.g. "C") or a two-digit division (e.g. "38"). */
  code: string;
  sectionCode: string;
  sectionZh: string;
  divisionCode: string | null;
  divisionZh: string | null;
  /** "C38 电气机械和器材制造业" or "F 批发和零售业". */
  label: string;
}

/**
 * Looks up an industry by section letter ("C"), division ("38") or both ("C38"); a division given
 * with the wrong section letter is refused. Answers undefined for anything else.
 */
export function findIndustry(input: string): Industry | undefined {
  const code = input.trim().toUpperCase();
  const m = /^([A-T])?(\d{2})?$/.exec(code);
  if (!m || (!m[1] && !m[2])) return undefined;
  if (m[2]) {
    const hit = divisionIndex.get(m[2]);
    if (!hit || (m[1] && m[1] !== hit.section.code)) return undefined;
    return {
      code: hit.division.code,
      sectionCode: hit.section.code,
      sectionZh: hit.section.zh,
      divisionCode: hit.division.code,
      divisionZh: hit.division.zh,
      label: `${hit.section.code}${hit.division.code} ${hit.division.zh}`,
    };
  }
  const section = INDUSTRY_SECTIONS.find((s) => s.code === m[1]);
  if (!section) return undefined;
  return {
    code: section.code,
    sectionCode: section.code,
    sectionZh: section.zh,
    divisionCode: null,
    divisionZh: null,
    label: `${section.code} ${section.zh}`,
  };
}
