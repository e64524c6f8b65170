/**
 * The error texts a person reads, in English and Chinese, by code. A field's message names no field:
 * the portal shows it under the field's own label. `{name}` placeholders take the detail's params.
 * Codes: those of api/zod-details.ts for validation, and the services' own (pairs.self, users.client_company, …).
 */
import type { Language } from './language';

type Catalog = Record<string, string>;

const en: Catalog = {
  // summaries
  validation_failed: 'Some values are not valid: {fields}.',
  bad_request: 'The request cannot be carried out.',
  // one field
  required: 'Required.',
  expected_number: 'Enter a number.',
  expected_integer: 'Enter a whole number.',
  expected_text: 'Enter text.',
  expected_boolean: 'Choose yes or no.',
  expected_list: 'Choose one or more.',
  expected_object: 'Give the value in its full form.',
  expected_value: 'This value has the wrong type.',
  too_small_number: 'At least {minimum}.',
  too_small_number_exclusive: 'Above {minimum}.',
  too_big_number: 'At most {maximum}.',
  too_big_number_exclusive: 'Below {maximum}.',
  too_small_text: 'At least {minimum} characters.',
  too_big_text: 'At most {maximum} characters.',
  too_small_list: 'At least {minimum} entries.',
  too_big_list: 'At most {maximum} entries.',
  too_small_date: 'No earlier than {minimum}.',
  too_big_date: 'No later than {maximum}.',
  not_multiple_of: 'Use steps of {divisor}.',
  invalid_date: 'Enter a date.',
  invalid_datetime: 'Enter a date and time.',
  invalid_email: 'Enter an email address, e.g. name@example.com.',
  invalid_url: 'Enter a web address.',
  invalid_format: 'This value has the wrong form.',
  invalid_choice: 'Choose one of: {values}.',
  unknown_field: 'Not a field of this form: {keys}.',
  invalid_value: 'This value is not valid.',
  invalid_unicode: 'Contains a character that cannot be stored.',
  invalid_range: '“From” must not be after “to”.',
  in_future: 'Must not be in the future.',
  // the services' own
  'pairs.self': 'A company cannot be paired with itself.',
  'churn.not_scored': 'Unknown, not scored, or not yours to see.',
  'churn.other_manager': 'This company is managed by another account manager.',
  'churn.budget_one': 'Give either a number of accounts or an amount of money, not both and not neither.',
  'users.client_company': 'A client user needs a company.',
  'users.staff_company': 'Only client users belong to a company.',
  unknown_company: 'Unknown company.',
  not_shipper: 'The company is not a shipper.',
  not_consignee: 'The company is not a consignee.',
  'departments.weight_sum': 'The given department weights would sum to {total}; at most 1.',
  'kpis.range_too_long': 'The range may span at most {maximum} days.',
  'departments.weight_left': 'At most {left} is left to give.',
};

const zh: Catalog = {
  validation_failed: '以下字段的值无效：{fields}。',
  bad_request: '无法执行该请求。',
  required: '必填。',
  expected_number: '请输入数字。',
  expected_integer: '请输入整数。',
  expected_text: '请输入文本。',
  expected_boolean: '请选择是或否。',
  expected_list: '请选择一项或多项。',
  expected_object: '请按完整格式填写。',
  expected_value: '值的类型不正确。',
  too_small_number: '不能小于 {minimum}。',
  too_small_number_exclusive: '必须大于 {minimum}。',
  too_big_number: '不能大于 {maximum}。',
  too_big_number_exclusive: '必须小于 {maximum}。',
  too_small_text: '至少 {minimum} 个字符。',
  too_big_text: '最多 {maximum} 个字符。',
  too_small_list: '至少 {minimum} 项。',
  too_big_list: '最多 {maximum} 项。',
  too_small_date: '不能早于 {minimum}。',
  too_big_date: '不能晚于 {maximum}。',
  not_multiple_of: '请以 {divisor} 为步长。',
  invalid_date: '请输入日期。',
  invalid_datetime: '请输入日期和时间。',
  invalid_email: '请输入电子邮件地址，例如 name@example.com。',
  invalid_url: '请输入网址。',
  invalid_format: '格式不正确。',
  invalid_choice: '请从以下选项中选择：{values}。',
  unknown_field: '不是此表单的字段：{keys}。',
  invalid_value: '该值无效。',
  invalid_unicode: '包含无法保存的字符。',
  invalid_range: '“开始”不能晚于“结束”。',
  in_future: '不能是将来的日期。',
  'pairs.self': '公司不能与自身配对。',
  'churn.not_scored': '未知公司、尚未评分，或您无权查看。',
  'churn.other_manager': '该公司由另一位客户经理负责。',
  'churn.budget_one': '请给出客户数量或金额预算，两者必须且只能给一个。',
  'users.client_company': '客户用户需要选择所属公司。',
  'users.staff_company': '只有客户用户隶属于公司。',
  unknown_company: '公司不存在。',
  not_shipper: '该公司不是发货方。',
  not_consignee: '该公司不是收货方。',
  'departments.weight_sum': '已填写的部门权重之和将为 {total}，不能超过 1。',
  'kpis.range_too_long': '时间范围最多 {maximum} 天。',
  'departments.weight_left': '最多还能分配 {left}。',
  // English keeps the estimator's own advice (api/auth/password-strength.ts)
  weak_password: '密码太容易被猜到。几个不相关的词或一句较长的话，比一个单词加数字更安全。',
};

const CATALOGS: Record<Language, Catalog> = { en, zh };

/** The message for a code in a language, its {placeholders} filled from params; undefined for an unknown code. */
export function errorMessage(language: Language, code: string, params: Record<string, unknown> = {}): string | undefined {
  const text = CATALOGS[language][code] ?? en[code];
  if (text === undefined) return undefined;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return Array.isArray(value) ? value.join(language === 'zh' ? '、' : ', ') : String(value);
  });
}
