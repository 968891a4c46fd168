// What proposals are about: title parts per focus field. A title is `${subject}${action}`, e.g.
// 「道産ハスカップを用いた機能性食品の開発」. Each subject carries its English too.

/** [subject ja, subject en] per field. */
export const SUBJECTS = {
  food: [
    ['道産ハスカップを用いた機能性食品', 'functional foods from Hokkaido haskap berries'],
    ['ホタテ貝殻カルシウムの食品素材', 'a calcium food material from scallop shells'],
    ['規格外ジャガイモを活用した冷凍食品', 'frozen foods from non-standard potatoes'],
    ['エゾシカ肉の加工品', 'processed Ezo deer meat'],
    ['道産小麦100%のパン用ミックス粉', 'a bread mix of 100% Hokkaido wheat'],
    ['サケの中骨を利用した調味料', 'a seasoning from salmon backbones'],
    ['行者ニンニクの健康食品', 'health foods from Alpine leek'],
    ['てん菜由来オリゴ糖の菓子', 'confectionery with sugar-beet oligosaccharides'],
    ['生乳を使ったナチュラルチーズ', 'a natural cheese from local raw milk'],
    ['アスパラガスの加工食品', 'processed asparagus foods'],
    ['昆布の粘り成分を用いた健康飲料', 'a health drink from kelp mucilage'],
    ['道産大豆の発酵食品', 'fermented foods from Hokkaido soybeans'],
    ['秋サケの冷燻製品', 'cold-smoked autumn salmon'],
    ['カボチャのペースト素材', 'a pumpkin paste ingredient'],
    ['ナガイモの粉末素材', 'a Chinese-yam powder ingredient'],
    ['ブルーベリー果汁の飲料', 'a blueberry juice drink'],
  ],
  housing: [
    ['道産カラマツ集成材の構造部材', 'structural glulam from Hokkaido larch'],
    ['寒冷地向け高断熱木製サッシ', 'a highly insulated wooden window for cold climates'],
    ['地中熱を利用した融雪システム', 'a ground-heat snow-melting system'],
    ['外断熱工法の改修パッケージ', 'a retrofit package for external insulation'],
    ['木質ペレットストーブ', 'a wood-pellet stove'],
    ['トドマツ間伐材の内装材', 'interior panels from thinned Sakhalin fir'],
    ['積雪荷重を監視する屋根センサー', 'a roof sensor that watches the snow load'],
    ['寒冷地向け通気層一体型外壁', 'a cold-climate wall with an integrated air layer'],
  ],
  tourism: [
    ['冬季の体験型観光プログラム', 'hands-on winter tourism programmes'],
    ['農村滞在型観光（グリーンツーリズム）', 'farm-stay green tourism'],
    ['湿原のエコツアー商品', 'wetland eco-tour products'],
    ['流氷観光の周遊パッケージ', 'drift-ice tour packages'],
    ['外国人スキー客向け滞在サービス', 'stay services for overseas skiers'],
    ['温泉地の健康保養プログラム', 'health-resort programmes at hot springs'],
    ['産業遺産を巡る観光ルート', 'an industrial-heritage tourism route'],
  ],
  it: [
    ['農作業記録のモバイルシステム', 'a mobile farm-work record system'],
    ['観光案内の多言語情報システム', 'a multilingual tourist information system'],
    ['除雪車の運行管理システム', 'a snowplough fleet management system'],
    ['水産物の流通履歴管理システム', 'a seafood traceability system'],
    ['遠隔医療の画像共有システム', 'image sharing for telemedicine'],
  ],
  bio: [
    ['乳酸菌を利用した機能性素材', 'functional materials using lactic-acid bacteria'],
    ['ホタテ内臓からの有用物質抽出', 'useful compounds extracted from scallop viscera'],
    ['サケ鼻軟骨プロテオグリカンの製造', 'proteoglycan from salmon nasal cartilage'],
    ['微生物による食品残さの飼料化', 'feed from food waste by microbes'],
    ['道産ハーブ由来の化粧品原料', 'cosmetic ingredients from Hokkaido herbs'],
  ],
  environment: [
    ['家畜ふん尿のバイオガス化', 'biogas from livestock manure'],
    ['ホタテ貝殻の土壌改良材', 'a soil conditioner from scallop shells'],
    ['廃プラスチックの油化装置', 'a plastic-to-oil plant'],
    ['融雪水の浄化システム', 'a meltwater purification system'],
    ['木くずの炭化による吸着材', 'an adsorbent from carbonised wood chips'],
  ],
  energy: [
    ['寒冷地仕様の小型風力発電機', 'a small wind turbine for cold climates'],
    ['雪氷冷熱を利用した農産物貯蔵庫', 'a crop store cooled by stored snow'],
    ['木質バイオマスボイラー', 'a woody-biomass boiler'],
    ['温泉熱を利用したハウス栽培', 'greenhouse farming on hot-spring heat'],
  ],
  manufacturing: [
    ['ジャガイモ収穫機の選別装置', 'a sorting unit for potato harvesters'],
    ['小型除雪機の改良', 'an improved compact snow blower'],
    ['水産加工用の自動計量装置', 'automatic weighing for seafood processing'],
    ['農業用ハウスの自動換気装置', 'automatic ventilation for greenhouses'],
    ['精密鋳造による部品製造', 'parts by precision casting'],
    ['ホタテ自動むき身装置', 'an automatic scallop shucker'],
  ],
  medical: [
    ['高齢者向け歩行支援具', 'a walking aid for the elderly'],
    ['在宅介護用の入浴補助装置', 'a bathing aid for home care'],
    ['嚥下困難者向けの介護食', 'meals for people with swallowing difficulties'],
    ['寒冷地仕様の車いす', 'a wheelchair for snowy streets'],
  ],
  other: [['地域ブランド認証の仕組み', 'a regional brand certification scheme']],
};

