/** One metric of an Embedded Metric Format record. */
export interface EmfMetric {
  readonly name: string;
  readonly unit: 'Count' | 'Milliseconds';
  readonly value: number;
}

/**
 * A CloudWatch Embedded Metric Format log line: CloudWatch Logs turns it into metrics, with no SDK call from the
 * function. The dimension values are top-level members, as the format requires.
 */
export function emfLine(namespace: string, dimensions: Record<string, string>, metrics: readonly EmfMetric[], timestamp: number): string {
  const record: Record<string, unknown> = {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{
        Namespace: namespace,
        Dimensions: [Object.keys(dimensions)],
        Metrics: metrics.map((m) => ({ Name: m.name, Unit: m.unit })),
      }],
    },
    ...dimensions,
  };
  for (const metric of metrics) {
    record[metric.name] = metric.value;
  }
  return JSON.stringify(record);
}
