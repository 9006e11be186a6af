/**
 * Every string the pages show, in Simplified Chinese (the default) and English, plus the
 * language switch. The choice is remembered in localStorage and sent with an order as
 * `language` so the customer's emails come back in the same language (R-INTAKE-3).
 *
 * Markup opts in with `data-i18n="key"` (text) and `data-i18n-attr="attr:key;attr:key"`;
 * dynamic text calls `t(key, params)` and re-renders on `onLangChange`.
 */

const STORAGE_KEY = 'orderdesk.lang';
export const LANGS = ['zh-CN', 'en'];

const zh = {
  'app.name': '订单台',
  'lang.toggle': 'English',
  'lang.toggleLabel': 'Switch to English（切换到英文）',
  'common.loading': '正在加载…',
  'common.retry': '重试',
  'common.refresh': '刷新',
  'common.optional': '（选填）',
  'common.required': '必填',
  'common.none': '—',
  'common.timeNote': '时间均为北京时间',
  'common.skipToMain': '跳到主要内容',

  'err.network': '网络连接失败，请检查网络后重试。',
  'err.timeout': '服务器响应超时，请稍后重试。',
  'err.validation': '提交的内容有误，请按提示修改。',
  'err.unauthorized': '登录已失效，请重新登录。',
  'err.forbidden': '您的角色无权执行此操作。',
  'err.notFound': '未找到所请求的内容。',
  'err.conflict': '该请求正在处理中，请稍后重试。',
  'err.tooLarge': '提交的内容过大，请减少订单行或缩短备注后再试。',
  'err.rateLimited': '请求过于频繁，请在 {seconds} 秒后（约 {time}）重试。',
  'err.rateLimitedNoTime': '请求过于频繁，请稍后重试。',
  'err.server': '服务器暂时出错，请稍后重试。',
  'err.unexpected': '出现意外错误（{status}），请稍后重试。',
  'err.inputKept': '您填写的内容已保留。',
  'err.idempotencyMismatch':
    '上一次提交可能已经成功，但内容与本次不同。请先查看是否已收到确认邮件；如未收到，再次点击“提交订单”将作为新订单提交。',
  'err.summaryTitle': '请更正以下问题：',
  'err.count': '有 {count} 处需要更正。',

  'form.title': '在线下单',
  'form.intro': '填写以下信息提交订单，我们会通过邮件发送确认和订单跟踪链接。带 * 的为必填项。',
  'form.staffBanner': '电话订单模式：以员工身份 {name} 代客户录入，订单渠道记为“电话”。',
  'form.staffBackToQueue': '返回工作队列',
  'form.staffLoginNeeded': '电话订单需要先登录员工账号。',
  'form.staffLogin': '员工登录',
  'form.customer': '客户信息',
  'form.name': '客户姓名',
  'form.company': '公司名称',
  'form.phone': '电话',
  'form.email': '电子邮箱',
  'form.contactHint': '电话和邮箱至少填写一项。',
  'form.items': '订购产品',
  'form.line': '第 {n} 行',
  'form.sku': '产品',
  'form.skuPlaceholder': '请选择产品',
  'form.skuLoading': '正在加载产品目录…',
  'form.catalogueFailed': '产品目录加载失败。',
  'form.quantity': '数量',
  'form.unitPrice': '单价（元）',
  'form.unitPriceHint': '已按价目表填入，可修改。',
  'form.priceOnRequest': '面议',
  'form.priceOnRequestHint': '该产品无价目表价格，请填写商定的单价。',
  'form.spec': '规格',
  'form.packaging': '包装',
  'form.lineTotal': '小计：{amount}',
  'form.productInfo': '单位：{unit} · 库存：{stock} · 价目价：{price}',
  'form.addLine': '＋ 添加一行',
  'form.removeLine': '删除第 {n} 行',
  'form.removeLineShort': '删除',
  'form.payment': '付款方式',
  'form.paymentPlaceholder': '请选择付款方式',
  'form.delivery': '交货信息',
  'form.address': '交货地址',
  'form.requestedDate': '要求交货日期',
  'form.transport': '运输方式',
  'form.transportPlaceholder': '不指定',
  'form.priority': '优先级',
  'form.notes': '备注',
  'form.total': '订单合计',
  'form.totalIncomplete': '（未计入尚未填写完整的行）',
  'form.submit': '提交订单',
  'form.submitting': '正在提交，请稍候…',

  'payment.bank_transfer': '银行转账',
  'payment.alipay': '支付宝',
  'payment.wechat_pay': '微信支付',
  'payment.cash_on_delivery': '货到付款',
  'payment.monthly_settlement': '月结',
  'transport.express': '快递',
  'transport.freight': '物流/货运',
  'transport.company_delivery': '送货上门',
  'transport.self_pickup': '自提',
  'priority.normal': '普通',
  'priority.important': '重要',
  'priority.urgent': '紧急',
  'channel.web': '网页',
  'channel.email': '邮件',
  'channel.phone': '电话',
  'channel.fax': '传真',
  'channel.api': 'API',

  'v.required': '请填写此项。',
  'v.nameRequired': '请填写客户姓名。',
  'v.contactRequired': '电话和邮箱至少填写一项。',
  'v.email': '邮箱格式不正确。',
  'v.phone': '电话号码格式不正确。',
  'v.itemsRequired': '请至少添加一个产品。',
  'v.skuRequired': '请选择产品。',
  'v.quantity': '数量须为正整数。',
  'v.price': '单价须为不小于 0 的金额，最多两位小数。',
  'v.paymentRequired': '请选择付款方式。',
  'v.addressRequired': '请填写交货地址。',
  'v.dateRequired': '请选择要求交货日期。',
  'v.datePast': '交货日期不能早于今天（{today}）。',
  'v.tooLong': '内容过长（最多 {max} 个字符）。',
  'v.unknownSku': '产品 {sku} 不在产品目录中，请重新选择。',
  'v.datePastGeneric': '要求交货日期已过，请选择今天或之后的日期。',
  'v.tooLarge': '数值过大。',

  'done.title': '订单已提交',
  'done.orderNumber': '订单号',
  'done.status': '当前状态：{status}',
  'done.emailSent': '确认邮件已发送至 {email}，邮件中附有订单跟踪链接。',
  'done.smsSent': '确认短信将发送至 {phone}，其中附有订单跟踪链接。',
  'done.emailSentGeneric': '确认邮件已发送，邮件中附有订单跟踪链接。',
  'done.track': '查看订单进度',
  'done.staffDetail': '打开订单详情',
  'done.again': '再下一单',

  'status.received': '已接收',
  'status.under_review': '审核中',
  'status.approved': '已批准',
  'status.rejected': '已拒绝',
  'status.in_production': '生产中',
  'status.shipped': '已发货',
  'status.delivered': '已送达',
  'status.completed': '已完成',
  'status.archived': '已归档',
  'status.cancelled': '已取消',
  'status.on_hold': '暂停处理',

  'track.title': '订单跟踪',
  'track.currentStatus': '当前状态',
  'track.progress': '处理进度',
  'track.stepDone': '已完成',
  'track.stepCurrent': '当前步骤',
  'track.stepTodo': '未开始',
  'track.offPath': '该订单目前处于“{status}”状态，如有疑问请联系我们。',
  'track.createdAt': '下单时间',
  'track.requestedDate': '要求交货日期',
  'track.priority': '优先级',
  'track.timeline': '状态记录',
  'track.items': '订购产品',
  'track.notFound': '跟踪链接不存在或已失效，请检查链接是否完整。',
  'track.noToken': '缺少跟踪编号。请使用确认邮件中的链接打开此页面。',
  'track.updatedAt': '更新于 {time}',

  'col.sku': '产品编号',
  'col.name': '名称',
  'col.spec': '规格',
  'col.unit': '单位',
  'col.packaging': '包装',
  'col.quantity': '数量',
  'col.unitPrice': '单价',
  'col.listPrice': '价目价',
  'col.lastPrice': '上次成交价',
  'col.lineAmount': '小计',
  'col.tier': '审批层级及原因',
  'col.time': '时间',
  'col.status': '状态',
  'col.actor': '操作人',
  'col.action': '操作',
  'col.change': '状态变化',
  'col.reason': '原因',
  'col.priority': '优先级',
  'col.order': '订单号',
  'col.customer': '客户',
  'col.amount': '金额',
  'col.approvalTier': '审批层级',
  'col.assignee': '负责人',
  'col.createdAt': '下单时间',

  'staff.title': '员工登录',
  'staff.email': '工作邮箱',
  'staff.password': '密码',
  'staff.login': '登录',
  'staff.loggingIn': '正在登录…',
  'staff.badLogin': '邮箱或密码不正确。',
  'staff.logout': '退出登录',
  'staff.signedInAs': '{name}（{roles}）',
  'staff.queue': '工作队列',
  'staff.queueIntro': '按优先级（紧急、重要、普通）排列，同级先到先处理。每 15 秒自动刷新。',
  'staff.phoneOrder': '＋ 电话订单',
  'staff.loadMore': '加载更多',
  'staff.emptyQueue': '队列中没有待处理的订单。',
  'staff.lastUpdated': '最后更新：{time}',
  'staff.unassigned': '未分配',
  'staff.backToQueue': '← 返回工作队列',
  'staff.sessionExpired': '登录已失效，请重新登录。',

  'role.sales': '销售',
  'role.ops': '运营',
  'role.sales_director': '销售总监',
  'role.gm': '总经理',
  'role.dept_manager': '部门经理',
  'role.production': '生产部',
  'role.logistics': '物流部',
  'role.finance': '财务部',
  'role.after_sales': '售后',
  'role.safety': '安全管理',

  'detail.title': '订单详情',
  'detail.missingId': '缺少订单编号。',
  'detail.notFound': '未找到该订单。',
  'detail.summary': '概要',
  'detail.channel': '渠道',
  'detail.status': '状态',
  'detail.priority': '优先级',
  'detail.language': '客户语言',
  'detail.createdAt': '创建时间',
  'detail.updatedAt': '更新时间',
  'detail.version': '版本',
  'detail.tracking': '跟踪链接',
  'detail.customer': '客户',
  'detail.items': '订单明细',
  'detail.total': '合计',
  'detail.payment': '付款方式',
  'detail.delivery': '交货',
  'detail.address': '地址',
  'detail.requestedDate': '要求交货日期',
  'detail.transport': '运输方式',
  'detail.notes': '备注',
  'detail.approval': '价格审批',
  'detail.approvalTier': '审批层级：{tier}',
  'detail.approvalChain': '审批顺序',
  'detail.history': '处理记录',
  'detail.noHistory': '暂无记录。',
  'detail.assign': '分配负责人',
  'detail.assignee': '负责人邮箱',
  'detail.assignMe': '分配给我',
  'detail.assignSubmit': '分配',
  'detail.assigning': '正在分配…',
  'detail.assigned': '已分配给 {email}。',
  'detail.conflict': '该订单已被他人修改，已为您重新加载最新内容，请确认后再操作。',
  'detail.currentAssignee': '当前负责人：{email}',

  'action.created': '创建订单',
  'action.assigned': '分配负责人',
  'action.status': '状态变更',
  'action.channel': '渠道：{channel}',
  'lang.zh-CN': '简体中文',
  'lang.en': '英文',
  'tier.ops': '运营审批',
  'tier.sales_director': '运营 → 销售总监',
  'tier.gm': '运营 → 销售总监 → 总经理',
  'reason.atOrAbove': '单价不低于价目价和上次成交价，仅需运营审批（R-PRICE-2）',
  'reason.noList': '该产品无价目价，需销售总监审批（R-PRICE-3）',
  'reason.belowList': '单价低于价目价（{price} < {list}），需总经理审批（R-PRICE-4）',
  'reason.belowLast': '单价低于上次成交价（{price} < {last}），需总经理审批（R-PRICE-4）',
};

