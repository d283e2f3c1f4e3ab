"use client";
// A small chart as a figure: a caption that says what it shows and what it found (the text
// alternative screen readers and small screens get first), the chart itself (recharts), and the
// same numbers as a table on request. Bars or a line over labelled points; gaps where a point has
// no value.
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ChartPoint {
  label: string;
  value: number | null;
}

interface Props {
  title: string;
  /** One or two sentences: the finding, in words. */
  summary: string;
  points: ChartPoint[];
  unit: string;
  kind?: "bar" | "line";
  /** The value axis's upper end ("auto": the data's). */
  max?: number | "auto";
  color?: string;
  /** Every label is a category (phases, reasons): all are shown, slanted, none skipped. */
  categorical?: boolean;
  testId?: string;
}

const format = (value: number | null, unit: string) => (value === null ? "no data" : `${value}${unit === "%" ? "" : " "}${unit}`);

export function ChartFigure({ title, summary, points, unit, kind = "bar", max = "auto", color = "#4f46e5", categorical = false, testId }: Props) {
  const data = points.map((p) => ({ label: p.label, value: p.value }));
  const axis = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      {categorical ? (
        <XAxis dataKey="label" tick={{ fontSize: 9 }} interval={0} angle={-30} textAnchor="end" height={48} />
      ) : (
        <XAxis dataKey="label" tick={{ fontSize: 10 }} interval="preserveStartEnd" minTickGap={12} />
      )}
      <YAxis width={40} tick={{ fontSize: 10 }} domain={[0, max === "auto" ? "auto" : max]} allowDecimals={false} />
      <Tooltip formatter={(v) => format(typeof v === "number" ? v : null, unit)} />
    </>
  );
  return (
    <figure className="space-y-2 rounded-lg border border-slate-200 bg-white p-3" data-testid={testId}>
      <figcaption>
        <p className="text-sm font-semibold text-slate-800">{title}</p>
        <p className="text-xs text-slate-600">{summary}</p>
      </figcaption>
      <div className={`${categorical ? "h-48" : "h-40"} w-full`} aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          {kind === "line" ? (
            <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              {axis}
              <Line type="monotone" dataKey="value" stroke={color} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
            </LineChart>
          ) : (
            <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              {axis}
              <Bar dataKey="value" fill={color} isAnimationActive={false} />
            </BarChart>
          )}
        </ResponsiveContainer>
      </div>
      <details className="text-xs">
        <summary className="cursor-pointer text-indigo-700">Show as table</summary>
        <table className="mt-2 w-full text-left">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col" className="py-1 pr-2 font-semibold">When</th>
              <th scope="col" className="py-1 font-semibold">Value</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.label} className="border-t border-slate-100">
                <td className="py-1 pr-2">{p.label}</td>
                <td className="py-1 tabular-nums">{format(p.value, unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
