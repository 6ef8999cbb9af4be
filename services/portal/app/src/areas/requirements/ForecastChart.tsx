import '@mantine/charts/styles.css';

import { LineChart } from '@mantine/charts';
import { Text } from '@mantine/core';

import { formatDate, hours } from '../../components/RequirementCard';
import { type ProgressPoint } from './requirement-detail';

const monthYear = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The chart's words: where the hours stand today against a steady pace (the chart itself is not read out). */
export function progressSummary(points: readonly ProgressPoint[], required: number, asOf: string): string {
  const today = [...points].reverse().find((point) => point.earned !== null);
  if (!today || today.earned === null) return `Nothing earned yet of ${hours(required)}.`;
  const date = today.date === asOf ? 'today' : formatDate(today.date);
  return `${hours(today.earned)} of ${hours(required)} earned by ${date}; a steady pace from the cycle start to the deadline would be at ${hours(today.pace)}.`;
}

/** Hours earned over the cycle against a steady pace to the deadline, with the required hours as a line. */
export function ForecastChart({
  points,
  required,
  asOf,
}: {
  points: readonly ProgressPoint[];
  required: number;
  asOf: string;
}) {
  const summary = progressSummary(points, required, asOf);
  const data = points.map((point) => ({
    month: monthYear.format(new Date(`${point.date}T00:00:00Z`)),
    Earned: point.earned,
    'Steady pace': point.pace,
  }));
  const most = Math.max(required, ...points.map((point) => point.earned ?? 0)) * 1.1;
  const tick = most >= 40 ? 10 : most >= 10 ? 5 : 1;
  return (
    <>
      <Text size="sm" data-testid="progress-summary">
        {summary}
      </Text>
      <div role="img" aria-label={`Chart: ${summary}`}>
        <LineChart
          h={220}
          data={data}
          dataKey="month"
          series={[
            { name: 'Earned', color: 'blue.8' },
            { name: 'Steady pace', color: 'gray.6', strokeDasharray: '5 5' },
          ]}
          referenceLines={[{ y: required, label: `Required: ${hours(required)}`, color: 'red.8' }]}
          yAxisProps={{ domain: [0, Math.ceil(most / tick) * tick] }}
          yAxisLabel="Hours"
          withLegend
          withDots={false}
          curveType="linear"
          // The summary above says it in words; the chart's own keyboard layer would only repeat the points.
          lineChartProps={{ accessibilityLayer: false }}
        />
      </div>
    </>
  );
}
