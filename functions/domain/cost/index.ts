/** Cost intelligence: what the cost handlers, the CLI and the benchmark need, from one place. */
export { COST_RULES } from '../rules/cost';
export * from './analytics';
export * from './anomaly';
export * from './ce-planner';
export * from './cost-record';
export * from './dates';
export * from './instance-sizes';
export * from './metric-queries';
export * from './metric-summary';
export * from './savings';
