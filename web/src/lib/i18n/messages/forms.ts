/** The shared form pieces (web/src/lib/forms) and the company picker. */
export default {
  en: {
    'form.saving': 'Saving…',
    'picker.placeholder': 'Type a code or a name',
    'picker.none': 'No company matches.',
    'picker.searching': 'Searching…',
    'picker.clear': 'Clear',
    'picker.more': 'Keep typing to narrow the list.',
  },
  zh: {
    'form.saving': '保存中…',
    'picker.placeholder': '输入编号或名称',
    'picker.none': '没有匹配的公司。',
    'picker.searching': '搜索中…',
    'picker.clear': '清除',
    'picker.more': '继续输入以缩小范围。',
  },
};
