/** Word lists for the demo companies and people: Chinese with an English rendering. */

export const REGIONS = [
  { region: '华东', cities: [['上海', 'Shanghai'], ['苏州', 'Suzhou'], ['杭州', 'Hangzhou'], ['宁波', 'Ningbo'], ['南京', 'Nanjing'], ['无锡', 'Wuxi']] },
  { region: '华南', cities: [['广州', 'Guangzhou'], ['深圳', 'Shenzhen'], ['东莞', 'Dongguan'], ['佛山', 'Foshan'], ['厦门', 'Xiamen']] },
  { region: '华北', cities: [['北京', 'Beijing'], ['天津', 'Tianjin'], ['青岛', 'Qingdao'], ['济南', 'Jinan'], ['石家庄', 'Shijiazhuang']] },
  { region: '华中', cities: [['武汉', 'Wuhan'], ['长沙', 'Changsha'], ['郑州', 'Zhengzhou'], ['合肥', 'Hefei']] },
  { region: '西南', cities: [['成都', 'Chengdu'], ['重庆', 'Chongqing'], ['昆明', 'Kunming'], ['贵阳', 'Guiyang']] },
  { region: '东北', cities: [['沈阳', 'Shenyang'], ['大连', 'Dalian'], ['长春', 'Changchun']] },
  { region: '西北', cities: [['西安', "Xi'an"], ['兰州', 'Lanzhou']] },
] as const;

/** What shippers make, per industry. */
export const SHIPPER_WORDS: Record<string, readonly (readonly [string, string])[]> = {
  electronics: [['精密电子', 'Precision Electronics'], ['智能科技', 'Smart Technology'], ['光电', 'Optoelectronics'], ['半导体', 'Semiconductor']],
  fmcg: [['食品', 'Foods'], ['饮料', 'Beverages'], ['乳业', 'Dairy'], ['日化', 'Household Products']],
  pharma: [['医药', 'Pharmaceuticals'], ['生物制药', 'Biopharma'], ['医疗器械', 'Medical Devices']],
  automotive: [['汽车零部件', 'Auto Parts'], ['动力系统', 'Powertrain']],
  apparel: [['服饰', 'Apparel'], ['纺织', 'Textiles']],
  chemicals: [['化工', 'Chemicals'], ['新材料', 'New Materials']],
  home: [['家居', 'Home Furnishing'], ['家电', 'Home Appliances']],
};

export const SHIPPER_SUFFIXES = [['有限公司', 'Co., Ltd.'], ['集团', 'Group'], ['股份有限公司', 'Corp.']] as const;

/** Who receives, per industry of the goods. */
export const CONSIGNEE_WORDS: Record<string, readonly (readonly [string, string])[]> = {
  retail: [['优选超市', 'Select Supermarkets'], ['百货', 'Department Store'], ['便利店', 'Convenience Stores'], ['购物中心', 'Shopping Mall']],
  distribution: [['商贸', 'Trading'], ['分销', 'Distribution'], ['供应链', 'Supply Chain'], ['批发', 'Wholesale']],
  healthcare: [['人民医院', "People's Hospital"], ['大药房', 'Pharmacy Chain'], ['医药连锁', 'Medicine Stores']],
  manufacturing: [['装配厂', 'Assembly Plant'], ['制造', 'Manufacturing'], ['汽车4S店', 'Auto Dealership']],
  ecommerce: [['电商仓', 'E-commerce Warehouse'], ['前置仓', 'Forward Warehouse']],
};

export const BRAND_WORDS = [
  ['鑫达', 'Xinda'], ['华盛', 'Huasheng'], ['恒通', 'Hengtong'], ['永安', "Yong'an"], ['瑞丰', 'Ruifeng'], ['博远', 'Boyuan'],
  ['东升', 'Dongsheng'], ['金桥', 'Jinqiao'], ['新锐', 'Xinrui'], ['嘉禾', 'Jiahe'], ['天成', 'Tiancheng'], ['宏图', 'Hongtu'],
  ['百川', 'Baichuan'], ['明泰', 'Mingtai'], ['盛世', 'Shengshi'], ['联合', 'United'], ['汇丰', 'Huifeng'], ['远航', 'Yuanhang'],
  ['长青', 'Changqing'], ['佳美', 'Jiamei'], ['安康', 'Ankang'], ['和信', 'Hexin'], ['正大', 'Zhengda'], ['立新', 'Lixin'],
] as const;

export const SURNAMES = [
  ['王', 'Wang'], ['李', 'Li'], ['张', 'Zhang'], ['刘', 'Liu'], ['陈', 'Chen'], ['杨', 'Yang'], ['赵', 'Zhao'], ['黄', 'Huang'],
  ['周', 'Zhou'], ['吴', 'Wu'], ['徐', 'Xu'], ['孙', 'Sun'], ['马', 'Ma'], ['朱', 'Zhu'], ['胡', 'Hu'], ['郭', 'Guo'], ['林', 'Lin'], ['何', 'He'],
] as const;

export const GIVEN_NAMES = [
  ['伟', 'Wei'], ['芳', 'Fang'], ['娜', 'Na'], ['敏', 'Min'], ['静', 'Jing'], ['磊', 'Lei'], ['强', 'Qiang'], ['军', 'Jun'],
  ['洋', 'Yang'], ['艳', 'Yan'], ['勇', 'Yong'], ['杰', 'Jie'], ['涛', 'Tao'], ['明', 'Ming'], ['超', 'Chao'], ['秀英', 'Xiuying'],
  ['建华', 'Jianhua'], ['晓东', 'Xiaodong'], ['丽华', 'Lihua'], ['志强', 'Zhiqiang'],
] as const;

export const DEPARTMENT_NAMES: Record<string, string> = {
  procurement: '采购部 Procurement',
  warehouse: '仓储部 Warehouse',
  finance: '财务部 Finance',
  logistics: '物流部 Logistics',
  sales: '销售部 Sales',
  customer_service: '客服部 Customer Service',
};

export const TITLES: Record<string, readonly string[]> = {
  procurement: ['采购经理 Purchasing Manager', '采购专员 Buyer'],
  warehouse: ['仓库主管 Warehouse Supervisor', '收货组长 Receiving Lead'],
  finance: ['财务经理 Finance Manager', '应付会计 AP Accountant'],
  logistics: ['物流总监 Head of Logistics', '运输计划员 Transport Planner'],
  sales: ['销售总监 Sales Director', '大客户经理 Key Account Manager'],
  customer_service: ['客服主管 Service Lead', '客服专员 Service Agent'],
};

export const INTERACTION_SUMMARIES: Record<string, readonly string[]> = {
  call: ['例行电话回访，确认下月运力需求 Routine call: next month capacity', '电话沟通旺季排班 Peak-season scheduling call', '确认新线路报价 Quote for a new lane confirmed'],
  email: ['发送月度服务报告 Monthly service report sent', '回复对账差异 Billing reconciliation answered', '发送合同续签提案 Renewal proposal sent'],
  visit: ['现场拜访仓库，查看收货流程 Site visit: receiving process', '季度业务回顾 Quarterly business review on site'],
  meeting: ['年度合同谈判 Annual contract negotiation', '联合改进项目启动会 Joint improvement kick-off'],
  complaint: ['多票货物延迟送达 Several shipments arrived late', '送货时间窗口未遵守 Delivery window missed', '司机服务态度投诉 Complaint about driver conduct', '签收单据缺失 Proof of delivery missing'],
  claim: ['货物破损索赔 Claim for damaged goods', '短少件数索赔 Claim for missing pieces', '冷链温度异常索赔 Cold-chain temperature excursion claim'],
};
