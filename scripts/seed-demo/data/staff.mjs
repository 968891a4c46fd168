// Staff accounts: the foundation's coordinators and the expert advisors (from industry, academia,
// government and finance) who review proposals and join support teams, and a viewer at the prefecture.
// Names are generated; `org` is an organisation key from organizations.mjs, or `companyField` picks one of
// the generated Sapporo companies in that field. `formerly` adds an affiliation that has ended.

export const COORDINATORS = [
  {
    org: 'noastec',
    department: 'クラスター事業部',
    title: '統括コーディネーター',
    fields: ['food', 'bio'],
    roles: ['coordinator'],
    since: '1998-04-01',
    formerly: { org: 'hokuyo', department: '法人営業部', title: '次長', from: '1982-04-01', to: '1998-03-31' },
  },
  {
    org: 'noastec',
    department: 'クラスター事業部',
    title: 'コーディネーター',
    fields: ['housing', 'environment'],
    roles: ['coordinator'],
    since: '1999-04-01',
    formerly: { org: 'northern-building', department: '研究部', title: '主任研究員', from: '1990-04-01', to: '1999-03-31' },
  },
  {
    org: 'noastec',
    department: '事業化支援部',
    title: 'コーディネーター',
    fields: ['tourism', 'food'],
    roles: ['coordinator'],
    since: '2000-04-01',
  },
  {
    org: 'noastec',
    department: '事業化支援部',
    title: 'コーディネーター',
    fields: ['it', 'manufacturing'],
    roles: ['coordinator'],
    since: '2001-04-01',
    formerly: { org: 'dogin', department: '地域振興部', title: '調査役', from: '1988-04-01', to: '2001-03-31' },
  },
  {
    org: 'noastec',
    department: '事業化支援部',
    title: 'コーディネーター',
    fields: ['medical', 'bio'],
    roles: ['coordinator'],
    since: '2001-10-01',
  },
  {
    org: 'noastec',
    department: 'クラスター事業部',
    title: 'コーディネーター',
    fields: ['energy', 'environment'],
    roles: ['coordinator'],
    since: '2002-04-01',
    language: 'en',
  },
];

export const ADVISORS = [
  // academia
  { org: 'hokudai', department: '大学院農学研究院', title: '教授', fields: ['food', 'bio'], roles: ['advisor'] },
  { org: 'hokudai', department: '大学院工学研究院', title: '教授', fields: ['housing', 'environment', 'energy'], roles: ['advisor'] },
  { org: 'hokudai', department: '創成研究機構', title: '特任准教授', fields: ['bio', 'medical'], roles: ['advisor'], foreign: 'Virtanen' },
  { org: 'muroran-it', department: 'もの創造系領域', title: '教授', fields: ['manufacturing', 'environment'], roles: ['advisor'] },
  { org: 'obihiro-agri', department: '食品科学研究部門', title: '准教授', fields: ['food'], roles: ['advisor'] },
  { org: 'kitami-it', department: 'エネルギー総合工学コース', title: '教授', fields: ['energy', 'manufacturing'], roles: ['advisor'] },
  { org: 'otaru-commerce', department: '商学科', title: '教授', fields: ['tourism', 'other'], roles: ['advisor'] },
  {
    org: 'hakodate-fun',
    department: '情報アーキテクチャ学科',
    title: '准教授',
    fields: ['it', 'tourism'],
    roles: ['advisor'],
    language: 'en',
  },
  { org: 'asahikawa-med', department: '医工連携総研講座', title: '教授', fields: ['medical'], roles: ['advisor'] },
  // government
  { org: 'hokkaido-iri', department: '製品技術部', title: '研究主幹', fields: ['manufacturing', 'medical'], roles: ['advisor'] },
  { org: 'food-center', department: '食品開発部', title: '研究主幹', fields: ['food', 'bio'], roles: ['advisor'] },
  { org: 'northern-building', department: '環境科学部', title: '主任研究員', fields: ['housing', 'energy'], roles: ['advisor'] },
  { org: 'forest-products', department: '技術部', title: '研究主幹', fields: ['housing', 'environment'], roles: ['advisor'] },
  { org: 'aist-hokkaido', department: '生物プロセス研究部門', title: '主任研究員', fields: ['bio', 'energy'], roles: ['advisor'] },
  { org: 'meti-hokkaido', department: '地域経済部', title: '産業技術課長補佐', fields: ['it', 'manufacturing'], roles: ['advisor'] },
  { org: 'kushiro-fish', department: '加工利用部', title: '研究主幹', fields: ['food'], roles: ['advisor'] },
  // industry
  { companyField: 'it', department: '技術本部', title: '取締役CTO', fields: ['it'], roles: ['advisor'] },
  {
    companyField: 'manufacturing',
    department: '開発部',
    title: '技術顧問',
    fields: ['manufacturing', 'medical'],
    roles: ['advisor'],
    formerly: { org: 'hokkaido-iri', department: '機械システム部', title: '研究主幹', from: '1975-04-01', to: '2001-03-31' },
  },
  { companyField: 'food', department: '商品開発室', title: '室長', fields: ['food', 'tourism'], roles: ['advisor'] },
  // finance
  { org: 'hokuyo', department: '地域産業支援部', title: '調査役', fields: ['other', 'food'], roles: ['advisor'] },
  { org: 'dbj-hokkaido', department: '企画調査課', title: '課長', fields: ['energy', 'environment'], roles: ['advisor'] },
];

export const VIEWERS = [
  { org: 'hokkaido-gov', department: '経済部 産業振興局', title: '主幹', fields: ['food', 'housing', 'tourism'], roles: ['viewer'] },
];
