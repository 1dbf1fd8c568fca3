export { TrendChart, trendRows, VERDICT_COLORS } from './TrendChart';
