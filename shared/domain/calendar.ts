/** Dates in the company's time zone (Asia/Shanghai), for day keys and date checks. */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `YYYY-MM-DD` of an instant, in Asia/Shanghai. */
export const businessDay = (at: Date): string => dayFormat.format(at);
