/**
 * Stand-ins for Powertools Logger and Metrics with the surface shared/observability uses, lines
 * written with `console.log(JSON.stringify(…))` as the functions did before Powertools. Bundled
 * in place of the real packages by bench/powertools.ts to measure what Powertools costs.
 */
type Fields = Record<string, unknown>;

export class Logger {
  #fields: Fields = {};
  constructor(private readonly options: Fields = {}) {}
  createChild(): Logger {
    return new Logger(this.options);
  }
  addContext(context: { functionName: string; awsRequestId: string }): void {
    this.#fields = { ...this.#fields, function_name: context.functionName, request_id: context.awsRequestId };
  }
  appendKeys(keys: Fields): void {
    this.#fields = { ...this.#fields, ...keys };
  }
  setCorrelationId(id: unknown): void {
    this.#fields['correlation_id'] = id;
  }
  #write(level: string, message: string, extra: Fields = {}): void {
    console.log(JSON.stringify({ level, message, ...this.#fields, ...extra }));
  }
  debug(message: string, extra?: Fields): void {
    this.#write('DEBUG', message, extra);
  }
  info(message: string, extra?: Fields): void {
    this.#write('INFO', message, extra);
  }
  warn(message: string, extra?: Fields): void {
    this.#write('WARN', message, extra);
  }
  error(message: string, extra?: Fields): void {
    this.#write('ERROR', message, extra);
  }
}

export const MetricUnit = { Count: 'Count' } as const;

export class Metrics {
  #dimensions: Record<string, string> = {};
  constructor(private readonly options: { namespace?: string; serviceName?: string } = {}) {}
  singleMetric(): Metrics {
    return new Metrics(this.options);
  }
  addDimension(name: string, value: string): void {
    this.#dimensions[name] = value;
  }
  addMetric(name: string, unit: string, value: number): void {
    const dimensions = { service: this.options.serviceName ?? '', ...this.#dimensions };
    const metrics = [{ Namespace: this.options.namespace, Dimensions: [Object.keys(dimensions)] }];
    console.log(
      JSON.stringify({
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [{ ...metrics[0], Metrics: [{ Name: name, Unit: unit }] }],
        },
        ...dimensions,
        [name]: value,
      }),
    );
  }
}
