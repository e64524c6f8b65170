/** The login page. */
export default {
  en: {
    'login.title': 'Sign in',
    'login.intro': 'Service, value and churn risk of your shippers and consignees.',
    'login.email': 'Email',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.submitting': 'Signing in…',
    'login.wrong': 'The email or password is not right.',
    'login.locked': 'Too many failed sign-ins from your address. Wait a few minutes and try again.',
    'login.disabled': 'This account is disabled. Ask your administrator.',
    'login.required': 'Enter your email and password.',
  },
  zh: {
    'login.title': '登录',
    'login.intro': '发货方与收货方的服务水平、客户价值与流失风险。',
    'login.email': '邮箱',
    'login.password': '密码',
    'login.submit': '登录',
    'login.submitting': '正在登录…',
    'login.wrong': '邮箱或密码不正确。',
    'login.locked': '您所在地址的登录失败次数过多，请几分钟后再试。',
    'login.disabled': '该账号已停用，请联系管理员。',
    'login.required': '请输入邮箱和密码。',
  },
};
