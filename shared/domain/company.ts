/**
 * The company the printed documents speak for (订单确认书, 送货单): its name in Chinese and
 * English and what goes in a document's header. Configured once — `ORDERDESK_COMPANY` (JSON)
 * locally, the CDK context value `company` on AWS — and published to the pages in `/config.json`.
 */
import * as z from 'zod';

export const companySchema = z.strictObject({
  nameZh: z.string().trim().min(1, 'Give the company’s Chinese name').max(100),
  nameEn: z.string().trim().max(200).optional(),
  address: z.string().trim().max(300).optional(),
  phone: z.string().trim().max(50).optional(),
  taxId: z.string().trim().max(30).optional(),
  bank: z.string().trim().max(100).optional(),
  account: z.string().trim().max(50).optional(),
});
export type Company = z.infer<typeof companySchema>;

/** What the demo system prints when no company is configured. */
export const DEMO_COMPANY: Company = {
  nameZh: '示例机电设备有限公司',
  nameEn: 'Example Machinery Co., Ltd.',
  address: '上海市浦东新区世纪大道 100 号',
  phone: '021-5888 0000',
  taxId: '91310115MA1K000000',
};

/** The company of a JSON setting (`name` names the setting in the error), or the default. */
export function parseCompany(json: string | undefined, name: string, fallback: Company): Company {
  if (json === undefined || json.trim() === '') return fallback;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(`${name} must be JSON: {"nameZh": "…", "nameEn": "…", "address": "…", "phone": "…"}`);
  }
  const parsed = companySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`)
      .join('; ');
    throw new Error(`${name} is not a company: ${issues}`);
  }
  return parsed.data;
}
