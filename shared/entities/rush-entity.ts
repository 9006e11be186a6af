/**
 * Rush orders (R-RUSH-1..8). The application and its decision live on the order (`rush`);
 * each progress report and each closed 2-hour window is its own item under the order's
 * partition (`sk = RUSH#REPORT#…` / `RUSH#WINDOW#…`), written once and never changed, so the
 * order item stays small however long the loop runs.
 */
export interface RushInfo {
  urgency: 'high' | 'critical';
  requiredBy: string;
  reason: string;
  filedBy: string;
  filedAt: string;
  decision?: { decision: 'approve' | 'reject'; actor: string; role: string; at: string; reason?: string };
  taskGroup?: RushTaskGroup;
  /** When the progress loop started: windows are counted from here. */
  loopStartedAt?: string;
  /** Consecutive missed windows per role (R-RUSH-6: the second escalates). */
  missed?: { sales: number; production: number };
  satisfaction?: { score: number; comment?: string; at: string };
  review?: { wentWell: string; wentWrong: string; actions: string; actor: string; at: string };
}

/** R-RUSH-5: named leads; `lead` is who accepted the rush for the leadership. */
export interface RushTaskGroup {
  lead: string;
  sales: string;
  production: string;
  logistics: string;
}

export const REPORT_ROLES = ['sales', 'production'] as const;
export type ReportRole = (typeof REPORT_ROLES)[number];

export interface RushReport {
  reportId: string;
  orderId: string;
  role: ReportRole;
  actor: string;
  at: string;
  done: string;
  next: string;
  risk?: string;
  expectedDelivery?: string;
  overtime?: boolean;
}

export interface RushWindow {
  index: number;
  start: string;
  end: string;
  reports: { role: ReportRole; actor: string; at: string }[];
  missed: ReportRole[];
}

export const rushReportKey = (orderId: string, at: string, reportId: string) => ({
  pk: `ORDER#${orderId}`,
  sk: `RUSH#REPORT#${at}#${reportId}`,
});
export const rushWindowKey = (orderId: string, index: number) => ({
  pk: `ORDER#${orderId}`,
  sk: `RUSH#WINDOW#${String(index).padStart(5, '0')}`,
});
