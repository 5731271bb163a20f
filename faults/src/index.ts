export { runScenario, type Scenario, type ScenarioResult } from './scenario.js';
export { scenarios } from './scenarios/index.js';
export { formatTable } from './table.js';