/** [action ja, action en]: how the proposal means to take its subject forward. */
export const ACTIONS = [
  ['の開発', 'Development of'],
  ['の試作', 'Prototype of'],
  ['の事業化', 'Commercialisation of'],
  ['の製品化', 'Productisation of'],
  ['の実用化研究', 'Practical research on'],
  ['の商品化', 'Bringing to market'],
];

/** The results the seed document names, each the outcome of one proposal that reached sales. */
export const FLAGSHIP_PROPOSALS = [
  {
    company: 'larynx',
    title: ['電気式人工喉頭の開発', 'Development of an electric artificial larynx'],
    summary: '喉頭を摘出した方が自然な声で話せる電気式人工喉頭を、道内のものづくり企業と大学の連携で開発する。',
    fields: ['medical', 'manufacturing'],
    outcomes: [{ kind: 'award', summary: 'グッドデザイン賞受賞（電気式人工喉頭）' }],
  },
  {
    company: 'transfer',
    title: ['介助支援トランスファー装置の開発', 'Development of a transfer-assist device for carers'],
    summary: 'ベッドと車いすの間の移乗を少ない力で支える介助支援装置を試作し、介護施設での評価を経て製品化する。',
    fields: ['medical', 'manufacturing'],
    outcomes: [{ kind: 'patent_filed', summary: '特許出願（介助支援トランスファー装置）' }],
  },
  {
    company: 'lactic',
    title: ['乳酸菌を利用した胆汁酸の吸着方法の実用化', 'Adsorbing bile acids with lactic-acid bacteria'],
    summary: '道産乳製品から分離した乳酸菌の胆汁酸吸着能を利用し、機能性食品素材として実用化する。',
    fields: ['bio', 'food'],
    outcomes: [
      { kind: 'patent_filed', summary: '特許出願（乳酸菌を利用した胆汁酸の吸着方法）' },
      { kind: 'patent_granted', summary: '特許取得（乳酸菌を利用した胆汁酸の吸着方法）' },
    ],
  },
  {
    company: 'kelp',
    title: ['コンブ仮根から成る食品素材の開発', 'A food material from kelp holdfasts'],
    summary: 'これまで廃棄されていた日高昆布の仮根を粉末化し、ミネラルと食物繊維に富む食品素材として商品化する。',
    fields: ['food', 'bio'],
    outcomes: [{ kind: 'patent_filed', summary: '特許出願（コンブ仮根から成る食品素材）' }],
  },
];

