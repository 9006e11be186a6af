// Generated from shared/domain/order-schema.ts by `npm run contract` — do not edit by hand.
// The order form checks what POST /api/orders checks (R-INTAKE-2).
export const PAYMENT_METHODS = ["bank_transfer","alipay","wechat_pay","cash_on_delivery","monthly_settlement"];
export const TRANSPORT_METHODS = ["express","freight","company_delivery","self_pickup"];
export const PRIORITIES = ["normal","important","urgent"];
export const LANGUAGES = ["zh-CN","en"];
export const CHANNELS = ["web","email","phone","fax","api","quotation"];
export const ORDER_STATUSES = ["received","under_review","approved","rejected","in_production","shipped","delivered","completed","archived","cancelled","on_hold"];
export const ORDER_FIELD_LIMITS = {"name":100,"company":200,"email":254,"sku":64,"spec":200,"packaging":200,"address":500,"notes":2000};
export const MAX_ITEMS = 100;
export const MAX_QUANTITY = 1000000;
export const MAX_AMOUNT_CENTS = 100000000000;
export const PHONE_PATTERN = new RegExp("^\\+?[0-9][0-9 ()-]{5,22}[0-9]$");
// Quotations (shared/domain/quotation.ts, R-QUOTE-1): statuses, and which sales may edit or revise.
export const QUOTATION_STATUSES = ["draft","submitted","approved","rejected","sent","accepted","declined","expired","withdrawn"];
export const QUOTATION_EDITABLE = ["draft","rejected","withdrawn"];
export const QUOTATION_REVISABLE = ["sent","declined","expired"];