const en = {
  'app.name': 'Order desk',
  'lang.toggle': '中文',
  'lang.toggleLabel': '切换到中文 (Switch to Chinese)',
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.refresh': 'Refresh',
  'common.optional': ' (optional)',
  'common.required': 'required',
  'common.none': '—',
  'common.timeNote': 'All times are Beijing time (UTC+8)',
  'common.skipToMain': 'Skip to main content',

  'err.network': 'Could not reach the server. Check your connection and try again.',
  'err.timeout': 'The server took too long to answer. Please try again shortly.',
  'err.validation': 'Some of the information is not valid. Please correct the marked fields.',
  'err.unauthorized': 'Your session has expired. Please sign in again.',
  'err.forbidden': 'Your role may not do this.',
  'err.notFound': 'Not found.',
  'err.conflict': 'This request is still being processed. Please retry in a few seconds.',
  'err.tooLarge': 'The submission is too large. Remove some lines or shorten the notes and try again.',
  'err.rateLimited': 'Too many requests. Please retry in {seconds} seconds (around {time}).',
  'err.rateLimitedNoTime': 'Too many requests. Please retry shortly.',
  'err.server': 'The server had a problem. Please try again shortly.',
  'err.unexpected': 'Unexpected error ({status}). Please try again shortly.',
  'err.inputKept': 'What you entered has been kept.',
  'err.idempotencyMismatch':
    'An earlier attempt may have gone through with different details. Check for a confirmation email first; if none arrives, press “Submit order” again to send this as a new order.',
  'err.summaryTitle': 'Please correct the following:',
  'err.count': '{count} field(s) need correcting.',

  'form.title': 'Place an order',
  'form.intro':
    'Fill in the form to place an order. We will email you a confirmation with a tracking link. Fields marked * are required.',
  'form.staffBanner':
    'Phone order mode: entering an order for a customer as {name}; the channel is recorded as “phone”.',
  'form.staffBackToQueue': 'Back to the work queue',
  'form.staffLoginNeeded': 'Phone orders need a staff sign-in first.',
  'form.staffLogin': 'Staff sign-in',
  'form.customer': 'Customer',
  'form.name': 'Customer name',
  'form.company': 'Company',
  'form.phone': 'Phone',
  'form.email': 'Email',
  'form.contactHint': 'Give at least a phone number or an email address.',
  'form.items': 'Products',
  'form.line': 'Line {n}',
  'form.sku': 'Product',
  'form.skuPlaceholder': 'Choose a product',
  'form.skuLoading': 'Loading the catalogue…',
  'form.catalogueFailed': 'Could not load the product catalogue.',
  'form.quantity': 'Quantity',
  'form.unitPrice': 'Unit price (CNY)',
  'form.unitPriceHint': 'Filled in from the price list; you may change it.',
  'form.priceOnRequest': 'price on request',
  'form.priceOnRequestHint': 'This product has no list price; enter the agreed unit price.',
  'form.spec': 'Specification',
  'form.packaging': 'Packaging',
  'form.lineTotal': 'Subtotal: {amount}',
  'form.productInfo': 'Unit: {unit} · In stock: {stock} · List price: {price}',
  'form.addLine': '+ Add a line',
  'form.removeLine': 'Remove line {n}',
  'form.removeLineShort': 'Remove',
  'form.payment': 'Payment method',
  'form.paymentPlaceholder': 'Choose a payment method',
  'form.delivery': 'Delivery',
  'form.address': 'Delivery address',
  'form.requestedDate': 'Requested delivery date',
  'form.transport': 'Transport method',
  'form.transportPlaceholder': 'No preference',
  'form.priority': 'Priority',
  'form.notes': 'Notes',
  'form.total': 'Order total',
  'form.totalIncomplete': '(lines not yet complete are not counted)',
  'form.submit': 'Submit order',
  'form.submitting': 'Submitting, please wait…',

  'payment.bank_transfer': 'Bank transfer',
  'payment.alipay': 'Alipay',
  'payment.wechat_pay': 'WeChat Pay',
  'payment.cash_on_delivery': 'Cash on delivery',
  'payment.monthly_settlement': 'Monthly settlement',
  'transport.express': 'Express courier',
  'transport.freight': 'Freight / logistics',
  'transport.company_delivery': 'Company delivery',
  'transport.self_pickup': 'Self pickup',
  'priority.normal': 'Normal',
  'priority.important': 'Important',
  'priority.urgent': 'Urgent',
  'channel.web': 'Web',
  'channel.email': 'Email',
  'channel.phone': 'Phone',
  'channel.fax': 'Fax',
  'channel.api': 'API',

  'v.required': 'Please fill this in.',
  'v.nameRequired': 'Please enter the customer name.',
  'v.contactRequired': 'Give at least a phone number or an email address.',
  'v.email': 'This email address is not valid.',
  'v.phone': 'This phone number is not valid.',
  'v.itemsRequired': 'Add at least one product.',
  'v.skuRequired': 'Choose a product.',
  'v.quantity': 'Quantity must be a whole number greater than 0.',
  'v.price': 'Unit price must be an amount of 0 or more, with at most 2 decimals.',
  'v.paymentRequired': 'Choose a payment method.',
  'v.addressRequired': 'Please enter the delivery address.',
  'v.dateRequired': 'Choose the requested delivery date.',
  'v.datePast': 'The delivery date cannot be before today ({today}).',
  'v.tooLong': 'Too long (at most {max} characters).',
  'v.unknownSku': 'Product {sku} is not in the catalogue; choose another.',
  'v.datePastGeneric': 'The requested delivery date has passed; choose today or later.',
  'v.tooLarge': 'This number is too large.',

  'done.title': 'Order received',
  'done.orderNumber': 'Order number',
  'done.status': 'Status: {status}',
  'done.emailSent': 'A confirmation email has been sent to {email}, with a link to track your order.',
  'done.smsSent': 'A confirmation text message will be sent to {phone}, with a link to track your order.',
  'done.emailSentGeneric': 'A confirmation email has been sent, with a link to track your order.',
  'done.track': 'Track this order',
  'done.staffDetail': 'Open the order',
  'done.again': 'Place another order',

  'status.received': 'Received',
  'status.under_review': 'Under review',
  'status.approved': 'Approved',
  'status.rejected': 'Rejected',
  'status.in_production': 'In production',
  'status.shipped': 'Shipped',
  'status.delivered': 'Delivered',
  'status.completed': 'Completed',
  'status.archived': 'Archived',
  'status.cancelled': 'Cancelled',
  'status.on_hold': 'On hold',

  'track.title': 'Order tracking',
  'track.currentStatus': 'Current status',
  'track.progress': 'Progress',
  'track.stepDone': 'done',
  'track.stepCurrent': 'current step',
  'track.stepTodo': 'not started',
  'track.offPath': 'This order is currently “{status}”. Please contact us if you have questions.',
  'track.createdAt': 'Ordered',
  'track.requestedDate': 'Requested delivery',
  'track.priority': 'Priority',
  'track.timeline': 'Status history',
  'track.items': 'Products',
  'track.notFound': 'This tracking link was not found or is invalid. Check that the link is complete.',
  'track.noToken': 'No tracking code. Open this page with the link from your confirmation email.',
  'track.updatedAt': 'Updated {time}',

  'col.sku': 'SKU',
  'col.name': 'Name',
  'col.spec': 'Spec',
  'col.unit': 'Unit',
  'col.packaging': 'Packaging',
  'col.quantity': 'Qty',
  'col.unitPrice': 'Unit price',
  'col.listPrice': 'List price',
  'col.lastPrice': 'Last price',
  'col.lineAmount': 'Amount',
  'col.tier': 'Approval tier and reason',
  'col.time': 'Time',
  'col.status': 'Status',
  'col.actor': 'By',
  'col.action': 'Action',
  'col.change': 'Status change',
  'col.reason': 'Reason',
  'col.priority': 'Priority',
  'col.order': 'Order',
  'col.customer': 'Customer',
  'col.amount': 'Amount',
  'col.approvalTier': 'Approval tier',
  'col.assignee': 'Assignee',
  'col.createdAt': 'Received',

  'staff.title': 'Staff sign-in',
  'staff.email': 'Work email',
  'staff.password': 'Password',
  'staff.login': 'Sign in',
  'staff.loggingIn': 'Signing in…',
  'staff.badLogin': 'Wrong email or password.',
  'staff.logout': 'Sign out',
  'staff.signedInAs': '{name} ({roles})',
  'staff.queue': 'Work queue',
  'staff.queueIntro':
    'Ordered by priority (urgent, important, normal), oldest first within each. Refreshes every 15 seconds.',
  'staff.phoneOrder': '+ Phone order',
  'staff.loadMore': 'Load more',
  'staff.emptyQueue': 'No orders are waiting.',
  'staff.lastUpdated': 'Last updated: {time}',
  'staff.unassigned': 'unassigned',
  'staff.backToQueue': '← Back to the work queue',
  'staff.sessionExpired': 'Your session has expired. Please sign in again.',

  'role.sales': 'Sales',
  'role.ops': 'Operations',
  'role.sales_director': 'Sales director',
  'role.gm': 'General manager',
  'role.dept_manager': 'Department manager',
  'role.production': 'Production',
  'role.logistics': 'Logistics',
  'role.finance': 'Finance',
  'role.after_sales': 'After-sales',
  'role.safety': 'Safety',

  'detail.title': 'Order details',
  'detail.missingId': 'No order id given.',
  'detail.notFound': 'This order was not found.',
  'detail.summary': 'Summary',
  'detail.channel': 'Channel',
  'detail.status': 'Status',
  'detail.priority': 'Priority',
  'detail.language': 'Customer language',
  'detail.createdAt': 'Created',
  'detail.updatedAt': 'Updated',
  'detail.version': 'Version',
  'detail.tracking': 'Tracking link',
  'detail.customer': 'Customer',
  'detail.items': 'Lines',
  'detail.total': 'Total',
  'detail.payment': 'Payment method',
  'detail.delivery': 'Delivery',
  'detail.address': 'Address',
  'detail.requestedDate': 'Requested date',
  'detail.transport': 'Transport',
  'detail.notes': 'Notes',
  'detail.approval': 'Price approval',
  'detail.approvalTier': 'Approval tier: {tier}',
  'detail.approvalChain': 'Approvers in order',
  'detail.history': 'History',
  'detail.noHistory': 'No entries yet.',
  'detail.assign': 'Assign a handler',
  'detail.assignee': 'Handler email',
  'detail.assignMe': 'Assign to me',
  'detail.assignSubmit': 'Assign',
  'detail.assigning': 'Assigning…',
  'detail.assigned': 'Assigned to {email}.',
  'detail.conflict': 'The order was changed by someone else and has been reloaded. Check it and try again.',
  'detail.currentAssignee': 'Current handler: {email}',

  'action.created': 'Order created',
  'action.assigned': 'Handler assigned',
  'action.status': 'Status changed',
  'action.channel': 'Channel: {channel}',
  'lang.zh-CN': 'Simplified Chinese',
  'lang.en': 'English',
  'tier.ops': 'Operations',
  'tier.sales_director': 'Operations → sales director',
  'tier.gm': 'Operations → sales director → general manager',
  'reason.atOrAbove': 'Price at or above list and last price: operations only (R-PRICE-2)',
  'reason.noList': 'No list price: sales director must approve (R-PRICE-3)',
  'reason.belowList': 'Below list price ({price} < {list}): general manager must approve (R-PRICE-4)',
  'reason.belowLast': 'Below last price ({price} < {last}): general manager must approve (R-PRICE-4)',
};

