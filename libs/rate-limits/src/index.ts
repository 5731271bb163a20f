export { limitRoutes, perWindow, publicRoutesEnv, type RouteLimit } from './route-limits.js';