/** Reasons staff write for each move of the support track (history brought over says where it came from). */
export const REASONS = {
  pre_screening: '書類受理、コーディネーターによる事前審査へ',
  screening: '事前審査を通過、専門アドバイザーによる書面審査とヒアリングへ',
  accepted: '審査委員会にて採択',
  declined: '審査委員会にて不採択',
  team_formed: 'コーディネーターと専門アドバイザーによる支援チームを結成',
  prototyping: '試作・事業化検討に着手',
  commercializing: '試作評価を終え事業化段階へ',
  sales_planned: '販売計画を策定',
  on_sale: '販売を開始、売上実績あり',
  discontinued: '市場性の再評価により支援を中止',
  withdrawn: '提案者より取下げの申出',
  returned: '添付書類に不足があり差戻し',
  on_hold: '提案者の事情により一時保留',
};

/**
 * Proposals in the pipeline today (brought in on the day of seeding, through the ordinary path: their
 * emails are sent). `proposer` names a study group or the first generated company with that field in that
 * bureau; `stages` are the moves after "received"; `reviews` the quality (0..1) of each planned review
 * (null: assigned, not yet written); `team` true to form the support team once accepted.
 */
export const CURRENT_PROPOSALS = [
  {
    title: ['ドローン空撮による牧草地の生育診断サービス', 'A drone-based grassland growth diagnosis service'],
    summary: '十勝の酪農家向けに、ドローン空撮画像から牧草の生育と雑草の侵入を診断し、追肥と更新の時期を提案するサービスを事業化する。',
    proposer: { group: 'tokachi-agri' },
    fields: ['food', 'it'],
    participants: ['obihiro-agri'],
    stages: [],
  },
  {
    title: ['道産CLTを用いた中層木造建築の設計手法', 'Mid-rise timber buildings with Hokkaido CLT'],
    summary: '道産カラマツ・トドマツのCLT（直交集成板）を用い、寒冷地の断熱・耐雪基準を満たす中層木造建築の設計手法と部材を開発する。',
    proposer: { company: { field: 'housing', bureau: 'kamikawa' } },
    fields: ['housing', 'environment'],
    participants: ['forest-products'],
    stages: [],
  },
  {
    title: ['インバウンド向け食体験予約プラットフォーム', 'A booking platform for food experiences for overseas visitors'],
    summary: '後志の農家レストランや漁業体験を多言語で予約できる仕組みを作り、冬季以外の誘客と地元食材の販路拡大につなげる。',
    proposer: { company: { field: 'tourism', bureau: 'shiribeshi' } },
    fields: ['tourism', 'it'],
    participants: [],
    stages: [],
    fromEvent: 'just-held',
  },
  {
    title: ['ホタテ貝殻由来の抗菌コーティング材', 'An antibacterial coating from scallop shells'],
    summary: '焼成ホタテ貝殻カルシウムの抗菌性を生かし、食品工場の設備向けコーティング材を試作する。',
    proposer: { group: 'hakodate-marine' },
    fields: ['bio', 'environment'],
    participants: ['hakodate-fish'],
    stages: ['pre_screening'],
  },
  {
    title: ['寒冷地向けEV充電設備の融雪機能', 'Snow-melting for EV chargers in cold regions'],
    summary: '積雪でEV充電設備が使えなくなる問題に対し、充電待機電力を利用した融雪機能付きの充電設備を開発する。',
    proposer: { company: { field: 'energy', bureau: 'ishikari' } },
    fields: ['energy', 'manufacturing'],
    participants: [],
    stages: ['pre_screening'],
  },
  {
    title: ['規格外ジャガイモのでん粉を用いた生分解性容器', 'Biodegradable containers from the starch of non-standard potatoes'],
    summary: 'オホーツク地域で廃棄される規格外ジャガイモからでん粉を取り出し、食品トレー用の生分解性容器として製品化する。',
    proposer: { group: 'kitami' },
    fields: ['food', 'environment'],
    participants: ['kitami-it'],
    stages: ['pre_screening', 'screening'],
    reviews: [0.82, 0.76],
    walkthrough: true,
  },
  {
    title: ['AIによる流氷・海況予測と漁業者向け配信', 'AI forecasts of drift ice and sea conditions for fishers'],
    summary: '衛星画像と沿岸観測データから流氷と海況を予測し、漁業者のスマートフォンに出漁判断の情報を配信する。',
    proposer: { group: 'shiretoko' },
    fields: ['it', 'food'],
    participants: [],
    stages: ['pre_screening', 'screening'],
    reviews: [0.7, 0.58, 0.66],
  },
  {
    title: ['介護施設向け見守りセンサーの実証', 'Field trials of a monitoring sensor for care homes'],
    summary: 'ベッド下に置く非接触センサーで入所者の離床と呼吸の異常を知らせる見守り装置を、市内の介護施設で実証する。',
    proposer: { company: { field: 'medical', bureau: 'ishikari' } },
    fields: ['medical', 'it'],
    participants: ['asahikawa-med'],
    stages: ['pre_screening', 'screening'],
    reviews: [0.74, null],
  },
  {
    title: ['道産ワイン用ブドウの寒冷地栽培技術', 'Growing wine grapes in Hokkaido’s cold climate'],
    summary: '余市・仁木地域のワイン用ブドウについて、耐寒性品種の選定と越冬管理の技術を確立し、ワイナリーの原料確保を支援する。',
    proposer: { group: 'otaru' },
    fields: ['food', 'tourism'],
    participants: ['central-agri'],
    stages: ['pre_screening', 'screening'],
    reviews: [null, null],
  },
  {
    title: ['エゾシカ皮革を用いたクラフト製品', 'Craft goods from Ezo deer leather'],
    summary: '有害鳥獣として捕獲されるエゾシカの皮をなめし、観光土産向けのクラフト製品として商品化する。',
    proposer: { company: { field: 'tourism', bureau: 'kushiro' } },
    fields: ['tourism', 'manufacturing'],
    participants: [],
    stages: ['pre_screening', 'screening', 'accepted', 'team_formed'],
    reviews: [0.8, 0.72],
    team: true,
  },
  {
    title: ['木質バイオマスによる温室暖房の実証', 'Greenhouse heating on woody biomass'],
    summary: '空知の間伐材チップを燃料とするボイラーで冬季の温室を暖房し、重油からの転換効果を実証する。',
    proposer: { group: 'sorachi-energy' },
    fields: ['energy', 'food'],
    participants: ['forest-products'],
    stages: ['pre_screening', 'screening', 'accepted', 'team_formed', 'prototyping'],
    reviews: [0.78, 0.81],
    team: true,
  },
  {
    title: ['小型風力発電の着氷対策', 'Keeping small wind turbines free of ice'],
    summary: '宗谷地域の小型風力発電機で冬季に発生するブレードの着氷を、表面処理と運転制御で抑える技術を開発する。',
    proposer: { group: 'wakkanai' },
    fields: ['energy', 'manufacturing'],
    participants: [],
    stages: ['pre_screening', 'screening', 'accepted'],
    reviews: [0.75, 0.69],
  },
];

export const SUPPORT_REQUESTS = [
  '試作費の一部助成と専門アドバイザーによる技術指導',
  '大学・試験研究機関との共同研究の仲介',
  '販路開拓と商談会への出展支援',
  '知的財産（特許出願）の取得支援',
  '事業計画の策定と金融機関への紹介',
  '製品評価のためのモニター調査の支援',
];

/** Review comments by how good the reviewer found the proposal. */
export const REVIEW_COMMENTS = {
  high: [
    '道内資源を活用した独自性の高い提案であり、実施体制も整っている。早期の試作着手が望ましい。',
    '市場性が高く、地域の雇用と道内調達への波及が期待できる。知財の確保を並行して進めること。',
  ],
  mid: [
    '着眼点は良いが、販売計画の裏付けが弱い。想定顧客へのヒアリング結果を補足すること。',
    '技術的な実現性は概ね妥当。コスト見積りと量産体制について追加の説明を求める。',
  ],
  low: ['既存製品との差別化が不明確であり、現段階での採択は時期尚早と考える。', '実施体制と資金計画に課題が多く、計画の再検討が必要。'],
};