const DICTIONARIES = { 'zh-CN': zh, en };

function storedLang() {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LANGS.includes(value) ? value : null;
  } catch {
    return null; // storage blocked (private mode): fall back to the default
  }
}

let current = storedLang() ?? 'zh-CN';
const listeners = new Set();

/** The current language: 'zh-CN' or 'en'. */
export const getLang = () => current;

/** Translate `key` in the current language (or `lang`), filling `{name}` placeholders. */
export function t(key, params = {}, lang = current) {
  const text = DICTIONARIES[lang]?.[key] ?? zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Fill every `data-i18n` / `data-i18n-attr` element under `root`. */
export function applyTranslations(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
  document.documentElement.lang = current;
  // The switch is labelled in the other language; say so for screen readers.
  const toggle = document.getElementById('lang-toggle');
  if (toggle) toggle.lang = current === 'zh-CN' ? 'en' : 'zh-CN';
}

export function setLang(lang) {
  if (!LANGS.includes(lang) || lang === current) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, still switched
  }
  applyTranslations();
  for (const fn of listeners) fn(lang);
}

/** Run `fn` after every language switch, to redraw text built in code. */
export function onLangChange(fn) {
  listeners.add(fn);
}

/** Wire the page's switch button (`#lang-toggle`) and translate the static markup. */
export function initI18n() {
  const button = document.getElementById('lang-toggle');
  button?.addEventListener('click', () => setLang(current === 'zh-CN' ? 'en' : 'zh-CN'));
  applyTranslations();
}

