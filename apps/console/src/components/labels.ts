/** Labels of the shared pickers and downloads (LookupSelect, FileDownload), ja and en. */
import i18n from '../i18n';

const ja = {
  lookup: { type: '名前の一部を入力', clear: '選択を解除' },
  csv: { organizations: '組織を CSV でダウンロード', people: '人を CSV でダウンロード' },
};
const en = {
  lookup: { type: 'Type part of the name', clear: 'Clear' },
  csv: { organizations: 'Download organisations (CSV)', people: 'Download people (CSV)' },
};

i18n.addResourceBundle('ja', 'translation', ja, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);