/** The API's English validation messages (shared/domain/order-schema.ts) → dictionary keys. */
const SERVER_MESSAGES = {
  Required: 'v.required',
  'Not a phone number': 'v.phone',
  'Not an email address': 'v.email',
  'Give the handler’s email address': 'v.email',
  'Give a phone number or an email address': 'v.contactRequired',
  'The requested delivery date is in the past': 'v.datePastGeneric',
  'Must be a date YYYY-MM-DD': 'v.dateRequired',
  'Must be a number': 'v.quantity',
  'Must be a whole number': 'v.quantity',
  'Must be at least 1': 'v.quantity',
  'Must be a number (cents)': 'v.price',
  'Must be whole cents': 'v.price',
  'Must not be negative': 'v.price',
  'Too large': 'v.tooLarge',
  'At least one item': 'v.itemsRequired',
};

/** Show an API issue message in the page's language when it is one we know; else as sent. */
export function localizeServerMessage(message) {
  const text = String(message ?? '');
  if (SERVER_MESSAGES[text]) return t(SERVER_MESSAGES[text]);
  const sku = /^Unknown SKU (.+)$/.exec(text);
  if (sku) return t('v.unknownSku', { sku: sku[1] });
  const long = /^At most (\d+) characters$/.exec(text);
  if (long) return t('v.tooLong', { max: long[1] });
  return text;
}

/** Both dictionaries' keys, for a completeness check in tests. */
export const dictionaryKeys = () => ({ 'zh-CN': Object.keys(zh), en: Object.keys(en) });
